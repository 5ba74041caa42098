using System.ComponentModel.DataAnnotations;

namespace ChannelFunctions.Core.Telemetry;

/// <summary>
/// How much of the app's telemetry is sent, bound from the <c>Telemetry</c> configuration section. In Azure the
/// infrastructure sets <c>Telemetry__TraceSamplingRatio</c> from the same <c>TRACE_SAMPLING_RATIO</c> value as the
/// Functions host's <c>OTEL_TRACES_SAMPLER_ARG</c>. The host decides for every invocation's trace and the worker
/// follows its decision; the worker's ratio decides only traces the worker starts itself (docs/telemetry.md).
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Telemetry";

    /// <summary>
    /// The fraction of traces kept, from 0 to 1, where the worker starts a trace without the host's trace context.
    /// 1 (everything) by default, as a local run wants; <c>azd up</c> sets 0.05. Logs and metrics are never sampled.
    /// </summary>
    [Range(0.0, 1.0)]
    public double TraceSamplingRatio { get; set; } = 1.0;
}
