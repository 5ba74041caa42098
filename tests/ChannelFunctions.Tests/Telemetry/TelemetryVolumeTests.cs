using System.Globalization;
using ChannelFunctions.Tests.EventGrid;
using Xunit.Abstractions;

namespace ChannelFunctions.Tests.Telemetry;

/// <summary>
/// Issue 22's budget: at the default settings in Azure (5% of traces), at most 0.05 log records and 0.1 spans per
/// stored event for a day of Event Grid deliveries of 100 events (2% rejected) and the conversation summaries'
/// 0.2 to 0.3 queue invocations per stored event; every rejected event still findable by its id in the logs.
/// docs/telemetry.md, "What a day costs", gives the numbers this computes.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryVolumeTests(ITestOutputHelper output)
{
    /// <summary>The trace sampling ratio <c>azd up</c> sets (infra/main.bicep's <c>traceSamplingRatio</c>).</summary>
    private const double AzureSamplingRatio = 0.05;

    /// <summary>Summary invocations per stored event the docs' headline assumes (0.2 to 0.3 expected).</summary>
    private const double SummariesPerStoredEvent = 0.25;

    /// <summary>Deliveries per run: a multiple of 20, so the host samples exactly 5% of them.</summary>
    private const int Deliveries = 60;

    private static readonly string TelemetryDoc = File.ReadAllText(Path.Combine(BuildOutputTests.RepositoryRoot(), "docs", "telemetry.md"));

    [Fact]
    public async Task A_day_of_deliveries_stays_within_the_telemetry_budget_and_every_rejected_event_is_findable_by_id()
    {
        var worker = await WorkerTelemetryDay.MeasureAsync(Deliveries, AzureSamplingRatio);
        Report(worker, AzureSamplingRatio);

        foreach (var summaries in (double[])[0.2, SummariesPerStoredEvent, 0.3])
        {
            var day = new TelemetryDay(worker, AzureSamplingRatio, [TelemetryDay.EventGridIngest, TelemetryDay.Summaries(summaries)]);
            Assert.InRange(day.LogRecordsPerStoredEvent, 0, 0.05);
            Assert.InRange(day.SpansPerStoredEvent, 0, 0.1);
        }

        var warnings = worker.Items.Where(i => i.IsLog && i.Severity == "Warning").ToList();
        Assert.Equal(worker.RejectedIds.Count, warnings.Count);
        Assert.All(worker.RejectedIds, id => Assert.Contains(warnings, w => w.Property("EventId") == id && w.Property("Fate") == "invalid"));
        // The delivery's span, in the traces the host sampled and no other.
        Assert.Equal(worker.SampledTraces.Order(StringComparer.Ordinal), worker.Items.Where(i => i.IsSpan).Select(i => i.OperationId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_docs_give_the_numbers_of_a_day_at_the_default_settings()
    {
        var worker = await WorkerTelemetryDay.MeasureAsync(Deliveries, AzureSamplingRatio);
        var day = new TelemetryDay(worker, AzureSamplingRatio, [TelemetryDay.EventGridIngest, TelemetryDay.Summaries(SummariesPerStoredEvent)]);
        var relayed = new TelemetryDay(worker, AzureSamplingRatio, [TelemetryDay.Relay, TelemetryDay.EventGridIngest, TelemetryDay.Summaries(SummariesPerStoredEvent)]);

        Assert.Contains(Invariant($"\nlog records per stored event: {day.LogRecordsPerStoredEvent:F3}\n"), TelemetryDoc, StringComparison.Ordinal);
        Assert.Contains(Invariant($"\nspans per stored event: {day.SpansPerStoredEvent:F3}\n"), TelemetryDoc, StringComparison.Ordinal);
        Assert.Contains(Invariant($"| every event through the VCC webhook relay too | {relayed.LogRecordsPerStoredEvent:F3} | {relayed.SpansPerStoredEvent:F3} |"), TelemetryDoc, StringComparison.Ordinal);
    }

    /// <summary>The numbers of a run, for docs/telemetry.md (the test's output).</summary>
    private void Report(WorkerTelemetryDay worker, double ratio)
    {
        output.WriteLine(Invariant($"ratio {ratio}: the worker over {worker.StoredEvents} stored events: log records {worker.LogRecordsPerStoredEvent:F4}, spans {worker.SpansPerStoredEvent:F4}, bytes {worker.BytesPerStoredEvent:F1} (a span {worker.BytesPerSpan:F0} B)"));
        foreach (var (name, functions) in new (string, FunctionInvocations[])[]
        {
            ("Event Grid deliveries", [TelemetryDay.EventGridIngest]),
            ("+ summaries 0.2", [TelemetryDay.EventGridIngest, TelemetryDay.Summaries(0.2)]),
            ("+ summaries 0.25", [TelemetryDay.EventGridIngest, TelemetryDay.Summaries(SummariesPerStoredEvent)]),
            ("+ summaries 0.3", [TelemetryDay.EventGridIngest, TelemetryDay.Summaries(0.3)]),
            ("+ summaries 0.25 + relay", [TelemetryDay.Relay, TelemetryDay.EventGridIngest, TelemetryDay.Summaries(SummariesPerStoredEvent)]),
        })
        {
            var day = new TelemetryDay(worker, ratio, functions);
            output.WriteLine(Invariant($"  {name}: log records {day.LogRecordsPerStoredEvent:F4}, spans {day.SpansPerStoredEvent:F4}, bytes {day.BytesPerStoredEvent:F1}"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
