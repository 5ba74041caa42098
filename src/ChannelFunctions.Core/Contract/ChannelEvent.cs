namespace ChannelFunctions.Core.Contract;

/// <summary>
/// A VCC channel event that passed validation: the fields lookups need, normalized, plus the original bytes.
/// GUIDs are lower-case hyphenated; times are UTC.
/// </summary>
public sealed record ChannelEvent
{
    /// <summary>The CloudEvents <c>id</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The CloudEvents <c>source</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The rule of the event's type, which also names its type and version.</summary>
    public required ChannelEventRule Rule { get; init; }

    /// <summary><c>data.channel.conversationId</c>: the partition of the event.</summary>
    public required string ConversationId { get; init; }

    /// <summary><c>data.channel.interactionId</c>.</summary>
    public required string InteractionId { get; init; }

    /// <summary><c>data.channel.channelId</c>, equal to <c>subject</c>.</summary>
    public required string ChannelId { get; init; }

    /// <summary><c>data.channel.party.role</c>.</summary>
    public required string PartyRole { get; init; }

    /// <summary><c>data.channel.party.agentId</c>, present for agents and monitors.</summary>
    public string? AgentId { get; init; }

    /// <summary><c>data.channel.party.userId</c>, when present.</summary>
    public string? UserId { get; init; }

    /// <summary><c>data.reason</c>, for the types that carry one.</summary>
    public string? Reason { get; init; }

    /// <summary><c>data.timestamp</c>: when the channel changed phase; the authoritative moment.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The CloudEvents <c>time</c>: when VCC sent the notification.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The event exactly as received: one JSON object, kept verbatim.</summary>
    public required ReadOnlyMemory<byte> Raw { get; init; }
}
