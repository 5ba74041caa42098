using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Storage;
using ChannelFunctions.Core.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace ChannelFunctions.Tests.Ingest;

public sealed class ChannelEventIngestorTests
{
    private static readonly Delivery Delivery = new("eventgrid", "invocation-1", 0);
    private readonly Mock<IChannelEventStore> _events = new(MockBehavior.Strict);
    private readonly Mock<IRejectedEventStore> _rejected = new(MockBehavior.Strict);
    private readonly List<RejectedEvent> _kept = [];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger<ChannelEventIngestor> _logger = new();

    public ChannelEventIngestorTests()
    {
        _rejected.Setup(s => s.KeepAsync(It.IsAny<RejectedEvent>(), It.IsAny<CancellationToken>()))
            .Callback<RejectedEvent, CancellationToken>((r, _) => { lock (_kept) { _kept.Add(r); } })
            .ReturnsAsync(true);
    }

    private ChannelEventIngestor Ingestor(int maxConcurrency = 16, params IDerivedView[] views) => new(
        new ChannelEventValidator(),
        _events.Object,
        _rejected.Object,
        views,
        Options.Create(new IngestOptions { MaxConcurrency = maxConcurrency }),
        _time,
        _logger);

    private void StoreAnswers(string eventId, AddResult result) =>
        _events.Setup(s => s.AddAsync(It.Is<ChannelEvent>(e => e.EventId == eventId), It.IsAny<CancellationToken>()))
            .ReturnsAsync(result);

