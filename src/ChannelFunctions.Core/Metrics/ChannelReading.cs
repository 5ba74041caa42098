using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Timeline;

namespace ChannelFunctions.Core.Metrics;

/// <summary>One channel's timeline as the figures read it: its phases, and what its milestones add to them.</summary>
internal sealed class ChannelReading(ChannelTimeline timeline)
{
    public ChannelTimeline Timeline { get; } = timeline;

    public string Role => Timeline.Party.Role;

    public ChannelMilestones Milestones => Timeline.Milestones;

    /// <summary>When the channel began: its <c>alerted</c>, or its earliest event when that is missing.</summary>
    public DateTimeOffset Alerted => Milestones.Alerted ?? Timeline.FirstTimestamp;

    /// <summary>The phases of its connected part: connected, and held, parked or interrupted in between.</summary>
    public IReadOnlyList<PhaseSpan> ConnectedPart { get; } =
        [.. timeline.Phases.Where(p => p.Phase is ChannelPhase.Connected or ChannelPhase.Held or ChannelPhase.Parked or ChannelPhase.Interrupted)];

    /// <summary>
    /// Whether it connected: its <c>connected</c>, or events that only a connected channel has (a hold, park or
    /// interruption, a <c>disconnected</c>) when that is missing.
    /// </summary>
    public bool HasConnected => Milestones.Connected is not null || Milestones.Disconnected is not null || ConnectedPart.Count > 0;

    /// <summary>
    /// The moment it is known to have connected: its <c>connected</c>, else the earliest event that shows it had
    /// (which orders it and decides the outcome, but starts no duration); <c>null</c> when it has not connected.
    /// </summary>
    public DateTimeOffset? ConnectedBy => Milestones.Connected
        ?? (HasConnected ? ConnectedPart.Select(p => p.Start).Append(Milestones.Disconnected ?? DateTimeOffset.MaxValue).Min() : null);

    /// <summary>Whether its lifecycle is over: it ended, or its connection failed.</summary>
    public bool Over => Milestones.Ended is not null || Milestones.ConnectionFailed is not null;

    /// <summary>When a customer's channel is gone: its <c>ended</c>, else its connection failure.</summary>
    public DateTimeOffset? Gone => Milestones.Ended ?? Milestones.ConnectionFailed;

    /// <summary>
    /// Whether its connected time is decided: it connected at a known moment and its connected part is over, or it
    /// never connected and never will (over). Still alerting, still connected, or a missing <c>connected</c>: not.
    /// </summary>
    public bool ConnectedTimeDecided => HasConnected
        ? Milestones.Connected is not null && ConnectedPart.All(p => p.End is not null)
        : Over;

    /// <summary>Its phases of one kind.</summary>
    public IEnumerable<PhaseSpan> Phases(ChannelPhase phase) => Timeline.Phases.Where(p => p.Phase == phase);
}
