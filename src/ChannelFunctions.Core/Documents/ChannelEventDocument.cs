using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChannelFunctions.Contract;

namespace ChannelFunctions.Documents;

/// <summary>
/// The Cosmos DB document of one channel event: the fields lookups filter and sort on, promoted to the top,
/// ingest metadata, and the original CloudEvent verbatim under <c>event</c>. Partitioned by conversation.
/// </summary>
public static class ChannelEventDocument
{
    /// <summary>Member names of the document, for writers and queries alike.</summary>
    public static class Fields
    {
        /// <summary>The document id, derived from the CloudEvents identity.</summary>
        public const string Id = "id";
        /// <summary>The partition key.</summary>
        public const string ConversationId = "conversationId";
        /// <summary>The interaction the channel belongs to.</summary>
        public const string InteractionId = "interactionId";
        /// <summary>The channel the event is about.</summary>
        public const string ChannelId = "channelId";
        /// <summary>The full CloudEvents type, for example <c>channel.alerted.v0</c>.</summary>
        public const string Type = "type";
        /// <summary>The type without its version, for example <c>channel.alerted</c>.</summary>
        public const string Name = "name";
        /// <summary>The type's version, for example <c>v0</c>.</summary>
        public const string Version = "version";
        /// <summary>The party role of the channel.</summary>
        public const string PartyRole = "partyRole";
        /// <summary>The agent of an agent or monitor channel.</summary>
        public const string AgentId = "agentId";
        /// <summary>The user of the party, when given.</summary>
        public const string UserId = "userId";
        /// <summary>The reason, for the types that carry one.</summary>
        public const string Reason = "reason";
        /// <summary>When the phase changed (<c>data.timestamp</c>), fixed-width UTC so text order is time order.</summary>
        public const string Timestamp = "timestamp";
        /// <summary>When VCC sent the notification (CloudEvents <c>time</c>), fixed-width UTC.</summary>
        public const string Time = "time";
        /// <summary>The CloudEvents <c>source</c>.</summary>
        public const string Source = "source";
        /// <summary>The CloudEvents <c>id</c>.</summary>
        public const string EventId = "eventId";
        /// <summary>When this app received the event.</summary>
        public const string ReceivedAt = "receivedAt";
        /// <summary>The original CloudEvent, verbatim.</summary>
        public const string Event = "event";
    }

    /// <summary>The format of every time this app writes: fixed width, so ordinal text order is time order.</summary>
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>Formats a moment the way documents store it.</summary>
    public static string FormatTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// The document id of the event with this CloudEvents <c>source</c> and <c>id</c>: the lower-case hex SHA-256
    /// of both, length-prefixed so that no two pairs collide. Always a legal Cosmos id (64 characters of [0-9a-f]),
    /// whatever characters the sender used.
    /// </summary>
    public static string IdFor(string source, string id)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{source.Length}:{source}{id}");
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Writes the document of a validated event as UTF-8 JSON.</summary>
    public static byte[] Write(ChannelEvent channelEvent, DateTimeOffset receivedAt)
    {
        var buffer = new ArrayBufferWriter<byte>(channelEvent.Raw.Length + 768);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(Fields.Id, IdFor(channelEvent.Source, channelEvent.Id));
            writer.WriteString(Fields.ConversationId, channelEvent.ConversationId);
            writer.WriteString(Fields.InteractionId, channelEvent.InteractionId);
            writer.WriteString(Fields.ChannelId, channelEvent.ChannelId);
            writer.WriteString(Fields.Type, channelEvent.Rule.Type);
            writer.WriteString(Fields.Name, channelEvent.Rule.Name);
            writer.WriteString(Fields.Version, channelEvent.Rule.Version);
            writer.WriteString(Fields.PartyRole, channelEvent.PartyRole);
            WriteOptional(writer, Fields.AgentId, channelEvent.AgentId);
            WriteOptional(writer, Fields.UserId, channelEvent.UserId);
            WriteOptional(writer, Fields.Reason, channelEvent.Reason);
            writer.WriteString(Fields.Timestamp, FormatTime(channelEvent.Timestamp));
            writer.WriteString(Fields.Time, FormatTime(channelEvent.Time));
            writer.WriteString(Fields.Source, channelEvent.Source);
            writer.WriteString(Fields.EventId, channelEvent.Id);
            writer.WriteString(Fields.ReceivedAt, FormatTime(receivedAt));
            writer.WritePropertyName(Fields.Event);
            // Already parsed and validated: copy the sender's bytes as they are.
            writer.WriteRawValue(channelEvent.Raw.Span, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Whether a stored document's <c>event</c> is the same CloudEvent as <paramref name="raw"/>.</summary>
    /// <remarks>Compares JSON values, not bytes: a store may re-serialize (member order, number format).</remarks>
    public static bool HasSameEvent(JsonElement storedDocument, ReadOnlyMemory<byte> raw)
    {
        using var incoming = JsonDocument.Parse(raw, new JsonDocumentOptions { MaxDepth = 256 });
        return storedDocument.TryGetProperty(Fields.Event, out var stored)
            && JsonElement.DeepEquals(stored, incoming.RootElement);
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
