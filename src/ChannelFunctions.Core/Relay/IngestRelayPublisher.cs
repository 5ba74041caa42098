using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Ingest;

namespace ChannelFunctions.Core.Relay;

/// <summary>
/// Hands relayed events straight to the ingest core instead of a topic: the relay's mode when no topic endpoint is
/// configured, so a local run needs no Event Grid. An event the validator refuses is kept as rejected, as ingest
/// always does, and counts as relayed.
/// </summary>
public sealed class IngestRelayPublisher(ChannelEventIngestor ingestor) : IRelayPublisher
{
    /// <inheritdoc />
    public async Task<EventFate?> PublishAsync(ReadOnlyMemory<byte> cloudEvent, string? deliveryId, CancellationToken cancellationToken)
    {
        IngestReport report;
        try
        {
            report = await ingestor.IngestAsync([cloudEvent], new Delivery("relay", deliveryId, 1), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A store is down (after the SDKs' retries): VCC should resend, and idempotent storage makes that safe.
            throw new RelayUnavailableException("a store of the ingest core is unavailable", RelayOptions.DefaultRetryAfter, ex);
        }

        return report.Outcomes[0].Fate;
    }
}
