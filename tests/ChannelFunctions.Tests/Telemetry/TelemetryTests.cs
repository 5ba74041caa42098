using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Lookups;
using ChannelFunctions.Core.Storage;
using ChannelFunctions.Core.Telemetry;
using ChannelFunctions.Core.Validation;
using ChannelFunctions.Lookups;
using ChannelFunctions.Tests.Functions;
using ChannelFunctions.Tests.Lookups;
using ChannelFunctions.Tests.Timeline;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace ChannelFunctions.Tests.Telemetry;

[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests : IDisposable
{
    private readonly TelemetryCapture _capture = new();
    private readonly Mock<IChannelEventStore> _events = new(MockBehavior.Strict);
    private readonly Mock<IRejectedEventStore> _rejected = new();

    public TelemetryTests() =>
        _rejected.Setup(s => s.KeepAsync(It.IsAny<RejectedEvent>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);

    public void Dispose() => _capture.Dispose();

    private ChannelEventIngestor Ingestor() => new(
        new ChannelEventValidator(), _events.Object, _rejected.Object,
        [], Options.Create(new IngestOptions()), TimeProvider.System, NullLogger<ChannelEventIngestor>.Instance);

    private void StoreAnswers(string eventId, EventFate outcome) =>
        _events.Setup(s => s.AddAsync(It.Is<ChannelEvent>(e => e.EventId == eventId), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new AddResult(outcome, outcome is EventFate.Stored or EventFate.Duplicate ? null : "detail"));

    private async Task IngestMixedBatchAsync()
    {
        StoreAnswers("new", EventFate.Stored);
        StoreAnswers("new2", EventFate.Stored);
        StoreAnswers("again", EventFate.Duplicate);
        StoreAnswers("clash", EventFate.Conflicting);
        StoreAnswers("huge", EventFate.Refused);
        ReadOnlyMemory<byte>[] batch =
        [
            TestEvents.Valid(id: "new"), TestEvents.Valid("channel.held.v1", id: "new2"), TestEvents.Valid(id: "again"),
            TestEvents.Valid(id: "clash"), TestEvents.Valid(id: "huge"),
            TestEvents.With(e => TestEvents.Party(e)["role"] = "boss"),
            TestEvents.Valid("agent.presencechanged.v0", id: "presence"),
            "{"u8.ToArray(),
        ];
        await Ingestor().IngestAsync(batch, new Delivery("eventgrid", "invocation-7", batch.Length), CancellationToken.None);
    }

    [Fact]
    public async Task Ingest_counts_events_by_fate_and_type()
    {
        await IngestMixedBatchAsync();

        var events = _capture.Points(IngestTelemetry.EventsName)
            .Select(p => ($"{p.Tags["fate"]} {p.Tags["event.type"]}", p.Value)).Order().ToList();
        Assert.Equal(
            [
                ("conflicting channel.alerted.v0", 1), ("duplicate channel.alerted.v0", 1), ("invalid channel.alerted.v0", 1),
                ("invalid other", 1), ("refused channel.alerted.v0", 1), ("stored channel.alerted.v0", 1),
                ("stored channel.held.v1", 1), ("unsupported other", 1),
            ],
            events);
    }

    [Fact]
    public async Task Ingest_counts_rejected_events_by_a_bounded_reason_and_records_the_batch_size()
    {
        await IngestMixedBatchAsync();

        Assert.Equal(1, _capture.Sum(IngestTelemetry.RejectedName, ("fate", "invalid"), ("reason", "data.channel.party.role")));
        Assert.Equal(1, _capture.Sum(IngestTelemetry.RejectedName, ("fate", "unsupported"), ("reason", "type")));
        Assert.Equal(1, _capture.Sum(IngestTelemetry.RejectedName, ("fate", "conflicting"), ("reason", "conflicting")));
        Assert.Equal(5, _capture.Sum(IngestTelemetry.RejectedName));
        var batch = Assert.Single(_capture.Points(IngestTelemetry.BatchSizeName));
        Assert.Equal(("eventgrid", 8d, 1L), (batch.Tags["via"], batch.Value, batch.Count));
    }

    [Fact]
    public async Task Ingest_traces_a_delivery_in_one_span_with_no_span_per_event_and_no_payload()
    {
        await IngestMixedBatchAsync();

        var batch = Assert.Single(_capture.Activities);
        Assert.Equal("ingest batch", batch.OperationName);
        Assert.Equal("invocation-7", batch.GetTagItem("channelfunctions.delivery.id"));
        Assert.Equal(8, batch.GetTagItem("messaging.batch.message_count"));
        var values = batch.TagObjects.Select(t => t.Value?.ToString() ?? string.Empty).ToList();
        Assert.DoesNotContain(values, v => v.Contains('{', StringComparison.Ordinal) || v.Contains("\"timestamp\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lookups_are_counted_and_timed_by_endpoint_and_status()
    {
        var queries = new Mock<IChannelEventQueries>();
        var stored = ConversationTimelineTests.Stored(ConversationScript.InboundCallWithTransfer());
        queries.Setup(q => q.ReadConversationAsync("3e71f453-116a-3abc-7769-bc678ef6e080", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new TimelineEvents(stored, false));
        queries.Setup(q => q.ReadConversationAsync("00000000-0000-0000-0000-000000000001", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new TimelineEvents([], false));
        var function = new GetConversation(new LookupEndpoint(LookupTestSupport.Requests(), queries.Object, NullLogger<LookupEndpoint>.Instance));

        foreach (var id in new[] { "3e71f453-116a-3abc-7769-bc678ef6e080", "3e71f453-116a-3abc-7769-bc678ef6e080", "00000000-0000-0000-0000-000000000001", "not-a-guid" })
        {
            var request = HttpTestContext.Get($"/api/conversations/{id}");
            await (await function.RunAsync(request, id, CancellationToken.None)).ExecuteAsync(request);
        }

        Assert.Equal(2, _capture.Sum(LookupTelemetry.RequestsName, ("endpoint", GetConversation.Name), ("status", 200)));
        Assert.Equal(1, _capture.Sum(LookupTelemetry.RequestsName, ("endpoint", GetConversation.Name), ("status", 404)));
        Assert.Equal(1, _capture.Sum(LookupTelemetry.RequestsName, ("endpoint", GetConversation.Name), ("status", 400)));
        Assert.Equal(4, _capture.Points(LookupTelemetry.DurationName).Sum(p => p.Count));
    }
}
