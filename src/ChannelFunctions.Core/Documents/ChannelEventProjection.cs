using System.Text.Json;
using System.Text.Json.Serialization;
using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Documents;

/// <summary>
/// How a <see cref="ChannelEvent"/> is read back from its document: the query's <c>SELECT</c> list, each field of the
/// model from the document path that holds it (the promoted, normalized fields, and from the verbatim <c>event</c> the
/// rest, by their contract paths), and the reading of one such row. Everything but <see cref="ChannelEvent.Raw"/>.
/// </summary>
public static partial class ChannelEventProjection
{
    /// <summary>Each field of the model (its name in a row) and the document path it is read from.</summary>
    public static IReadOnlyList<(string Name, string Path)> Fields { get; } =
    [
        ("documentId", ChannelEventDocument.Fields.Id),
        ("eventId", $"{ChannelEventDocument.Fields.Event}.{CloudEventAttributes.Id}"),
        ("source", $"{ChannelEventDocument.Fields.Event}.{CloudEventAttributes.Source}"),
        ("type", ChannelEventDocument.Fields.Type),
        ("conversationId", ChannelEventDocument.Fields.ConversationId),
        ("interactionId", ChannelEventDocument.Fields.InteractionId),
        ("channelId", ChannelEventDocument.Fields.ChannelId),
        ("partyRole", $"{ChannelEventDocument.Fields.Event}.{ChannelEventMembers.Role}"),
        ("agentId", ChannelEventDocument.Fields.AgentId),
        ("userId", $"{ChannelEventDocument.Fields.Event}.{ChannelEventMembers.UserId}"),
        ("reason", $"{ChannelEventDocument.Fields.Event}.{ChannelEventMembers.Reason}"),
        ("timestamp", ChannelEventDocument.Fields.Timestamp),
        ("time", $"{ChannelEventDocument.Fields.Event}.{CloudEventAttributes.Time}"),
    ];

    /// <summary>The <c>SELECT</c> list of a query over documents aliased <c>c</c>: <c>c.{path} AS {name}</c> for each field.</summary>
    public static string Select { get; } = string.Join(", ", Fields.Select(field => $"c.{field.Path} AS {field.Name}"));

    /// <summary>Reads one row of <see cref="Select"/>.</summary>
    /// <exception cref="JsonException">A required field is missing or not as this app writes it.</exception>
    public static ChannelEvent Read(ReadOnlySpan<byte> row) =>
        JsonSerializer.Deserialize(row, RowJson.Default.ChannelEvent) ?? throw new JsonException("A row is null.");

    /// <summary>
    /// Times as stored: <c>timestamp</c> as this app writes it, which the serializer's own ISO 8601 reader reads;
    /// <c>time</c> as the sender wrote it, which the contract's parser reads where that one does not (more than 16
    /// fraction digits), so both come back as the validator read them.
    /// </summary>
    private sealed class StoredTimeConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TryGetDateTimeOffset(out var time) || ContractFormats.TryParseTime(reader.GetString(), out time)
                ? time.ToUniversalTime()
                : throw new JsonException("A stored time is not an RFC 3339 date-time.");

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value);
    }

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, Converters = [typeof(StoredTimeConverter)])]
    [JsonSerializable(typeof(ChannelEvent))]
    private sealed partial class RowJson : JsonSerializerContext;
}
