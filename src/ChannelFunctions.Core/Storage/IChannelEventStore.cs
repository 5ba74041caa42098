using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Storage;

/// <summary>
/// Stores validated channel events, at most once per CloudEvents identity (<c>source</c> + <c>id</c>).
/// Throws only when the store is unavailable after its own retries, so the delivery can be retried; whatever one
/// event's content causes is that event's <see cref="EventFate.Refused"/>, with the reason.
/// </summary>
public interface IChannelEventStore
{
    /// <summary>Adds one event; never overwrites a stored one.</summary>
    Task<AddResult> AddAsync(ChannelEvent channelEvent, CancellationToken cancellationToken);
}
