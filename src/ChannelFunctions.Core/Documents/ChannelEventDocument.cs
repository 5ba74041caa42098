using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Documents;

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

    /// <summary>The characters the default JSON encoder writes as they are: printable ASCII but <c>"&amp;'+&lt;&gt;\`</c>.</summary>
    private static readonly SearchValues<char> Unescaped = SearchValues.Create(
        [.. Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c).Where(c => !"\"&'+<>\\`".Contains(c, StringComparison.Ordinal))]);

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
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        HashIdentity(source, id, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Writes the document of a validated event as UTF-8 JSON.</summary>
    /// <remarks>
    /// Compact, in this member order, strings escaped as <see cref="Utf8JsonWriter"/> escapes them by default, and
    /// the event's bytes copied verbatim: the bytes a <see cref="Utf8JsonWriter"/> would write, written directly
    /// because every member but the event is a short string.
    /// </remarks>
    public static byte[] Write(ChannelEvent channelEvent, DateTimeOffset receivedAt)
    {
        var buffer = DocumentBuffer.Rent();
        try
        {
            Append(buffer, "{\"id\":\""u8);
            AppendHashId(buffer, channelEvent.Source, channelEvent.Id);
            Append(buffer, "\",\"conversationId\":"u8);
            AppendPlain(buffer, channelEvent.ConversationId);
            Append(buffer, ",\"interactionId\":"u8);
            AppendPlain(buffer, channelEvent.InteractionId);
            Append(buffer, ",\"channelId\":"u8);
            AppendPlain(buffer, channelEvent.ChannelId);
            Append(buffer, ",\"type\":"u8);
            AppendPlain(buffer, channelEvent.Rule.Type);
            Append(buffer, ",\"name\":"u8);
            AppendPlain(buffer, channelEvent.Rule.Name);
            Append(buffer, ",\"version\":"u8);
            AppendPlain(buffer, channelEvent.Rule.Version);
            Append(buffer, ",\"partyRole\":"u8);
            AppendPlain(buffer, channelEvent.PartyRole);
            AppendOptional(buffer, ",\"agentId\":"u8, channelEvent.AgentId);
            AppendOptional(buffer, ",\"userId\":"u8, channelEvent.UserId);
            AppendOptional(buffer, ",\"reason\":"u8, channelEvent.Reason);
            Append(buffer, ",\"timestamp\":"u8);
            AppendTime(buffer, channelEvent.Timestamp);
            Append(buffer, ",\"time\":"u8);
            AppendTime(buffer, channelEvent.Time);
            Append(buffer, ",\"source\":"u8);
            AppendString(buffer, channelEvent.Source);
            Append(buffer, ",\"eventId\":"u8);
            AppendString(buffer, channelEvent.Id);
            Append(buffer, ",\"receivedAt\":"u8);
            AppendTime(buffer, receivedAt);
            Append(buffer, ",\"event\":"u8);
            // Already parsed and validated: copy the sender's bytes as they are.
            Append(buffer, channelEvent.Raw.Span);
            Append(buffer, "}"u8);
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            DocumentBuffer.Return(buffer);
        }
    }

    /// <summary>Whether a stored document's <c>event</c> is the same CloudEvent as <paramref name="raw"/>.</summary>
    /// <remarks>Compares JSON values, not bytes: a store may re-serialize (member order, number format).</remarks>
    public static bool HasSameEvent(JsonElement storedDocument, ReadOnlyMemory<byte> raw)
    {
        using var incoming = JsonDocument.Parse(raw, new JsonDocumentOptions { MaxDepth = 256 });
        return storedDocument.TryGetProperty(Fields.Event, out var stored)
            && JsonElement.DeepEquals(stored, incoming.RootElement);
    }

    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    /// <summary>The SHA-256 of the UTF-8 of <c>{source.Length}:{source}{id}</c>.</summary>
    private static void HashIdentity(string source, string id, Span<byte> hash)
    {
        // Unpaired surrogates become U+FFFD, as Encoding.UTF8 does. The two parts are encoded one after the other,
        // unless a surrogate pair would straddle the seam, which only encoding them as one string keeps.
        if (source.Length > 0 && char.IsHighSurrogate(source[^1]))
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{source.Length}:{source}{id}")), hash);
            return;
        }

        var length = 11 + 1 + Encoding.UTF8.GetMaxByteCount(source.Length + id.Length);
        byte[]? rented = null;
        var buffer = length <= 1024 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            source.Length.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture);
            buffer[written++] = (byte)':';
            written += Encoding.UTF8.GetBytes(source, buffer[written..]);
            written += Encoding.UTF8.GetBytes(id, buffer[written..]);
            // One hash object per thread: the one-shot SHA256.HashData sets up and tears down a digest each call.
            var sha256 = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            sha256.AppendData(buffer[..written]);
            sha256.GetHashAndReset(hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static void Append(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> bytes) => buffer.Write(bytes);

    private static void AppendHashId(ArrayBufferWriter<byte> buffer, string source, string id)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        HashIdentity(source, id, hash);
        Convert.TryToHexStringLower(hash, buffer.GetSpan(2 * SHA256.HashSizeInBytes), out var written);
        buffer.Advance(written);
    }

    private static void AppendOptional(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> member, string? value)
    {
        if (value is not null)
        {
            Append(buffer, member);
            AppendString(buffer, value);
        }
    }

    /// <summary>
    /// A string the validator or the type table vouches for (normalized GUIDs, types, roles), written without an
    /// escaping pass: none of them can need one (unit tests check the table; debug builds assert it here).
    /// </summary>
    private static void AppendPlain(ArrayBufferWriter<byte> buffer, string value)
    {
        Debug.Assert(!NeedsEscaping(value), $"'{value}' needs escaping");
        var text = buffer.GetSpan(value.Length + 2);
        text[0] = (byte)'"';
        var written = Encoding.UTF8.GetBytes(value, text[1..]);
        text[written + 1] = (byte)'"';
        buffer.Advance(written + 2);
    }

    /// <summary>A JSON string, escaped exactly as <see cref="Utf8JsonWriter"/> does with its default encoder.</summary>
    private static void AppendString(ArrayBufferWriter<byte> buffer, string value)
    {
        if (NeedsEscaping(value))
        {
            Append(buffer, "\""u8);
            Append(buffer, JsonEncodedText.Encode(value).EncodedUtf8Bytes);
            Append(buffer, "\""u8);
            return;
        }

        // Printable ASCII only: one byte a character.
        var text = buffer.GetSpan(value.Length + 2);
        text[0] = (byte)'"';
        var written = Encoding.ASCII.GetBytes(value, text[1..]);
        text[written + 1] = (byte)'"';
        buffer.Advance(written + 2);
    }

    /// <summary>Whether the default encoder escapes any character of it: all but printable ASCII, and <c>"&amp;'+&lt;&gt;\`</c>.</summary>
    private static bool NeedsEscaping(string value) => value.AsSpan().ContainsAnyExcept(Unescaped);

    private static void AppendTime(ArrayBufferWriter<byte> buffer, DateTimeOffset value)
    {
        var text = buffer.GetSpan(TimeFormat.Length + 2);
        text[0] = (byte)'"';
        // For a UTC DateTime, the round-trip format "O" is TimeFormat, and much faster than a custom format.
        value.UtcDateTime.TryFormat(text[1..], out var written, "O", CultureInfo.InvariantCulture);
        text[written + 1] = (byte)'"';
        buffer.Advance(written + 2);
    }

    /// <summary>
    /// One buffer per thread, reused from document to document: <see cref="Write"/> is synchronous, so a thread never
    /// needs two at once. A buffer grown by an unusually large event is let go rather than kept.
    /// </summary>
    private static class DocumentBuffer
    {
        private const int KeepCapacity = 16 * 1024;

        [ThreadStatic]
        private static ArrayBufferWriter<byte>? t_buffer;

        public static ArrayBufferWriter<byte> Rent()
        {
            var buffer = t_buffer ?? new ArrayBufferWriter<byte>(4096);
            t_buffer = null;
            return buffer;
        }

        public static void Return(ArrayBufferWriter<byte> buffer)
        {
            if (buffer.Capacity <= KeepCapacity)
            {
                buffer.ResetWrittenCount();
                t_buffer = buffer;
            }
        }
    }
}
