using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ChannelFunctions.Core.Telemetry;

/// <summary>
/// The app's own traces and metrics: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named
/// <see cref="Name"/>, which the host subscribes to (OpenTelemetry's <c>AddSource</c> and <c>AddMeter</c>). They carry
/// event ids, types, fates and counts, never payloads. Static, as the BCL's own sources are: there is one app per
/// process, and a listener that is not subscribed costs almost nothing.
/// </summary>
public static class ChannelFunctionsTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "ChannelFunctions";

    /// <summary>Where ingest and lookups start their spans.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name);

    /// <summary>Where ingest and lookups create their instruments.</summary>
    internal static Meter Meter { get; } = new(Name);
}
