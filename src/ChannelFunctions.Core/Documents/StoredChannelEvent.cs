using System.Text.Json;
using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Documents;

/// <summary>
/// What the timeline needs of one stored channel event, read back from a query row that projects
/// <see cref="Fields"/>. The type may be one this app no longer knows.
/// </summary>
public sealed record StoredChannelEvent
{
    /// <summary>
    /// The members of a row a <see cref="StoredChannelEvent"/> is read from, each with the document path it is
    /// projected from: the promoted fields, and from the verbatim event what is not promoted because no query
    /// filters on it. A query selects them as <c>c.{Path} AS {Name}</c>.
    /// </summary>
    public static IReadOnlyList<(string Name, string Path)> Fields { get; } =
    [
        (ChannelEventDocument.Fields.Id, ChannelEventDocument.Fields.Id),
        (Names.EventId, $"{ChannelEventDocument.Fields.Event}.id"),
        (Names.Type, ChannelEventDocument.Fields.Type),
        (ChannelEventDocument.Fields.ConversationId, ChannelEventDocument.Fields.ConversationId),
        (ChannelEventDocument.Fields.InteractionId, ChannelEventDocument.Fields.InteractionId),
        (ChannelEventDocument.Fields.ChannelId, ChannelEventDocument.Fields.ChannelId),
        (Names.PartyRole, $"{ChannelEventDocument.Fields.Event}.data.channel.party.role"),
        (Names.AgentId, ChannelEventDocument.Fields.AgentId),
        (Names.UserId, $"{ChannelEventDocument.Fields.Event}.data.channel.party.userId"),
        (Names.Reason, $"{ChannelEventDocument.Fields.Event}.data.reason"),
        (ChannelEventDocument.Fields.Timestamp, ChannelEventDocument.Fields.Timestamp),
        (Names.Time, $"{ChannelEventDocument.Fields.Event}.time"),
    ];

    /// <summary>The document id, unique per CloudEvents identity: duplicates share it.</summary>
    public required string DocumentId { get; init; }

    /// <summary>The CloudEvents <c>id</c>.</summary>
    public required string EventId { get; init; }

    /// <summary>The full CloudEvents <c>type</c>, for example <c>channel.alerted.v0</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The conversation (partition) of the event.</summary>
    public required string ConversationId { get; init; }

    /// <summary>The interaction of the channel.</summary>
    public required string InteractionId { get; init; }

    /// <summary>The channel the event is about.</summary>
    public required string ChannelId { get; init; }

    /// <summary>The party role of the channel.</summary>
    public required string PartyRole { get; init; }

    /// <summary>The agent of an agent or monitor channel.</summary>
    public string? AgentId { get; init; }

    /// <summary>The user of the party, when given.</summary>
    public string? UserId { get; init; }

    /// <summary>The reason, for the types that carry one.</summary>
    public string? Reason { get; init; }

    /// <summary><c>data.timestamp</c>: when the channel changed phase.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>
    /// The CloudEvents <c>time</c> (v0: when VCC sent the notification; v1: the moment of the change): after
    /// <see cref="Timestamp"/> and the lifecycle, it orders events at the same moment. <c>null</c> when the row lacks it.
    /// </summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>The rule of <see cref="Type"/>, when it is a supported type.</summary>
    public ChannelEventRule? Rule => ChannelEventTypes.TryGet(Type, out var rule) ? rule : null;

    /// <summary>The promoted fields of a validated event, as <see cref="ChannelEventDocument.Write"/> stores them.</summary>
    public static StoredChannelEvent From(ChannelEvent channelEvent) => new()
    {
        DocumentId = ChannelEventDocument.IdFor(channelEvent.Source, channelEvent.Id),
        EventId = channelEvent.Id,
        Type = channelEvent.Rule.Type,
        ConversationId = channelEvent.ConversationId,
        InteractionId = channelEvent.InteractionId,
        ChannelId = channelEvent.ChannelId,
        PartyRole = channelEvent.PartyRole,
        AgentId = channelEvent.AgentId,
        UserId = channelEvent.UserId,
        Reason = channelEvent.Reason,
        Timestamp = channelEvent.Timestamp,
        Time = channelEvent.Time,
    };

    /// <summary>Reads a row projecting <see cref="Fields"/>.</summary>
    /// <exception cref="FormatException">A required member is missing or not as this app writes it.</exception>
    public static StoredChannelEvent Read(JsonElement document) => new()
    {
        DocumentId = Required(document, ChannelEventDocument.Fields.Id),
        EventId = Required(document, Names.EventId),
        Type = Required(document, Names.Type),
        ConversationId = Required(document, ChannelEventDocument.Fields.ConversationId),
        InteractionId = Required(document, ChannelEventDocument.Fields.InteractionId),
        ChannelId = Required(document, ChannelEventDocument.Fields.ChannelId),
        PartyRole = Required(document, Names.PartyRole),
        AgentId = Optional(document, Names.AgentId),
        UserId = Optional(document, Names.UserId),
        Reason = Optional(document, Names.Reason),
        Timestamp = ContractFormats.TryParseTime(Required(document, ChannelEventDocument.Fields.Timestamp), out var timestamp)
            ? timestamp
            : throw new FormatException($"The stored document's {ChannelEventDocument.Fields.Timestamp} is not a date-time."),
        Time = ContractFormats.TryParseTime(Optional(document, Names.Time), out var time) ? time : null,
    };

    /// <summary>The row names of the fields read from the event rather than promoted.</summary>
    private static class Names
    {
        public const string Type = "type";
        public const string AgentId = "agentId";
        public const string EventId = "eventId";
        public const string PartyRole = "partyRole";
        public const string UserId = "userId";
        public const string Reason = "reason";
        public const string Time = "time";
    }

    private static string Required(JsonElement document, string name) =>
        Optional(document, name) ?? throw new FormatException($"The stored document has no string {name}.");

    private static string? Optional(JsonElement document, string name) =>
        document.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
