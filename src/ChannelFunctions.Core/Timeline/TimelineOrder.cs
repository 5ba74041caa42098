using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Timeline;

/// <summary>The one order in which timelines read events, whatever order they were delivered or stored in.</summary>
public static class TimelineOrder
{
    /// <summary>
    /// Orders events by <c>data.timestamp</c>, then (at the same moment) by lifecycle order
    /// (<see cref="Contract.ChannelPhaseRule.Rank"/>; unknown types last), then by document id; and drops repeated
    /// documents (the same CloudEvents identity), keeping one.
    /// </summary>
    public static IEnumerable<ChannelEvent> Normalize(IEnumerable<ChannelEvent> events) =>
        events
            .OrderBy(e => e.Timestamp)
            .ThenBy(e => e.Rule?.Phase.Rank ?? int.MaxValue)
            .ThenBy(e => e.DocumentId, StringComparer.Ordinal)
            .DistinctBy(e => e.DocumentId, StringComparer.Ordinal);
}
