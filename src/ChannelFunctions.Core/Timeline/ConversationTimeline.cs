using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Timeline;

/// <summary>
/// What happened in a conversation, computed from its stored events: its interactions, each channel's lifecycle,
/// and the events of types this app does not know (listed, not used for phases). Tolerant of real delivery: any
/// order, duplicates, missing events, v0 and v1 mixed.
/// </summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="FirstTimestamp">The earliest <c>data.timestamp</c> of its events.</param>
/// <param name="LastTimestamp">The latest <c>data.timestamp</c> of its events.</param>
/// <param name="EventCount">How many distinct events it has, of any type.</param>
/// <param name="Interactions">Its interactions, by first event.</param>
/// <param name="Channels">Its channels, by first event.</param>
/// <param name="UnknownEvents">Its events of types this app does not know, in timeline order.</param>
public sealed record ConversationTimeline(
    string ConversationId,
    DateTimeOffset FirstTimestamp,
    DateTimeOffset LastTimestamp,
    int EventCount,
    IReadOnlyList<InteractionSummary> Interactions,
    IReadOnlyList<ChannelTimeline> Channels,
    IReadOnlyList<EventReference> UnknownEvents)
{
    /// <summary>Whether the conversation had more events than were read, so the timeline covers only the earliest.</summary>
    public bool Truncated { get; init; }

    /// <summary>Computes the timeline; <c>null</c> when there are no events.</summary>
    public static ConversationTimeline? Build(IEnumerable<ChannelEvent> events)
    {
        var ordered = TimelineOrder.Normalize(events).ToList();
        if (ordered.Count == 0)
        {
            return null;
        }

        var channels = ordered
            .Where(e => e.Rule is not null)
            .GroupBy(e => e.ChannelId, StringComparer.Ordinal)
            .Select(channel => ChannelTimeline.FromOrdered(channel)!)
            .ToList();
        var interactions = channels
            .GroupBy(c => c.InteractionId, StringComparer.Ordinal)
            .Select(group => new InteractionSummary(
                group.Key,
                [.. group.Select(c => c.ChannelId)],
                group.Min(c => c.FirstTimestamp),
                group.Max(c => c.LastTimestamp),
                group.Sum(c => c.EventCount)))
            .ToList();
        var unknown = ordered
            .Where(e => e.Rule is null)
            .Select(e => new EventReference(e.EventId, e.Type, e.ChannelId, e.Timestamp))
            .ToList();
        return new ConversationTimeline(
            ordered[0].ConversationId, ordered[0].Timestamp, ordered[^1].Timestamp, ordered.Count, interactions, channels, unknown);
    }
}
