using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Timeline;

/// <summary>The party of a channel, as its events name it.</summary>
/// <param name="Role">external, agent, monitor or voicemail.</param>
/// <param name="AgentId">The agent, for agent and monitor channels.</param>
/// <param name="UserId">The user, when given.</param>
public sealed record ChannelParty(string Role, string? AgentId, string? UserId);

/// <summary>One phase of a channel, from the event that entered it to the event that closed it.</summary>
/// <param name="Phase">Which phase.</param>
/// <param name="Start">The <c>data.timestamp</c> of the event that entered it.</param>
/// <param name="End">The <c>data.timestamp</c> of the event that closed it; <c>null</c> while it lasts.</param>
public sealed record PhaseSpan(ChannelPhase Phase, DateTimeOffset Start, DateTimeOffset? End)
{
    /// <summary>How long it lasted, in milliseconds; <c>null</c> while it lasts.</summary>
    public double? DurationMs => End is { } end ? (end - Start).TotalMilliseconds : null;
}

/// <summary>How a channel's lifecycle ended.</summary>
/// <param name="Outcome">Connection failed, or ended.</param>
/// <param name="Reason">The event's <c>reason</c>, for example <c>released</c>; for a failed connection that was
/// then ended without a reason of its own, the failure's.</param>
/// <param name="Timestamp">When: the <c>data.timestamp</c> of the event that decided the outcome.</param>
public sealed record ChannelEnding(ChannelOutcome Outcome, string? Reason, DateTimeOffset Timestamp);

/// <summary>An event named without its content.</summary>
/// <param name="EventId">The CloudEvents <c>id</c>.</param>
/// <param name="Type">The CloudEvents <c>type</c>.</param>
/// <param name="ChannelId">The channel it is about.</param>
/// <param name="Timestamp">Its <c>data.timestamp</c>.</param>
public sealed record EventReference(string EventId, string Type, string ChannelId, DateTimeOffset Timestamp);

/// <summary>An event of a supported type that changed no phase, and why.</summary>
/// <param name="EventId">The CloudEvents <c>id</c>.</param>
/// <param name="Type">The CloudEvents <c>type</c>.</param>
/// <param name="Timestamp">Its <c>data.timestamp</c>.</param>
/// <param name="Reason">Why it was not used: it repeats the phase the channel is in, or came after the channel ended.</param>
public sealed record IgnoredEvent(string EventId, string Type, DateTimeOffset Timestamp, string Reason);

/// <summary>One interaction of a conversation: its channels in the order they appeared.</summary>
/// <param name="InteractionId">The interaction.</param>
/// <param name="ChannelIds">Its channels, by first event.</param>
/// <param name="FirstTimestamp">The earliest <c>data.timestamp</c> of its channels' events.</param>
/// <param name="LastTimestamp">The latest <c>data.timestamp</c> of its channels' events.</param>
/// <param name="EventCount">How many events its channels have.</param>
public sealed record InteractionSummary(
    string InteractionId, IReadOnlyList<string> ChannelIds, DateTimeOffset FirstTimestamp, DateTimeOffset LastTimestamp, int EventCount);
