using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Storage;

/// <summary>Keeps events that were not stored, so that nothing is lost and each can be replayed.</summary>
public interface IRejectedEventStore
{
    /// <summary>Keeps one event. Returns <c>false</c> when the same bytes were already kept with the same fate.</summary>
    Task<bool> KeepAsync(RejectedEvent rejected, CancellationToken cancellationToken);

    /// <summary>Lists kept events, optionally of one fate only, in no particular order.</summary>
    IAsyncEnumerable<KeptRejectedEvent> ListAsync(EventFate? fate, CancellationToken cancellationToken);
}
