using System.Diagnostics;
using ChannelFunctions.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace ChannelFunctions.Tests.Telemetry;

/// <summary>
/// The worker's sampler: it follows the sampled flag of the trace context the host hands it, decides alone at
/// <c>Telemetry__TraceSamplingRatio</c> where there is none, and replaces the Azure Monitor exporter's own sampler;
/// log records are never dropped with the traces they belong to.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TraceSamplingTests
{
    private static Dictionary<string, string?> Ratio(double ratio) =>
        new() { [$"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.TraceSamplingRatio)}"] = ratio.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    /// <summary>Starts and stops a span of the app's source as a child of the host's trace context, sampled or not.</summary>
    private static ActivityTraceId SpanUnderHost(bool hostSampled)
    {
        using var invocation = HostTraceContext.StartInvocation(hostSampled);
        using var span = ChannelFunctionsTelemetry.ActivitySource.StartActivity("ingest batch");
        return invocation.TraceId;
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void The_worker_follows_the_sampled_flag_of_the_hosts_trace_context_whatever_its_own_ratio(double ratio)
    {
        using var capture = new TelemetryCapture(Ratio(ratio));

        var sampled = SpanUnderHost(hostSampled: true);
        var dropped = SpanUnderHost(hostSampled: false);

        Assert.Contains(capture.Activities, a => a.TraceId == sampled);
        Assert.DoesNotContain(capture.Activities, a => a.TraceId == dropped);
    }

    [Theory]
    [InlineData(0.0, 0, 0)]
    [InlineData(0.5, 400, 600)]
    [InlineData(1.0, 1000, 1000)]
    public void Without_the_hosts_trace_context_the_worker_decides_alone_at_its_ratio(double ratio, int least, int most)
    {
        using var capture = new TelemetryCapture(Ratio(ratio));

        for (var i = 0; i < 1000; i++)
        {
            using var span = ChannelFunctionsTelemetry.ActivitySource.StartActivity("ingest batch");
        }

        Assert.InRange(capture.Activities.Count, least, most);
    }

    [Fact]
    public async Task In_Azure_the_app_sampler_replaces_the_exporters_and_every_log_record_is_sent()
    {
        // The exporter's own sampler is set to keep everything, and the worker's ratio to keep nothing of its own.
        await using var capture = await AzureMonitorCapture.StartAsync(ratio: 0);
        var logger = capture.Logger<TraceSamplingTests>();

        var traces = new Dictionary<bool, ActivityTraceId>();
        foreach (var hostSampled in (bool[])[true, false])
        {
            using var invocation = HostTraceContext.StartInvocation(hostSampled);
            using (ChannelFunctionsTelemetry.ActivitySource.StartActivity("ingest batch"))
            {
                logger.LogWarning("Kept invalid event {EventId}", hostSampled ? "in-a-sampled-trace" : "in-a-dropped-trace");
            }

            traces[hostSampled] = invocation.TraceId;
        }

        capture.Flush();

        var items = capture.Ingestion.Items;
        var spans = items.Where(i => i.IsSpan).ToList();
        Assert.Equal(traces[true].ToHexString(), Assert.Single(spans).OperationId);
        Assert.Equal(
            ["in-a-dropped-trace", "in-a-sampled-trace"],
            items.Where(i => i.IsLog && i.Severity == "Warning").Select(i => i.Property("EventId")).Order(StringComparer.Ordinal));
    }
}
