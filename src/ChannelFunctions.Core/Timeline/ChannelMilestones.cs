namespace ChannelFunctions.Core.Timeline;

/// <summary>
/// The moments of a channel's one-off lifecycle events: for each, the <c>data.timestamp</c> of the first such event
/// that changed the channel's lifecycle (events <see cref="ChannelTimeline.IgnoredEvents"/> lists do not count);
/// <c>null</c> when the channel has none, not yet or because it is missing. The phases say how long each phase
/// lasted; these say what the phases cannot: that a channel connected although its <c>connected</c> is missing (it
/// has a <c>disconnected</c>), and when it <c>ended</c> after a failed connection.
/// </summary>
/// <param name="Alerted">Its <c>channel.alerted</c>.</param>
/// <param name="Connected">Its <c>channel.connected</c>.</param>
/// <param name="ConnectionFailed">Its <c>channel.connectionfailed</c>.</param>
/// <param name="Disconnected">Its <c>channel.disconnected</c>.</param>
/// <param name="WrapStarted">Its <c>channel.wrapstarted</c>.</param>
/// <param name="Ended">Its <c>channel.ended</c>.</param>
public sealed record ChannelMilestones(
    DateTimeOffset? Alerted,
    DateTimeOffset? Connected,
    DateTimeOffset? ConnectionFailed,
    DateTimeOffset? Disconnected,
    DateTimeOffset? WrapStarted,
    DateTimeOffset? Ended)
{
    /// <summary>No milestone yet.</summary>
    public static ChannelMilestones None { get; } = new(null, null, null, null, null, null);

    /// <summary>The milestones after one more event that changed the lifecycle: the first of each name counts.</summary>
    internal ChannelMilestones After(string name, DateTimeOffset at) => name switch
    {
        "channel.alerted" => this with { Alerted = Alerted ?? at },
        "channel.connected" => this with { Connected = Connected ?? at },
        "channel.connectionfailed" => this with { ConnectionFailed = ConnectionFailed ?? at },
        "channel.disconnected" => this with { Disconnected = Disconnected ?? at },
        "channel.wrapstarted" => this with { WrapStarted = WrapStarted ?? at },
        "channel.ended" => this with { Ended = Ended ?? at },
        _ => this,
    };
}
