namespace ChannelFunctions.Core.Contract;

/// <summary>
/// A VCC channel event: its CloudEvents identity and time, and the <c>data</c> fields this app reads, normalized
/// (GUIDs lower-case hyphenated, times UTC). The one model of an event: the validator makes it from the bytes it
/// accepts (with <see cref="Raw"/>), and the lookups read it back from the store (<see cref="ChannelEventMembers"/>
/// says where each field is in the CloudEvent).
/// </summary>
public sealed record ChannelEvent
{
    /// <summary>The CloudEvents <c>id</c>.</summary>
    public required string EventId { get; init; }

    /// <summary>The CloudEvents <c>source</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The full CloudEvents <c>type</c>, for example <c>channel.alerted.v0</c>.</summary>
    public required string Type { get; init; }

    /// <summary>
    /// <see cref="EventIdentity.Key"/> of <see cref="Source"/> and <see cref="EventId"/>: the id of the event's
    /// document, which every delivery of the event shares.
    /// </summary>
    public required string DocumentId { get; init; }

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

    /// <summary>
    /// The event exactly as received, one JSON object, when it was just validated; empty when read back from the
    /// store, whose lookups read the fields, and the verbatim CloudEvents apart.
    /// </summary>
    public ReadOnlyMemory<byte> Raw { get; init; }

    /// <summary>The rule of <see cref="Type"/>; <c>null</c> for a stored type this app no longer knows.</summary>
    public ChannelEventRule? Rule => ChannelEventTypes.TryGet(Type, out var rule) ? rule : null;
}
