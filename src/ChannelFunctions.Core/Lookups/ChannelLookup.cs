using ChannelFunctions.Core.Timeline;

namespace ChannelFunctions.Core.Lookups;

/// <summary>The answer to a channel lookup (<c>GET /api/channels/{channelId}</c>, <c>channelfunctions show channel</c>).</summary>
/// <param name="ConversationId">The conversation the channel belongs to.</param>
/// <param name="Channel">The channel's party, phases and ending; <c>null</c> when none of its events is of a known type.</param>
/// <param name="Events">The channel's stored CloudEvents, verbatim, by <c>data.timestamp</c>: the earliest ones, up to
/// <see cref="LookupOptions.MaxChannelEventBytes"/>.</param>
/// <param name="Truncated">Whether the channel had more events than were read.</param>
/// <param name="EventsTruncated">Whether <paramref name="Events"/> stops short of the channel's events (the byte bound);
/// the rest are in the pages at <paramref name="MoreEvents"/>.</param>
/// <param name="MoreEvents">When <paramref name="EventsTruncated"/>, the lookup that pages through every event of the
/// channel, from the first: <c>/api/conversations/{conversationId}/events?channelId={channelId}</c>.</param>
public sealed record ChannelLookup(
    string ConversationId, ChannelTimeline? Channel, IReadOnlyList<VerbatimJson> Events, bool Truncated, bool EventsTruncated, string? MoreEvents)
{
    /// <summary>The answer for a channel's events as read; one composition for the function and the CLI.</summary>
    public static ChannelLookup From(string channelId, ChannelEvents read) => new(
        read.ConversationId,
        ChannelTimeline.Build(read.Events),
        read.CloudEvents,
        read.Truncated,
        read.EventsTruncated,
        read.EventsTruncated
            ? LookupLinks.Build(LookupRoutes.ConversationEvents, read.ConversationId, KeyValuePair.Create(LookupParameters.ChannelId, channelId))
            : null);
}
