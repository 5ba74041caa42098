using System.Text.Json.Serialization;
using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Timeline;

/// <summary>
/// One channel's lifecycle computed from its events by <see cref="ChannelPhaseRules"/>: its party, its phases in
/// order with start, end and duration, and how it ended.
/// </summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="InteractionId">Its interaction.</param>
/// <param name="Party">Who the channel is: role, agent and user, from the first event that names each.</param>
/// <param name="Phases">Its phases in order; the last one has no end while the channel is in it.</param>
/// <param name="Ending">How it ended; <c>null</c> while it has not.</param>
/// <param name="FirstTimestamp">The earliest <c>data.timestamp</c> of its events.</param>
/// <param name="LastTimestamp">The latest <c>data.timestamp</c> of its events.</param>
/// <param name="EventCount">How many distinct events it has.</param>
/// <param name="IgnoredEvents">Its events that changed no phase, with the reason.</param>
public sealed record ChannelTimeline(
    string ChannelId,
    string InteractionId,
    ChannelParty Party,
    IReadOnlyList<PhaseSpan> Phases,
    ChannelEnding? Ending,
    DateTimeOffset FirstTimestamp,
    DateTimeOffset LastTimestamp,
    int EventCount,
    IReadOnlyList<IgnoredEvent> IgnoredEvents)
{
    /// <summary>Why an event repeating the current phase changed nothing.</summary>
    public const string RepeatsPhase = "repeats the phase the channel is in";

    /// <summary>Why an event after <c>channel.ended</c> changed nothing.</summary>
    public const string AfterEnd = "came after the channel ended";

    /// <summary>Why a second connection failure changed nothing.</summary>
    public const string RepeatsOutcome = "repeats how the channel ended";

    /// <summary>
    /// When its one-off lifecycle events happened, for the figures (<see cref="Metrics.ConversationMetrics"/>); not part
    /// of the timeline answer, whose phases and ending show the same to a person.
    /// </summary>
    [JsonIgnore]
    public ChannelMilestones Milestones { get; init; } = ChannelMilestones.None;

    /// <summary>
    /// Computes the timeline of one channel from its events of supported types, in any order, duplicates allowed;
    /// <c>null</c> when none is of a supported type (those are skipped: see <see cref="ConversationTimeline.UnknownEvents"/>).
    /// </summary>
    public static ChannelTimeline? Build(IEnumerable<ChannelEvent> events) => FromOrdered(TimelineOrder.Normalize(events));

    /// <summary>As <see cref="Build"/>, for events already in <see cref="TimelineOrder"/>, so they are sorted once.</summary>
    internal static ChannelTimeline? FromOrdered(IEnumerable<ChannelEvent> events)
    {
        var ordered = events.Where(e => e.Rule is not null).ToList();
        if (ordered.Count == 0)
        {
            return null;
        }

        var first = ordered[0];
        var party = new ChannelParty(
            first.PartyRole,
            ordered.Select(e => e.AgentId).FirstOrDefault(id => id is not null),
            ordered.Select(e => e.UserId).FirstOrDefault(id => id is not null));
        var lifecycle = new Lifecycle();
        foreach (var channelEvent in ordered)
        {
            lifecycle.Apply(channelEvent);
        }

        return new ChannelTimeline(
            first.ChannelId, first.InteractionId, party, lifecycle.Phases, lifecycle.Ending,
            first.Timestamp, ordered[^1].Timestamp, ordered.Count, lifecycle.Ignored)
        {
            Milestones = lifecycle.Milestones,
        };
    }

    /// <summary>The state machine of <see cref="ChannelPhaseRules"/>, applied event by event in timeline order.</summary>
    private sealed class Lifecycle
    {
        public List<PhaseSpan> Phases { get; } = [];

        public List<IgnoredEvent> Ignored { get; } = [];

        public ChannelEnding? Ending { get; private set; }

        public ChannelMilestones Milestones { get; private set; } = ChannelMilestones.None;

        private bool Over { get; set; }

        private PhaseSpan? Current => Phases is [.., { End: null } open] ? open : null;

        public void Apply(ChannelEvent channelEvent)
        {
            var rule = channelEvent.Rule!.Phase;
            if (Over)
            {
                Ignore(channelEvent, AfterEnd);
                return;
            }

            if (rule.Enters is { } entered && Current?.Phase == entered)
            {
                Ignore(channelEvent, RepeatsPhase);
                return;
            }

            if (rule.Outcome == ChannelOutcome.ConnectionFailed && Ending is not null)
            {
                Ignore(channelEvent, RepeatsOutcome);
                return;
            }

            if (Current is { } open)
            {
                Phases[^1] = open with { End = channelEvent.Timestamp };
            }

            if (rule.Enters is { } next)
            {
                Phases.Add(new PhaseSpan(next, channelEvent.Timestamp, null));
            }

            Ending = rule.Outcome switch
            {
                ChannelOutcome.ConnectionFailed => new ChannelEnding(ChannelOutcome.ConnectionFailed, channelEvent.Reason, channelEvent.Timestamp),
                ChannelOutcome.Ended when Ending is { } failed => failed with { Reason = failed.Reason ?? channelEvent.Reason },
                ChannelOutcome.Ended => new ChannelEnding(ChannelOutcome.Ended, channelEvent.Reason, channelEvent.Timestamp),
                _ => Ending,
            };
            Over = rule.Outcome == ChannelOutcome.Ended;
            Milestones = Milestones.After(rule.Name, channelEvent.Timestamp);
        }

        private void Ignore(ChannelEvent channelEvent, string reason) =>
            Ignored.Add(new IgnoredEvent(channelEvent.EventId, channelEvent.Type, channelEvent.Timestamp, reason));
    }
}
