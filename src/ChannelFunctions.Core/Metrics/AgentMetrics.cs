using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Metrics;

/// <summary>
/// One agent's figures over a window: the agent's channels (role <c>agent</c>; monitoring is not handling) whose
/// <c>alerted</c> falls in <c>[from, to)</c>, read from conversation figures (<see cref="ConversationMetrics"/>), never
/// events. Durations are milliseconds; a sum is <c>null</c> while one of its channels' figures is, a mean is over the
/// channels whose figures are decided. (Presence totals and occupancy will join these.)
/// </summary>
/// <param name="AgentId">The agent.</param>
/// <param name="From">The window's start, included.</param>
/// <param name="To">The window's end, excluded.</param>
/// <param name="Offered">The agent's channels in inbound conversations.</param>
/// <param name="Handled">Of those, the ones that connected.</param>
/// <param name="Missed">Of those, the ones that ended or failed without connecting.</param>
/// <param name="Outbound">The agent's channels in outbound conversations.</param>
/// <param name="TalkMs">The agent's channels' talk.</param>
/// <param name="HoldMs">The external (the customer's) hold inside the agent's channels' connected time.</param>
/// <param name="WrapMs">The agent's channels' wrap.</param>
/// <param name="AhtMs">Average handle time: <c>talk + hold + wrap</c> of the agent's ended channels that had talk,
/// divided by their count.</param>
public sealed record AgentMetrics(
    string AgentId,
    DateTimeOffset From,
    DateTimeOffset To,
    int Offered,
    int Handled,
    int Missed,
    int Outbound,
    double? TalkMs,
    double? HoldMs,
    double? WrapMs,
    double? AhtMs)
{
    /// <summary>Aggregates an agent's figures over <c>[from, to)</c> from the figures of conversations (any superset of those that matter).</summary>
    public static AgentMetrics For(string agentId, DateTimeOffset from, DateTimeOffset to, IEnumerable<ConversationMetrics> conversations)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, to);
        var channels = conversations
            .SelectMany(conversation => conversation.Channels
                .Where(c => c.Role == PartyRoles.Agent && c.AgentId == agentId && c.Alerted >= from && c.Alerted < to)
                .Select(c => (conversation.Direction, Channel: c)))
            .ToList();
        var offered = channels.Where(c => c.Direction == ConversationDirection.Inbound).Select(c => c.Channel).ToList();
        return new AgentMetrics(
            agentId,
            from,
            to,
            offered.Count,
            offered.Count(c => c.Connected),
            offered.Count(c => !c.Connected && (c.Ended || c.ConnectionFailed)),
            channels.Count(c => c.Direction == ConversationDirection.Outbound),
            Milliseconds.Sum(channels.Select(c => c.Channel.TalkMs)),
            Milliseconds.Sum(channels.Select(c => c.Channel.HoldMs)),
            Milliseconds.Sum(channels.Select(c => c.Channel.WrapMs)),
            Milliseconds.Mean(channels
                .Where(c => c.Channel is { Ended: true, TalkMs: > 0 })
                .Select(c => Milliseconds.Sum([c.Channel.TalkMs, c.Channel.HoldMs, c.Channel.WrapMs]))));
    }
}
