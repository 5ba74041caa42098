using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Contract;
using Microsoft.Azure.Functions.Worker;

namespace ChannelFunctions.Ingest;

/// <summary>
/// Receives batches of VCC channel CloudEvents from an Event Grid subscription (CloudEvents 1.0 delivery schema)
/// and hands them to the ingest core. Binds each event's bytes rather than <c>CloudEvent</c>, so one malformed event
/// is refused and kept instead of failing the whole batch. Throws only when a store is down, so Event Grid redelivers.
/// </summary>
public sealed class IngestChannelEvents(ChannelEventIngestor ingestor)
{
    /// <summary>The function's name, as Event Grid subscriptions and the local webhook URL refer to it.</summary>
    public const string Name = nameof(IngestChannelEvents);

    /// <summary>Ingests one delivered batch.</summary>
    [Function(Name)]
    public async Task RunAsync(
        [EventGridTrigger(IsBatched = true)] BinaryData[] events,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var batch = Array.ConvertAll(events, data => data.ToMemory());
        await ingestor.IngestAsync(batch, new Delivery("eventgrid", context.InvocationId, batch.Length), cancellationToken)
            .ConfigureAwait(false);
    }
}
