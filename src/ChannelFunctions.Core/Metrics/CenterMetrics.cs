namespace ChannelFunctions.Core.Metrics;

/// <summary>
/// The centre's figures over a window: the conversations whose <see cref="ConversationMetrics.Start"/> falls in
/// <c>[from, to)</c>, read from conversation figures, never events; optionally by interval.
/// </summary>
/// <param name="From">The window's start, included.</param>
/// <param name="To">The window's end, excluded.</param>
/// <param name="Inbound">The inbound conversations' figures.</param>
/// <param name="Outbound">The outbound conversations' figures.</param>
/// <param name="Intervals">When asked for: intervals from <c>from</c> covering the window, none left out (the last
/// one may be shorter), each with the conversations that started in it; <c>null</c> when not asked for.</param>
public sealed record CenterMetrics(
    DateTimeOffset From,
    DateTimeOffset To,
    InboundMetrics Inbound,
    OutboundMetrics Outbound,
    IReadOnlyList<IntervalMetrics>? Intervals)
{
    /// <summary>
    /// Aggregates the centre's figures over <c>[from, to)</c>, by <paramref name="interval"/> when given, from the
    /// figures of conversations (any superset of those that matter).
    /// </summary>
    public static CenterMetrics For(
        DateTimeOffset from, DateTimeOffset to, TimeSpan? interval, IEnumerable<ConversationMetrics> conversations, MetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, to);
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "An interval must be longer than zero.");
        }

        var threshold = options.ServiceLevelSeconds * 1000.0;
        var window = conversations.Where(c => c.Start >= from && c.Start < to).ToList();
        IReadOnlyList<IntervalMetrics>? intervals = null;
        if (interval is { Ticks: var step })
        {
            var byInterval = window.ToLookup(c => (c.Start - from).Ticks / step);
            var count = ((to - from).Ticks + step - 1) / step;
            intervals = [.. Enumerable.Range(0, checked((int)count)).Select(index => new IntervalMetrics(
                from.AddTicks(index * step),
                InboundMetrics.Of(byInterval[index], threshold),
                OutboundMetrics.Of(byInterval[index])))];
        }

        return new CenterMetrics(from, to, InboundMetrics.Of(window, threshold), OutboundMetrics.Of(window), intervals);
    }
}
