using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Timeline;

namespace ChannelFunctions.Core.Lookups;

/// <summary>A conversation's events, read for its timeline.</summary>
/// <param name="Events">The events, by <c>data.timestamp</c>.</param>
/// <param name="Truncated">Whether there were more than <see cref="LookupOptions.MaxTimelineEvents"/>, and only the
/// earliest were read.</param>
public sealed record TimelineEvents(IReadOnlyList<ChannelEvent> Events, bool Truncated)
{
    /// <summary>
    /// The answer of a conversation lookup, for the function and the CLI alike: the events' timeline, saying whether
    /// they were truncated; <see langword="null"/> when there are none.
    /// </summary>
    public ConversationTimeline? ToConversationTimeline() =>
        ConversationTimeline.Build(Events) is { } timeline ? timeline with { Truncated = Truncated } : null;
}
