using System.Collections.Frozen;

namespace ChannelFunctions.Core.Contract;

/// <summary>A phase of a channel's lifecycle: the state the channel is in between two of its events.</summary>
public enum ChannelPhase
{
    /// <summary>Ringing; zero-length for the first channel of an inbound interaction.</summary>
    Alerting,

    /// <summary>The party answered and is talking.</summary>
    Connected,

    /// <summary>On hold.</summary>
    Held,

    /// <summary>Parked.</summary>
    Parked,

    /// <summary>Interrupted.</summary>
    Interrupted,

    /// <summary>After-call work of an agent channel.</summary>
    Wrap,
}

/// <summary>How a channel's lifecycle ended.</summary>
public enum ChannelOutcome
{
    /// <summary>Alerting ended without connecting (rejected, busy, …); <c>channel.connectionfailed</c>.</summary>
    ConnectionFailed,

    /// <summary>The lifecycle is over, no further activity; <c>channel.ended</c>.</summary>
    Ended,
}

/// <summary>What one channel event name means for the channel's phases.</summary>
/// <param name="Name">The type without its version, for example <c>channel.held</c>; v0 and v1 mean the same.</param>
/// <param name="Enters">
/// The phase the channel is in from this event's <c>data.timestamp</c> on. The event always closes the phase the
/// channel was in (at that moment); <c>null</c> means it enters none (disconnected, connection failed, ended).
/// </param>
/// <param name="Outcome">Whether the event ends the channel's lifecycle, and how.</param>
public sealed record ChannelPhaseRule(string Name, ChannelPhase? Enters, ChannelOutcome? Outcome = null)
{
    /// <summary>
    /// The rule's position in <see cref="ChannelPhaseRules.All"/>, which is lifecycle order: events of one channel
    /// with the same <c>data.timestamp</c> are applied in this order (alerted before connected, disconnected before
    /// wrapstarted before ended).
    /// </summary>
    public int Rank { get; init; }
}

/// <summary>
/// The phase rules of the channel event family: the one place that says what each event name means for a channel's
/// phases. A channel is in at most one phase at a time (the VCC lifecycle is a state machine); each event closes the
/// current phase and enters the phase its rule names. Keyed by name, so v0 and v1 of a type behave alike; every
/// name of <see cref="ChannelEventTypes"/> has exactly one line here (a unit test checks both directions).
/// <list type="table">
/// <listheader><term>event</term><description>effect</description></listheader>
/// <item><term>alerted</term><description>starts Alerting</description></item>
/// <item><term>connected</term><description>ends Alerting, starts Connected</description></item>
/// <item><term>connectionfailed</term><description>ends Alerting; outcome ConnectionFailed, with its reason</description></item>
/// <item><term>held / retrieved</term><description>starts Held / ends it, back to Connected</description></item>
/// <item><term>parked / unparked</term><description>starts Parked / ends it, back to Connected</description></item>
/// <item><term>interrupted / resumed</term><description>starts Interrupted / ends it, back to Connected</description></item>
/// <item><term>disconnected</term><description>ends Connected (or whatever phase the channel is in)</description></item>
/// <item><term>wrapstarted</term><description>starts Wrap</description></item>
/// <item><term>ended</term><description>closes everything; outcome Ended, with its reason; later events are ignored</description></item>
/// </list>
/// </summary>
public static class ChannelPhaseRules
{
    // Lifecycle order: the tie-break for events of one channel at the same moment (see ChannelPhaseRule.Rank).
    private static readonly ChannelPhaseRule[] Table = Ranked(
    [
        new("channel.alerted", ChannelPhase.Alerting),
        new("channel.connected", ChannelPhase.Connected),
        new("channel.connectionfailed", null, ChannelOutcome.ConnectionFailed),
        new("channel.held", ChannelPhase.Held),
        new("channel.retrieved", ChannelPhase.Connected),
        new("channel.parked", ChannelPhase.Parked),
        new("channel.unparked", ChannelPhase.Connected),
        new("channel.interrupted", ChannelPhase.Interrupted),
        new("channel.resumed", ChannelPhase.Connected),
        new("channel.disconnected", null),
        new("channel.wrapstarted", ChannelPhase.Wrap),
        new("channel.ended", null, ChannelOutcome.Ended),
    ]);

    private static readonly FrozenDictionary<string, ChannelPhaseRule> ByName =
        Table.ToFrozenDictionary(rule => rule.Name, StringComparer.Ordinal);

    /// <summary>Every rule, in lifecycle order.</summary>
    public static IReadOnlyList<ChannelPhaseRule> All => Table;

    /// <summary>Finds the rule of an event name (a type without its version).</summary>
    public static bool TryGet(string name, out ChannelPhaseRule rule) => ByName.TryGetValue(name, out rule!);

    private static ChannelPhaseRule[] Ranked(ChannelPhaseRule[] rules) =>
        [.. rules.Select((rule, index) => rule with { Rank = index })];
}
