namespace ChannelFunctions.Core.Metrics;

/// <summary>
/// One channel's figures, a row of <see cref="ConversationMetrics.Channels"/>, with what the agent figures need of it
/// (<see cref="AgentMetrics"/> read these rows, never events). Durations are milliseconds, <c>null</c> where the
/// events do not decide them (docs/metrics.md).
/// </summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="Role">Its party's role: <c>external</c>, <c>agent</c>, <c>monitor</c> or <c>voicemail</c>.</param>
/// <param name="AgentId">The agent of an agent or monitor channel.</param>
/// <param name="ConnectedMs">How long it was connected: <c>connected</c> to <c>disconnected</c> (else the event that
/// ended its connected part: <c>wrapstarted</c> or <c>ended</c>), holds, parks and interruptions included; 0 when it
/// never connected.</param>
/// <param name="TalkMs">Agent channels: its connected time, but parked or interrupted, while the customer's channel
/// is in its Connected phase (not held, parked or interrupted). <c>null</c> for other roles.</param>
/// <param name="HoldMs">The customer's channel's held time inside this channel's connected time; for the customer's
/// channel, all of its held time.</param>
/// <param name="WrapMs">Agent channels: <c>wrapstarted</c> to <c>ended</c>; 0 when it ended (or failed) without wrap.
/// <c>null</c> for other roles.</param>
/// <param name="Alerted">When it began: its <c>alerted</c>, or its earliest event when that is missing. Agent figures
/// over a window take the channels whose <c>alerted</c> falls in it.</param>
/// <param name="Connected">Whether it connected (its <c>connected</c>, or a hold, park, interruption or
/// <c>disconnected</c> that only a connected channel has).</param>
/// <param name="ConnectionFailed">Whether it has a <c>connectionfailed</c>.</param>
/// <param name="Ended">Whether it has its <c>ended</c>.</param>
public sealed record ChannelMetrics(
    string ChannelId,
    string Role,
    string? AgentId,
    double? ConnectedMs,
    double? TalkMs,
    double? HoldMs,
    double? WrapMs,
    DateTimeOffset Alerted,
    bool Connected,
    bool ConnectionFailed,
    bool Ended);
