using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ChannelFunctions.Core.Telemetry;

/// <summary>The lookups' metrics: requests and their duration, by endpoint (the function's name) and HTTP status.</summary>
public static class LookupTelemetry
{
    /// <summary>Counter: lookup requests answered, tagged <c>endpoint</c> and <c>status</c>.</summary>
    public const string RequestsName = "channelfunctions.lookup.requests";

    /// <summary>Histogram: seconds to answer a lookup request, tagged <c>endpoint</c> and <c>status</c>.</summary>
    public const string DurationName = "channelfunctions.lookup.duration";

    private static readonly Counter<long> Requests = ChannelFunctionsTelemetry.Meter.CreateCounter<long>(
        RequestsName, "{request}", "Lookup requests answered, by endpoint and status.");

    private static readonly Histogram<double> Duration = ChannelFunctionsTelemetry.Meter.CreateHistogram<double>(
        DurationName, "s", "Time to answer a lookup request, by endpoint and status.");

    /// <summary>Records one answered lookup request.</summary>
    public static void Answered(string endpoint, int status, TimeSpan duration)
    {
        var tags = new TagList { { "endpoint", endpoint }, { "status", status } };
        Requests.Add(1, tags);
        Duration.Record(duration.TotalSeconds, tags);
        Activity.Current?.SetTag("channelfunctions.lookup.endpoint", endpoint);
    }
}
