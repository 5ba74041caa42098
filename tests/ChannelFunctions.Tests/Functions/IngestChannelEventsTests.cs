using System.Text;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Storage;
using ChannelFunctions.Core.Validation;
using ChannelFunctions.EventGridTriggerStandIn;
using ChannelFunctions.Ingest;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace ChannelFunctions.Tests.Functions;

public sealed class IngestChannelEventsTests
{
    private readonly Mock<IChannelEventStore> _events = new();
    private readonly Mock<IRejectedEventStore> _rejected = new();
    private readonly List<ChannelEvent> _stored = [];
    private readonly List<RejectedEvent> _kept = [];

    public IngestChannelEventsTests()
    {
        var seen = new HashSet<string>();
        _events.Setup(s => s.AddAsync(It.IsAny<ChannelEvent>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((ChannelEvent e, CancellationToken _) =>
            {
                lock (seen)
                {
                    if (!seen.Add(e.Source + "|" + e.EventId))
                    {
                        return new AddResult(EventFate.Duplicate);
                    }

                    _stored.Add(e);
                    return new AddResult(EventFate.Stored);
                }
            });
        _rejected.Setup(s => s.KeepAsync(It.IsAny<RejectedEvent>(), It.IsAny<CancellationToken>()))
            .Callback<RejectedEvent, CancellationToken>((r, _) => { lock (_kept) { _kept.Add(r); } })
            .ReturnsAsync(true);
    }

    private IngestChannelEvents Function() => new(new ChannelEventIngestor(
        new ChannelEventValidator(), _events.Object, _rejected.Object,
        [], Options.Create(new IngestOptions()), TimeProvider.System, NullLogger<ChannelEventIngestor>.Instance));

    [Fact]
    public async Task Ingests_a_realistic_batch_as_the_host_delivers_it()
    {
        var context = new TestFunctionContext();
        var delivered = "[" + string.Join(",",
            Encoding.UTF8.GetString(TestEvents.Valid(id: "alerted")),
            Encoding.UTF8.GetString(TestEvents.Valid("channel.connected.v0", id: "connected")),
            Encoding.UTF8.GetString(TestEvents.Valid("agent.presencechanged.v1", id: "presence")),
            Encoding.UTF8.GetString(TestEvents.With(e => { e["id"] = "broken"; e.Remove("subject"); })),
            Encoding.UTF8.GetString(TestEvents.Valid(id: "alerted"))) + "]";

        await Function().RunAsync(
            [.. CloudEventJson.Split(Encoding.UTF8.GetBytes(delivered)).Select(e => new BinaryData(e))], context, CancellationToken.None);

        Assert.Equal(["alerted", "connected"], _stored.Select(e => e.EventId).Order());
        Assert.Equal(2, _kept.Count);
        var broken = _kept.Single(k => k.Identity.Id == "broken");
        Assert.Equal(EventFate.Invalid, broken.Fate);
        Assert.Equal(["subject: is required"], broken.Reasons);
        Assert.Equal("eventgrid", broken.Delivery.Via);
        Assert.Equal(context.InvocationId, broken.Delivery.DeliveryId);
        Assert.Equal(5, broken.Delivery.BatchSize);
        Assert.Equal(EventFate.Unsupported, _kept.Single(k => k.Identity.Id == "presence").Fate);
    }

    [Fact]
    public async Task A_store_outage_fails_the_invocation()
    {
        _events.Reset();
        _events.Setup(s => s.AddAsync(It.IsAny<ChannelEvent>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new TimeoutException("Cosmos DB did not answer"));

        await Assert.ThrowsAsync<TimeoutException>(() =>
            Function().RunAsync([new BinaryData(TestEvents.SpecExample)], new TestFunctionContext(), CancellationToken.None));
    }
}
