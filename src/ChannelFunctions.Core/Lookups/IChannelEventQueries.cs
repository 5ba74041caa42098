using System.Text.Json;
using ChannelFunctions.Core.Documents;

namespace ChannelFunctions.Core.Lookups;

/// <summary>A conversation's events, read for its timeline.</summary>
/// <param name="Events">The events' promoted fields, by <c>data.timestamp</c>.</param>
/// <param name="Truncated">Whether there were more than <see cref="LookupOptions.MaxTimelineEvents"/>, and only the
/// earliest were read.</param>
public sealed record TimelineEvents(IReadOnlyList<StoredChannelEvent> Events, bool Truncated);

/// <summary>A channel's events: their promoted fields and the CloudEvents as stored.</summary>
/// <param name="ConversationId">The conversation the channel belongs to.</param>
/// <param name="Events">The events' promoted fields, by <c>data.timestamp</c>.</param>
/// <param name="CloudEvents">The earliest stored CloudEvents, in the same order, up to
/// <see cref="LookupOptions.MaxChannelEventBytes"/>.</param>
/// <param name="Truncated">Whether only the earliest <see cref="LookupOptions.MaxTimelineEvents"/> were read.</param>
/// <param name="EventsTruncated">Whether <paramref name="CloudEvents"/> stops short of the channel's events because
/// of the byte bound.</param>
public sealed record ChannelEvents(
    string ConversationId, IReadOnlyList<StoredChannelEvent> Events, IReadOnlyList<JsonElement> CloudEvents, bool Truncated,
    bool EventsTruncated = false);

/// <summary>One page of events.</summary>
/// <param name="Events">The stored CloudEvents, verbatim, by <c>data.timestamp</c> then document id.</param>
/// <param name="ContinuationToken">The opaque token for the next page; <c>null</c> on the last page.</param>
public sealed record EventPage(IReadOnlyList<JsonElement> Events, string? ContinuationToken);

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

/// <summary>The store refused a continuation that this service had signed (for example one it no longer reads).</summary>
public sealed class InvalidContinuationException(string message, Exception? inner = null) : Exception(message, inner);