    [Fact]
    public async Task Derived_views_get_the_stored_and_duplicate_events_of_a_delivery_once_it_is_stored()
    {
        StoreAnswers("new", new AddResult(EventFate.Stored));
        StoreAnswers("again", new AddResult(EventFate.Duplicate));
        StoreAnswers("clash", new AddResult(EventFate.Conflicting, "stored first"));
        var view = new Mock<IDerivedView>(MockBehavior.Strict);
        AcceptedEvents? seen = null;
        view.Setup(v => v.ApplyAsync(It.IsAny<AcceptedEvents>(), It.IsAny<CancellationToken>()))
            .Callback<AcceptedEvents, CancellationToken>((events, _) => seen = events)
            .Returns(Task.CompletedTask);
        ReadOnlyMemory<byte>[] batch =
        [
            TestEvents.Valid(id: "new"), TestEvents.With(e => TestEvents.Party(e)["role"] = "boss"), TestEvents.Valid(id: "again"),
            TestEvents.Valid(id: "clash"),
        ];

        await Ingestor(views: view.Object).IngestAsync(batch, Delivery with { BatchSize = batch.Length }, CancellationToken.None);

        view.Verify(v => v.ApplyAsync(It.IsAny<AcceptedEvents>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal(["new", "again"], seen!.Channel.Select(e => e.EventId));
    }

    [Fact]
    public async Task Derived_views_are_not_called_when_no_event_was_accepted_and_their_outage_fails_the_delivery()
    {
        var view = new Mock<IDerivedView>(MockBehavior.Strict);
        await Ingestor(views: view.Object).IngestAsync(["{"u8.ToArray()], Delivery with { BatchSize = 1 }, CancellationToken.None);
        view.VerifyNoOtherCalls();

        StoreAnswers("new", new AddResult(EventFate.Stored));
        view.Setup(v => v.ApplyAsync(It.IsAny<AcceptedEvents>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("the queue is down"));
        await Assert.ThrowsAsync<HttpRequestException>(() =>
            Ingestor(views: view.Object).IngestAsync([TestEvents.Valid(id: "new")], Delivery with { BatchSize = 1 }, CancellationToken.None));
    }

    [Fact]
    public async Task A_mixed_batch_gives_each_event_its_own_fate()
    {
        StoreAnswers("new", new AddResult(EventFate.Stored));
        StoreAnswers("again", new AddResult(EventFate.Duplicate));
        StoreAnswers("clash", new AddResult(EventFate.Conflicting, "stored first"));
        StoreAnswers("huge", new AddResult(EventFate.Refused, "too large"));
        var invalid = TestEvents.With(e => TestEvents.Party(e)["role"] = "boss");
        var unsupported = TestEvents.Valid("agent.presencechanged.v0", id: "presence");
        ReadOnlyMemory<byte>[] batch =
        [
            TestEvents.Valid(id: "new"), invalid, unsupported, TestEvents.Valid(id: "again"),
            TestEvents.Valid(id: "clash"), TestEvents.Valid(id: "huge"), "{"u8.ToArray(),
        ];

        var report = await Ingestor().IngestAsync(batch, Delivery with { BatchSize = batch.Length }, CancellationToken.None);

        Assert.Equal(
            [EventFate.Stored, EventFate.Invalid, EventFate.Unsupported, EventFate.Duplicate, EventFate.Conflicting, EventFate.Refused, EventFate.Invalid],
            report.Outcomes.Select(o => o.Fate));
        Assert.Equal(["data.channel.party.role: must be one of external, agent, monitor, voicemail"], report.Outcomes[1].Reasons);
        Assert.Equal(5, _kept.Count);
        var keptInvalid = _kept.Single(k => k.Index == 1);
        Assert.Equal(EventFate.Invalid, keptInvalid.Fate);
        Assert.Equal(invalid, keptInvalid.Raw.ToArray());
        Assert.Equal(_time.GetUtcNow(), keptInvalid.ReceivedAt);
        Assert.Equal("invocation-1", keptInvalid.Delivery.DeliveryId);
        Assert.Equal(7, keptInvalid.Delivery.BatchSize);
        Assert.Equal(EventFate.Unsupported, _kept.Single(k => k.Index == 2).Fate);
        Assert.Equal(["stored first"], _kept.Single(k => k.Index == 4).Reasons);
        Assert.Equal(EventFate.Conflicting, _kept.Single(k => k.Index == 4).Fate);
        Assert.Equal(EventFate.Refused, _kept.Single(k => k.Index == 5).Fate);
        Assert.Equal(EventFate.Invalid, _kept.Single(k => k.Index == 6).Fate);
    }

    [Fact]
    public async Task Logs_rejected_events_as_warnings_with_ids_and_reasons_accepted_ones_at_debug_and_a_batch_summary_without_payloads()
    {
        StoreAnswers("new", new AddResult(EventFate.Stored));
        StoreAnswers("again", new AddResult(EventFate.Duplicate));
        StoreAnswers("clash", new AddResult(EventFate.Conflicting, "stored first"));
        ReadOnlyMemory<byte>[] batch =
        [
            TestEvents.Valid(id: "new"), TestEvents.With(e => e["id"] = 7), TestEvents.Valid(id: "again"), TestEvents.Valid(id: "clash"),
            TestEvents.With(e => { e["id"] = "bad-role"; TestEvents.Party(e)["role"] = "boss"; }),
        ];

        await Ingestor().IngestAsync(batch, Delivery, CancellationToken.None);

        var records = _logger.Collector.GetSnapshot();
        Assert.Equal(
            [
                (LogLevel.Debug, "Duplicate event again of type channel.alerted.v0 in conversation 3e71f453-116a-3abc-7769-bc678ef6e080 was already stored; nothing changed"),
                (LogLevel.Debug, "Stored event new of type channel.alerted.v0 in conversation 3e71f453-116a-3abc-7769-bc678ef6e080"),
            ],
            records.Where(r => r.Level < LogLevel.Information).Select(r => (r.Level, r.Message)).Order());
        var warnings = records.Where(r => r.Level == LogLevel.Warning).ToList();
        Assert.Equal(3, warnings.Count);
        Assert.Contains(warnings, r => r.Message.Contains("id: must be a string, was a number", StringComparison.Ordinal));
        Assert.Contains(warnings, r => r.Message.StartsWith("Kept conflicting event clash of type channel.alerted.v0", StringComparison.Ordinal) && r.Message.Contains("stored first", StringComparison.Ordinal));
        Assert.Contains(warnings, r => r.Message.StartsWith("Kept invalid event bad-role of type channel.alerted.v0", StringComparison.Ordinal)
            && r.Message.Contains("data.channel.party.role: must be one of", StringComparison.Ordinal));
        var summary = Assert.Single(records, r => r.Level == LogLevel.Information);
        Assert.Equal("Ingested 5 events via eventgrid (delivery invocation-1): 1 stored, 1 duplicate, 2 invalid, 0 unsupported, 1 conflicting, 0 refused", summary.Message);
        Assert.DoesNotContain(records, r => r.Message.Contains("ef71f453-556a-3abc-7769-bc678ef6e090", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_store_outage_fails_the_delivery_so_it_is_redelivered()
    {
        _events.Setup(s => s.AddAsync(It.IsAny<ChannelEvent>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("connection refused"));

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            Ingestor().IngestAsync([TestEvents.Valid(id: "a")], Delivery, CancellationToken.None));
    }

    [Fact]
    public async Task A_rejected_store_outage_fails_the_delivery_too()
    {
        _rejected.Reset();
        _rejected.Setup(s => s.KeepAsync(It.IsAny<RejectedEvent>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("blob down"));

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Ingestor().IngestAsync(["{}"u8.ToArray()], Delivery, CancellationToken.None));
    }

    [Fact]
    public async Task Writes_a_batch_concurrently_within_the_bound()
    {
        const int Bound = 4;
        var inFlight = 0;
        var maxInFlight = 0;
        var fullHouse = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _events.Setup(s => s.AddAsync(It.IsAny<ChannelEvent>(), It.IsAny<CancellationToken>()))
            .Returns(async () =>
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref maxInFlight, now);
                if (now == Bound)
                {
                    fullHouse.TrySetResult();
                }

                // The first writes wait until the bound is reached: this only finishes if writes overlap.
                await fullHouse.Task.WaitAsync(TimeSpan.FromSeconds(30));
                Interlocked.Decrement(ref inFlight);
                return new AddResult(EventFate.Stored);
            });
        var batch = Enumerable.Range(0, 20).Select(i => (ReadOnlyMemory<byte>)TestEvents.Valid(id: $"e{i}")).ToArray();

        var report = await Ingestor(Bound).IngestAsync(batch, Delivery, CancellationToken.None);

        Assert.Equal(20, report.Count(EventFate.Stored));
        Assert.Equal(Bound, maxInFlight);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
