using System.Buffers;
using System.Globalization;
using System.Text.Json;
using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Documents;

/// <summary>
/// The Cosmos DB document of one channel event: the fields lookups filter and sort on that need normalizing
/// (GUIDs, times), promoted to the top, and the original CloudEvent verbatim under <c>event</c>. Partitioned by
/// conversation. Nothing derivable is stored twice: what else a lookup needs it reads from <c>event</c>
/// (<see cref="ChannelEventProjection"/>; docs/ingest.md).
/// </summary>
public static class ChannelEventDocument
{
    /// <summary>
    /// Member names of the document, for the writer and the queries alike, and the paths into <c>event</c> that
    /// queries use where the event's own value serves (verbatim, as the validator accepted it).
    /// </summary>
    public static class Fields
    {
        /// <summary>The document id: <see cref="ChannelEvent.DocumentId"/>.</summary>
        public const string Id = "id";
        /// <summary>The partition key.</summary>
        public const string ConversationId = "conversationId";
        /// <summary>The interaction the channel belongs to.</summary>
        public const string InteractionId = "interactionId";
        /// <summary>The channel the event is about.</summary>
        public const string ChannelId = "channelId";
        /// <summary>When the phase changed (<c>data.timestamp</c>), fixed-width UTC so text order is time order.</summary>
        public const string Timestamp = "timestamp";
        /// <summary>
        /// The event's bytes as received, base64, only when <c>event</c> cannot give them back: it holds a number
        /// the store keeps only as a double (<see cref="StoreRoundTrip"/>).
        /// </summary>
        public const string Original = "original";
        /// <summary>The original CloudEvent, verbatim.</summary>
        public const string Event = "event";
        /// <summary>The full CloudEvents type, for example <c>channel.alerted.v0</c>: the event's own, one of the type table's.</summary>
        public const string Type = $"{Event}.{CloudEventAttributes.Type}";
        /// <summary>The agent of an agent or monitor channel: the event's own, a string kept as sent.</summary>
        public const string AgentId = $"{Event}.{ChannelEventMembers.AgentId}";
    }

    /// <summary>The format of every time this app writes: fixed width, so ordinal text order is time order.</summary>
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode(Fields.Id);
    private static readonly JsonEncodedText ConversationIdName = JsonEncodedText.Encode(Fields.ConversationId);
    private static readonly JsonEncodedText InteractionIdName = JsonEncodedText.Encode(Fields.InteractionId);
    private static readonly JsonEncodedText ChannelIdName = JsonEncodedText.Encode(Fields.ChannelId);
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode(Fields.Timestamp);
    private static readonly JsonEncodedText OriginalName = JsonEncodedText.Encode(Fields.Original);
    private static readonly JsonEncodedText EventName = JsonEncodedText.Encode(Fields.Event);

    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 256 };

    /// <summary>Formats a moment the way documents store it.</summary>
    public static string FormatTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>Writes the document of a validated event as compact UTF-8 JSON.</summary>
    /// <remarks>
    /// Written by <see cref="Utf8JsonWriter"/> with its default encoder, in this member order; the event's bytes
    /// are copied verbatim (already parsed and validated), and kept once more as base64 under
    /// <see cref="Fields.Original"/> only when the store could not give them back (<see cref="StoreRoundTrip.Survives"/>).
    /// </remarks>
    public static byte[] Write(ChannelEvent channelEvent)
    {
        var buffer = new ArrayBufferWriter<byte>(channelEvent.Raw.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteString(IdName, channelEvent.DocumentId);
            writer.WriteString(ConversationIdName, channelEvent.ConversationId);
            writer.WriteString(InteractionIdName, channelEvent.InteractionId);
            writer.WriteString(ChannelIdName, channelEvent.ChannelId);
            // For a UTC DateTime, the round-trip format "O" is TimeFormat (the writer's own format trims zeros).
            Span<byte> timestamp = stackalloc byte[TimeFormat.Length];
            channelEvent.Timestamp.UtcDateTime.TryFormat(timestamp, out var written, "O", CultureInfo.InvariantCulture);
            writer.WriteString(TimestampName, timestamp[..written]);
            if (!StoreRoundTrip.Survives(channelEvent.Raw.Span))
            {
                writer.WriteBase64String(OriginalName, channelEvent.Raw.Span);
            }

            writer.WritePropertyName(EventName);
            writer.WriteRawValue(channelEvent.Raw.Span, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Whether a stored document holds the same event as <paramref name="raw"/> by the duplicate rule
    /// (<see cref="DuplicateRule"/>): compared with the bytes as they arrived when the document kept them
    /// (<see cref="Fields.Original"/>), else with its <c>event</c>. A document without an event holds no event.
    /// </summary>
    /// <exception cref="JsonException">The kept original bytes are not JSON (the raw event always is).</exception>
    public static bool HasSameEvent(JsonElement storedDocument, ReadOnlyMemory<byte> raw)
    {
        if (storedDocument.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        using var incoming = JsonDocument.Parse(raw, ParseOptions);
        if (storedDocument.TryGetProperty(Fields.Original, out var original) && original.ValueKind == JsonValueKind.String
            && original.TryGetBytesFromBase64(out var arrivedBytes))
        {
            using var arrived = JsonDocument.Parse(arrivedBytes, ParseOptions);
            return DuplicateRule.IsSameEvent(arrived.RootElement, incoming.RootElement);
        }

        return storedDocument.TryGetProperty(Fields.Event, out var stored) && DuplicateRule.IsSameEvent(stored, incoming.RootElement);
    }
}
