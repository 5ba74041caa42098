using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Storage;
using ChannelFunctions.Core.Validation;
using Microsoft.Extensions.Options;
using Moq;

namespace ChannelFunctions.Tests.Telemetry;

/// <summary>
/// A day-like run of the worker's ingest as Azure runs it: Event Grid deliveries of 100 events, 2 of each invalid,
/// through the app's own telemetry registration with the Azure Monitor exporter (<see cref="AzureMonitorCapture"/>). Each delivery runs under the trace context the
/// Functions host hands the worker, sampled as the host decides: every <c>1 / ratio</c>-th invocation, the host's
/// share. The stores are seams (every valid event is stored). What is measured is what the app's code sends;
/// the host's and the worker runtime's own records per invocation are computed (<see cref="TelemetryDay"/>).
/// </summary>
internal sealed class WorkerTelemetryDay
{
    /// <summary>Events per Event Grid delivery (the subscription's batch size).</summary>
    public const int EventsPerDelivery = 100;

    /// <summary>Invalid events per delivery: 2%.</summary>
    public const int RejectedPerDelivery = 2;

    private WorkerTelemetryDay(int deliveries, IReadOnlyList<IngestedItem> items, IReadOnlyList<string> rejectedIds, IReadOnlyList<string> sampledTraces)
    {
        Deliveries = deliveries;
        Items = items;
        RejectedIds = rejectedIds;
        SampledTraces = sampledTraces;
    }

    /// <summary>How many deliveries were ingested.</summary>
    public int Deliveries { get; }

    /// <summary>How many events were stored.</summary>
    public int StoredEvents => Deliveries * (EventsPerDelivery - RejectedPerDelivery);

    /// <summary>What Application Insights received.</summary>
    public IReadOnlyList<IngestedItem> Items { get; }

    /// <summary>The ids of the invalid events.</summary>
    public IReadOnlyList<string> RejectedIds { get; }

    /// <summary>The trace ids of the invocations the host sampled.</summary>
    public IReadOnlyList<string> SampledTraces { get; }

    /// <summary>Log records received per stored event.</summary>
    public double LogRecordsPerStoredEvent => (double)Items.Count(i => i.IsLog) / StoredEvents;

    /// <summary>Spans received per stored event.</summary>
    public double SpansPerStoredEvent => (double)Items.Count(i => i.IsSpan) / StoredEvents;

    /// <summary>Bytes of log records and spans received per stored event.</summary>
    public double BytesPerStoredEvent => (double)Items.Where(i => i.IsLog || i.IsSpan).Sum(i => i.Bytes) / StoredEvents;

    /// <summary>The mean size of one span as Application Insights receives it.</summary>
    public double BytesPerSpan => Items.Where(i => i.IsSpan).Select(i => (double)i.Bytes).DefaultIfEmpty(double.NaN).Average();

    /// <summary>Ingests <paramref name="deliveries"/> deliveries with the worker's sampling ratio (and the host's) at <paramref name="ratio"/>.</summary>
    public static async Task<WorkerTelemetryDay> MeasureAsync(int deliveries, double ratio)
    {
        await using var capture = await AzureMonitorCapture.StartAsync(ratio);
        var events = new Mock<IChannelEventStore>();
        events.Setup(s => s.AddAsync(It.IsAny<ChannelEvent>(), It.IsAny<CancellationToken>())).ReturnsAsync(new AddResult(EventFate.Stored));
        var rejected = new Mock<IRejectedEventStore>();
        rejected.Setup(s => s.KeepAsync(It.IsAny<RejectedEvent>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        var ingestor = new ChannelEventIngestor(
            new ChannelEventValidator(), events.Object, rejected.Object, [], Options.Create(new IngestOptions()), TimeProvider.System,
            capture.Logger<ChannelEventIngestor>());

        var rejectedIds = new List<string>();
        var sampledTraces = new List<string>();
        var hostKeepsEvery = (int)Math.Round(1 / ratio);
        for (var delivery = 0; delivery < deliveries; delivery++)
        {
            var (batch, invalid) = Delivery();
            rejectedIds.AddRange(invalid);
            var sampled = delivery % hostKeepsEvery == 0;
            // The worker runtime's invocation, a child of the host's trace context as the host passes it on.
            using var invocation = HostTraceContext.StartInvocation(sampled);
            if (sampled)
            {
                sampledTraces.Add(invocation.TraceId.ToHexString());
            }

            await ingestor.IngestAsync(batch, new Delivery("eventgrid", Guid.NewGuid().ToString(), batch.Length), CancellationToken.None);
            // Sent after each delivery: a burst faster than any real day would overflow the exporter's queues (2,048
            // items), which drop what is to be counted.
            capture.Flush();
        }

        return new WorkerTelemetryDay(deliveries, capture.Ingestion.Items, rejectedIds, sampledTraces);
    }

    /// <summary>One delivery of one conversation: GUID ids as VCC sends them, two events with a party role the contract does not know.</summary>
    private static (ReadOnlyMemory<byte>[] Batch, string[] Invalid) Delivery()
    {
        var conversationId = Guid.NewGuid().ToString();
        var batch = new ReadOnlyMemory<byte>[EventsPerDelivery];
        var invalid = new List<string>();
        for (var index = 0; index < batch.Length; index++)
        {
            var id = Guid.NewGuid().ToString();
            var broken = index % (EventsPerDelivery / RejectedPerDelivery) == EventsPerDelivery / RejectedPerDelivery - 1;
            batch[index] = TestEvents.With(e =>
            {
                e["id"] = id;
                TestEvents.Channel(e)["conversationId"] = conversationId;
                if (broken)
                {
                    TestEvents.Party(e)["role"] = "boss";
                }
            });
            if (broken)
            {
                invalid.Add(id);
            }
        }

        return (batch, [.. invalid]);
    }
}
