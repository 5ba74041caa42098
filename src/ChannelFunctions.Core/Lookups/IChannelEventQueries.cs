using ChannelFunctions.Core.Storage;

namespace ChannelFunctions.Core.Lookups;

/// <summary>
/// The lookups' reads of the channel event store. Implementations throw when the store is unavailable
/// (see <see cref="StoreOutage"/>) and <see cref="InvalidContinuationException"/> when the store refuses a
/// continuation.
/// </summary>
public interface IChannelEventQueries
{
    /// <summary>Every event of a conversation (up to the limit), for its timeline; empty when there is none.</summary>
    Task<TimelineEvents> ReadConversationAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>A channel's events; <c>null</c> when the channel has none.</summary>
    Task<ChannelEvents?> ReadChannelAsync(string channelId, CancellationToken cancellationToken);

    /// <summary>One page of a conversation's, interaction's or agent's events.</summary>
    Task<EventPage> ReadEventsAsync(EventQuery query, CancellationToken cancellationToken);
}
