using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Lookups;

/// <summary>A channel's events: the events themselves and the CloudEvents as stored.</summary>
/// <param name="ConversationId">The conversation the channel belongs to.</param>
/// <param name="Events">The events, by <c>data.timestamp</c>.</param>
/// <param name="CloudEvents">The earliest stored CloudEvents, in the same order, up to
/// <see cref="LookupOptions.MaxChannelEventBytes"/>.</param>
/// <param name="Truncated">Whether only the earliest <see cref="LookupOptions.MaxTimelineEvents"/> were read.</param>
/// <param name="EventsTruncated">Whether <paramref name="CloudEvents"/> stops short of the channel's events because
/// of the byte bound.</param>
public sealed record ChannelEvents(
    string ConversationId, IReadOnlyList<ChannelEvent> Events, IReadOnlyList<VerbatimJson> CloudEvents, bool Truncated,
    bool EventsTruncated = false);
