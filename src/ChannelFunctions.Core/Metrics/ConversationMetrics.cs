using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Timeline;

namespace ChannelFunctions.Core.Metrics;

/// <summary>
/// The figures of one conversation (docs/metrics.md restates their definitions), computed from its timeline: the
/// same ordered channel phases the timeline answer shows. Made to be kept as the conversation's summary document:
/// the agent and centre figures (<see cref="AgentMetrics"/>, <see cref="CenterMetrics"/>) aggregate these, never
/// events. Durations are milliseconds; a figure the events do not decide is <c>null</c>.
/// </summary>
/// <param name="ConversationId">The conversation (the summary's partition key).</param>
/// <param name="Direction"><c>inbound</c> when its earliest <c>alerted</c> is an external channel's,
/// <c>outbound</c> when an agent channel's, <c>null</c> without an external channel.</param>
/// <param name="Outcome">How it turned out; <c>null</c> when the direction is.</param>
/// <param name="Start">The earliest <c>data.timestamp</c> of its events: the centre figures window on it.</param>
/// <param name="Complete">Every channel has its <c>ended</c>.</param>
/// <param name="WaitMs">Speed of answer (inbound) or of the customer's answer (outbound).</param>
/// <param name="HoldCount">The held spans of all external channels, over or not.</param>
/// <param name="HoldMs">Those spans summed.</param>
/// <param name="TalkMs">The agent channels' talk summed.</param>
/// <param name="WrapMs">The agent channels' wrap summed.</param>
/// <param name="HandleMs"><c>talkMs + holdMs + wrapMs</c>, once complete.</param>
/// <param name="ParkMs">The parked time of the external and agent channels: neither talk nor hold.</param>
/// <param name="InterruptMs">The interrupted time of the external and agent channels: neither talk nor hold.</param>
/// <param name="Transfers">Agent channels that connected, less one, never below zero.</param>
/// <param name="Agents">The agent of each agent channel that connected, one per channel, in the order they connected.</param>
/// <param name="Monitors">How many monitor channels connected.</param>
/// <param name="Channels">A row per channel, in timeline order (by first event).</param>
/// <param name="AgentIds">Every agent with an agent channel in it, connected or not, once each: what a query for an
/// agent's conversations filters on.</param>
/// <param name="LastTimestamp">The latest <c>data.timestamp</c> of its events.</param>
/// <param name="EventCount">How many distinct events the figures were computed from.</param>
public sealed record ConversationMetrics(
    string ConversationId,
    ConversationDirection? Direction,
    ConversationOutcome? Outcome,
    DateTimeOffset Start,
    bool Complete,
    double? WaitMs,
    int HoldCount,
    double? HoldMs,
    double? TalkMs,
    double? WrapMs,
    double? HandleMs,
    double? ParkMs,
    double? InterruptMs,
    int Transfers,
    IReadOnlyList<string?> Agents,
    int Monitors,
    IReadOnlyList<ChannelMetrics> Channels,
    IReadOnlyList<string> AgentIds,
    DateTimeOffset LastTimestamp,
    int EventCount)
{
    /// <summary>Computes the figures of the conversation a timeline shows.</summary>
    public static ConversationMetrics From(ConversationTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var channels = timeline.Channels.Select(c => new ChannelReading(c)).ToList();
        var externals = OfRole(channels, PartyRoles.External);
        var agents = OfRole(channels, PartyRoles.Agent);
        // The earliest-alerted external channel; at the same moment, the first in timeline order (MinBy keeps it).
        var customer = externals.MinBy(c => c.Alerted);
        ConversationDirection? direction = customer is null ? null
            : agents.Count == 0 || customer.Alerted <= agents.Min(c => c.Alerted) ? ConversationDirection.Inbound
            : ConversationDirection.Outbound;
        var figures = channels.Select(c => Figures(c, customer)).ToList();
        var connectedAgents = agents.Where(c => c.HasConnected).OrderBy(c => c.ConnectedBy).ToList();
        var (outcome, wait) = direction switch
        {
            ConversationDirection.Inbound => Inbound(customer!, connectedAgents, OfRole(channels, PartyRoles.Voicemail)),
            ConversationDirection.Outbound => Outbound(customer!),
            _ => (null, null),
        };
        var holds = externals.SelectMany(c => c.Phases(ChannelPhase.Held)).ToList();
        var hold = Total(holds);
        var agentFigures = figures.Where((_, index) => channels[index].Role == PartyRoles.Agent).ToList();
        var talk = Sum(agentFigures.Select(f => f.Talk));
        var wrap = Sum(agentFigures.Select(f => f.Wrap));
        var complete = channels.Count > 0 && channels.All(c => c.Milestones.Ended is not null);
        var handling = channels.Where(c => c.Role is PartyRoles.External or PartyRoles.Agent).ToList();
        return new ConversationMetrics(
            timeline.ConversationId,
            direction,
            outcome,
            timeline.FirstTimestamp,
            complete,
            Ms(wait),
            holds.Count,
            Ms(hold),
            Ms(talk),
            Ms(wrap),
            complete ? Ms(Sum([talk, hold, wrap])) : null,
            Ms(Total(handling.SelectMany(c => c.Phases(ChannelPhase.Parked)))),
            Ms(Total(handling.SelectMany(c => c.Phases(ChannelPhase.Interrupted)))),
            Math.Max(0, connectedAgents.Count - 1),
            [.. connectedAgents.Select(c => c.Timeline.Party.AgentId)],
            OfRole(channels, PartyRoles.Monitor).Count(c => c.HasConnected),
            [.. channels.Select((c, index) => Row(c, figures[index]))],
            [.. agents.Select(c => c.Timeline.Party.AgentId).OfType<string>().Distinct(StringComparer.Ordinal)],
            timeline.LastTimestamp,
            timeline.EventCount);
    }

    /// <summary>
    /// Inbound: <c>answered</c> by the first agent channel to connect while the customer's channel had not ended
    /// (the same millisecond still answers), else <c>voicemail</c> by the first voicemail channel to, else
    /// <c>abandoned</c> once the customer's channel ended (or failed), else <c>in-progress</c>; the wait runs from the
    /// customer's <c>connected</c> to that connection, or to the customer's end.
    /// </summary>
    private static (ConversationOutcome?, TimeSpan?) Inbound(
        ChannelReading customer, List<ChannelReading> connectedAgents, List<ChannelReading> voicemails)
    {
        var gone = customer.Gone;
        bool WhileThere(ChannelReading channel) => gone is null || channel.ConnectedBy <= gone;
        if (connectedAgents.FirstOrDefault(WhileThere) is { } agent)
        {
            return (ConversationOutcome.Answered, Between(customer.Milestones.Connected, agent.Milestones.Connected));
        }

        if (voicemails.Where(c => c.HasConnected && WhileThere(c)).MinBy(c => c.ConnectedBy) is { } voicemail)
        {
            return (ConversationOutcome.Voicemail, Between(customer.Milestones.Connected, voicemail.Milestones.Connected));
        }

        return gone is { } end
            ? (ConversationOutcome.Abandoned, Between(customer.Milestones.Connected, end))
            : (ConversationOutcome.InProgress, null);
    }

    /// <summary>
    /// Outbound: <c>answered</c> once the customer's channel connected, <c>unanswered</c> when it failed or ended
    /// first, else <c>in-progress</c>; the wait runs from its <c>alerted</c> to its connection, failure or end.
    /// </summary>
    private static (ConversationOutcome?, TimeSpan?) Outbound(ChannelReading customer)
    {
        if (customer.HasConnected)
        {
            return (ConversationOutcome.Answered, Between(customer.Milestones.Alerted, customer.Milestones.Connected));
        }

        return (customer.Milestones.ConnectionFailed ?? customer.Milestones.Ended) is { } end
            ? (ConversationOutcome.Unanswered, Between(customer.Milestones.Alerted, end))
            : (ConversationOutcome.InProgress, null);
    }

    /// <summary>A channel's durations, by its role; <c>null</c> where they are not decided or do not apply.</summary>
    private static ChannelFigures Figures(ChannelReading channel, ChannelReading? customer)
    {
        var decided = channel.ConnectedTimeDecided;
        var connected = decided ? Total(channel.ConnectedPart) : null;
        // The customer's hold inside the channel's connected time: for the customer's own row, all of it.
        var hold = channel == customer ? Total(channel.Phases(ChannelPhase.Held))
            : !decided ? null
            : customer is null ? TimeSpan.Zero
            : Overlap(channel.ConnectedPart, customer.Phases(ChannelPhase.Held));
        if (channel.Role != PartyRoles.Agent)
        {
            return new ChannelFigures(connected, null, hold, null);
        }

        // Its connected time but parked or interrupted, while the customer's channel is in its Connected phase
        // (which needs the customer's connected: unknown when that is missing).
        TimeSpan? talk = !decided ? null
            : customer is null ? TimeSpan.Zero
            : customer.HasConnected && customer.Milestones.Connected is null ? null
            : Overlap(channel.ConnectedPart.Where(p => p.Phase is ChannelPhase.Connected or ChannelPhase.Held), customer.Phases(ChannelPhase.Connected));
        var wraps = channel.Phases(ChannelPhase.Wrap).ToList();
        var wrap = wraps.Count > 0 ? Total(wraps) : channel.Over ? TimeSpan.Zero : null;
        return new ChannelFigures(connected, talk, hold, wrap);
    }

    private static ChannelMetrics Row(ChannelReading channel, ChannelFigures figures) => new(
        channel.Timeline.ChannelId,
        channel.Role,
        channel.Timeline.Party.AgentId,
        Ms(figures.Connected),
        Ms(figures.Talk),
        Ms(figures.Hold),
        Ms(figures.Wrap),
        channel.Alerted,
        channel.HasConnected,
        channel.Milestones.ConnectionFailed is not null,
        channel.Milestones.Ended is not null);

    private static List<ChannelReading> OfRole(List<ChannelReading> channels, string role) =>
        [.. channels.Where(c => c.Role == role)];

    /// <summary>How long two sets of phases overlap; the phases of <paramref name="closed"/> must all have ended.</summary>
    private static TimeSpan Overlap(IEnumerable<PhaseSpan> closed, IEnumerable<PhaseSpan> other)
    {
        var overlap = TimeSpan.Zero;
        foreach (var a in closed)
        {
            foreach (var b in other)
            {
                var (aEnd, bEnd) = (a.End!.Value, b.End ?? DateTimeOffset.MaxValue);
                var start = a.Start > b.Start ? a.Start : b.Start;
                var end = aEnd < bEnd ? aEnd : bEnd;
                overlap += end > start ? end - start : TimeSpan.Zero;
            }
        }

        return overlap;
    }

    /// <summary>The phases' durations summed; <c>null</c> while one lasts.</summary>
    private static TimeSpan? Total(IEnumerable<PhaseSpan> phases) =>
        Sum(phases.Select(p => p.End - p.Start));

    /// <summary>A sum that is decided only when every term is.</summary>
    private static TimeSpan? Sum(IEnumerable<TimeSpan?> terms)
    {
        var sum = TimeSpan.Zero;
        foreach (var term in terms)
        {
            if (term is not { } value)
            {
                return null;
            }

            sum += value;
        }

        return sum;
    }

    private static TimeSpan? Between(DateTimeOffset? from, DateTimeOffset? to) => to - from;

    private static double? Ms(TimeSpan? span) => span?.TotalMilliseconds;

    /// <summary>One channel's durations.</summary>
    private readonly record struct ChannelFigures(TimeSpan? Connected, TimeSpan? Talk, TimeSpan? Hold, TimeSpan? Wrap);
}
