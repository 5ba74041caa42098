using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Documents;

/// <summary>
/// The Cosmos DB document of one channel event: the fields lookups filter and sort on that need normalizing
/// (GUIDs, times), promoted to the top, and the original CloudEvent verbatim under <c>event</c>. Partitioned by
/// conversation. Nothing derivable is stored twice: what else a lookup needs it reads from <c>event</c>
/// (<see cref="StoredChannelEvent.Fields"/>; docs/ingest.md).
/// </summary>
public static class ChannelEventDocument
{
    /// <summary>
    /// Member names of the document, for the writer and the queries alike, and the paths into <c>event</c> that
    /// queries use where the event's own value serves (verbatim, as the validator accepted it).
    /// </summary>
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
        public const string Type = Event + ".type";
        /// <summary>The agent of an agent or monitor channel: the event's own, a string kept as sent.</summary>
        public const string AgentId = Event + ".data.channel.party.agentId";
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

    /// <summary>Writes the document of a validated event as compact UTF-8 JSON.</summary>
    /// <remarks>
    /// Written by <see cref="Utf8JsonWriter"/> with its default encoder, in this member order; the event's bytes
    /// are copied verbatim (already parsed and validated), and kept once more as base64 under
    /// <see cref="Fields.Original"/> only when the store could not give them back (<see cref="StoreRoundTrip.Survives"/>).
    /// </remarks>
    public static byte[] Write(ChannelEvent channelEvent)
    {
        var (buffer, writer) = DocumentWriter.Rent();
        try
        {
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            Span<byte> text = stackalloc byte[2 * SHA256.HashSizeInBytes];
            HashIdentity(channelEvent.Source, channelEvent.Id, hash);
            Convert.TryToHexStringLower(hash, text, out _);

            writer.WriteStartObject();
            writer.WriteString(IdName, text);
            writer.WriteString(ConversationIdName, channelEvent.ConversationId);
            writer.WriteString(InteractionIdName, channelEvent.InteractionId);
            writer.WriteString(ChannelIdName, channelEvent.ChannelId);
            writer.WriteString(TimestampName, Time(channelEvent.Timestamp, text));
            if (!StoreRoundTrip.Survives(channelEvent.Raw.Span))
            {
                writer.WriteBase64String(OriginalName, channelEvent.Raw.Span);
            }

            writer.WritePropertyName(EventName);
            writer.WriteRawValue(channelEvent.Raw.Span, skipInputValidation: true);
            writer.WriteEndObject();
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            DocumentWriter.Return(buffer, writer);
        }
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

    /// <summary>A moment as the 28 UTF-8 bytes of <see cref="TimeFormat"/>.</summary>
    private static ReadOnlySpan<byte> Time(DateTimeOffset value, Span<byte> text)
    {
        // For a UTC DateTime, the round-trip format "O" is TimeFormat, and much faster than a custom format.
        value.UtcDateTime.TryFormat(text, out var written, "O", CultureInfo.InvariantCulture);
        return text[..written];
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

    /// <summary>
    /// One buffer and writer per thread, reused from document to document: <see cref="Write"/> is synchronous, so
    /// a thread never needs two at once. A buffer grown by an unusually large event is let go rather than kept.
    /// </summary>
    private static class DocumentWriter
    {
        private const int KeepCapacity = 16 * 1024;

        // Compact, default encoder; the structure is fixed here, so the writer need not check it.
        private static readonly JsonWriterOptions Options = new() { SkipValidation = true };

        [ThreadStatic]
        private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? t_writer;

        public static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer) Rent()
        {
            if (t_writer is { } kept)
            {
                t_writer = null;
                return kept;
            }

            var buffer = new ArrayBufferWriter<byte>(4096);
            return (buffer, new Utf8JsonWriter(buffer, Options));
        }

        public static void Return(ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer)
        {
            if (buffer.Capacity <= KeepCapacity)
            {
                buffer.ResetWrittenCount();
                writer.Reset(buffer);
                t_writer = (buffer, writer);
            }
            else
            {
                writer.Dispose();
            }
        }
    }
}
