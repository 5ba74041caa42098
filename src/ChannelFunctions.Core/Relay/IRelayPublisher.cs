namespace ChannelFunctions.Core.Relay;

/// <summary>What became of a relayed event.</summary>
public enum RelayOutcome
{
    /// <summary>The Event Grid topic accepted it.</summary>
    Published,

    /// <summary>Handed straight to the ingest core (no topic configured) and stored, or already stored.</summary>
    Ingested,

    /// <summary>
    /// Refused for good (by the ingest core's validator, or by the topic as malformed) and kept in the rejected-event
    /// store with the reason. The relay still answers 200: VCC retrying a permanently bad event cannot help.
    /// </summary>
    KeptAsRejected,
}

/// <summary>Hands one verified CloudEvent on, unchanged, to where it is ingested.</summary>
public interface IRelayPublisher
{
    /// <summary>Publishes one CloudEvent, given as its raw JSON bytes.</summary>
    /// <param name="cloudEvent">The event exactly as VCC sent it.</param>
    /// <param name="deliveryId">The id of this delivery (the function invocation), kept with a rejected event.</param>
    /// <param name="cancellationToken">Cancelled when the relay's publish timeout passes or the caller goes away.</param>
    /// <exception cref="RelayUnavailableException">Where events go is unavailable or throttling: worth retrying later.</exception>
    Task<RelayOutcome> PublishAsync(ReadOnlyMemory<byte> cloudEvent, string? deliveryId, CancellationToken cancellationToken);
}

/// <summary>Where relayed events go is unavailable or throttling; the sender should retry later.</summary>
public sealed class RelayUnavailableException : Exception
{
    /// <summary>Creates the exception with the reason, a suggested wait and the failure behind it.</summary>
    public RelayUnavailableException(string message, TimeSpan retryAfter, Exception? innerException = null)
        : base(message, innerException) => RetryAfter = retryAfter;

    /// <summary>How long the sender should wait before retrying.</summary>
    public TimeSpan RetryAfter { get; }
}
