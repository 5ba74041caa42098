using System.Diagnostics;

namespace ChannelFunctions.Tests.Telemetry;

/// <summary>
/// The trace context the Functions host hands the worker with an invocation, sampled or not as the host decided,
/// made the current activity as the worker runtime's invocation activity makes it.
/// </summary>
internal static class HostTraceContext
{
    /// <summary>Starts an invocation's activity under a new trace of the host's; dispose it to end the invocation.</summary>
    public static Activity StartInvocation(bool hostSampled) => new Activity("invocation")
        .SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), hostSampled ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None)
        .Start();
}
