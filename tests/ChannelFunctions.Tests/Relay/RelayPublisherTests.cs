using System.Text;
using Azure;
using Azure.Messaging.EventGrid;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Relay;
using ChannelFunctions.Core.Storage;
using ChannelFunctions.Core.Validation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace ChannelFunctions.Tests.Relay;

/// <summary>The two places the relay hands events to: an Event Grid topic (a loopback stand-in) and the ingest core.</summary>
public sealed class RelayPublisherTests
{
    private readonly Mock<IRejectedEventStore> _rejected = new();
    private readonly List<RejectedEvent> _kept = [];

    public RelayPublisherTests() =>
        _rejected.Setup(s => s.KeepAsync(It.IsAny<RejectedEvent>(), It.IsAny<CancellationToken>()))
            .Callback<RejectedEvent, CancellationToken>((r, _) => _kept.Add(r))
            .ReturnsAsync(true);

    private EventGridRelayPublisher Publisher(LoopbackTopic topic)
    {
        var options = EventGridRelayPublisher.ClientOptions();
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        var client = new EventGridPublisherClient(topic.Endpoint, new AzureKeyCredential("test-key"), options);
        return new EventGridRelayPublisher(client, new RelayRejections(_rejected.Object, new ChannelEventValidator(), TimeProvider.System));
    }

    private IngestRelayPublisher IngestPublisher(Mock<IChannelEventStore> events) => new(new ChannelEventIngestor(
        new ChannelEventValidator(), events.Object, _rejected.Object,
        [], Options.Create(new IngestOptions()), TimeProvider.System, NullLogger<ChannelEventIngestor>.Instance));

    [Fact]
    public async Task The_topic_receives_the_event_bytes_unchanged_in_a_one_event_batch()
    {
        await using var topic = new LoopbackTopic();
        // Extension attributes and odd formatting must survive: the SDK's CloudEvent type would rewrite them.
        var raw = TestEvents.With(e => { e["vccregion"] = "eu-west"; e["time"] = "2022-08-30T14:34:36.613432198Z"; });

        var outcome = await Publisher(topic).PublishAsync(raw, "invocation-1", CancellationToken.None);

        Assert.Null(outcome);
        var (body, contentType, headers, _) = Assert.Single(topic.Received);
        Assert.Equal([.. "["u8, .. raw, .. "]"u8], body);
        Assert.Equal(raw, Assert.Single(CloudEventJson.Split(body)).ToArray());
        Assert.StartsWith("application/cloudevents-batch+json", contentType, StringComparison.Ordinal);
        Assert.Equal("test-key", headers["aeg-sas-key"]);
    }

    [Fact]
    public async Task A_throttling_topic_is_retried_within_the_call()
    {
        await using var topic = new LoopbackTopic().Answer(429).Answer(503);

        var outcome = await Publisher(topic).PublishAsync(TestEvents.SpecExample, null, CancellationToken.None);

        Assert.Null(outcome);
        Assert.Equal(3, topic.Received.Count);
    }

    [Fact]
    public async Task A_topic_that_stays_unavailable_makes_the_relay_unavailable_with_its_retry_after()
    {
        await using var topic = new LoopbackTopic().Answer(503).Answer(503).Answer(503, "17");

        var failure = await Assert.ThrowsAsync<RelayUnavailableException>(() =>
            Publisher(topic).PublishAsync(TestEvents.SpecExample, null, CancellationToken.None));

        Assert.Equal("the Event Grid topic answered 503", failure.Message);
        Assert.Equal(TimeSpan.FromSeconds(17), failure.RetryAfter);
        Assert.Empty(_kept);
    }

    [Fact]
    public async Task An_event_the_topic_refuses_as_malformed_is_kept_as_rejected()
    {
        await using var topic = new LoopbackTopic().Answer(400);

        var outcome = await Publisher(topic).PublishAsync(TestEvents.SpecExample, "invocation-2", CancellationToken.None);

        Assert.Equal(EventFate.Refused, outcome);
        var kept = Assert.Single(_kept);
        Assert.Equal(EventFate.Refused, kept.Fate);
        Assert.StartsWith("the Event Grid topic refused the event: 400", Assert.Single(kept.Reasons), StringComparison.Ordinal);
        Assert.Equal(new Delivery("relay", "invocation-2", 1), kept.Delivery);
        Assert.Equal("2VejGqWZPqHXHVNcfUPUO8IASAp", kept.Identity.Id);
        Assert.Equal(TestEvents.SpecExample, kept.Raw.ToArray());
    }

    [Fact]
    public async Task Without_a_topic_events_go_straight_to_ingest_and_invalid_ones_are_kept()
    {
        var events = new Mock<IChannelEventStore>();
        events.Setup(s => s.AddAsync(It.IsAny<ChannelEvent>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new AddResult(EventFate.Stored));
        var publisher = IngestPublisher(events);

        Assert.Equal(EventFate.Stored, await publisher.PublishAsync(TestEvents.SpecExample, "i-1", CancellationToken.None));
        Assert.Equal(EventFate.Invalid, await publisher.PublishAsync(Encoding.UTF8.GetBytes("{\"id\":\"x\"}"), "i-2", CancellationToken.None));
        Assert.Equal("relay", Assert.Single(_kept).Delivery.Via);
    }

    [Fact]
    public async Task Without_a_topic_a_store_outage_makes_the_relay_unavailable()
    {
        var events = new Mock<IChannelEventStore>();
        events.Setup(s => s.AddAsync(It.IsAny<ChannelEvent>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new TimeoutException("Cosmos DB did not answer"));
        var publisher = IngestPublisher(events);

        var failure = await Assert.ThrowsAsync<RelayUnavailableException>(() =>
            publisher.PublishAsync(TestEvents.SpecExample, null, CancellationToken.None));

        Assert.IsType<TimeoutException>(failure.InnerException);
    }
}
