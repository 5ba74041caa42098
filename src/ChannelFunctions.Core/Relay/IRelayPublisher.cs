using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Relay;

/// <summary>Hands one verified CloudEvent on, unchanged, to where it is ingested.</summary>
public interface IRelayPublisher
{
    /// <summary>Publishes one CloudEvent, given as its raw JSON bytes.</summary>
    /// <param name="cloudEvent">The event exactly as VCC sent it.</param>
    /// <param name="deliveryId">The id of this delivery (the function invocation), kept with a rejected event.</param>
    /// <param name="cancellationToken">Cancelled when the relay's publish timeout passes or the caller goes away.</param>
    /// <returns>
    /// The event's fate when the relay decided it: what the ingest core made of it (no topic configured), or
    /// <see cref="EventFate.Refused"/> when the topic refused it for good and it was kept. <c>null</c> when the Event
    /// Grid topic accepted it, and ingest decides its fate later. Either way the relay answers 200: VCC retrying a
    /// permanently bad event cannot help.
    /// </returns>
    /// <exception cref="RelayUnavailableException">Where events go is unavailable or throttling: worth retrying later.</exception>
    Task<EventFate?> PublishAsync(ReadOnlyMemory<byte> cloudEvent, string? deliveryId, CancellationToken cancellationToken);
}
