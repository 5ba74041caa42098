using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Documents;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Validation;

namespace ChannelFunctions.Tests.Documents;

public sealed class ChannelEventDocumentTests
{
    private readonly ChannelEventValidator _validator = new();

    private JsonElement WriteDocument(byte[] raw)
    {
        var document = ChannelEventDocument.Write(_validator.Validate(raw).Event!);
        return JsonDocument.Parse(document).RootElement.Clone();
    }

    [Fact]
    public void Promotes_the_fields_lookups_need()
    {
        var document = WriteDocument(TestEvents.SpecExample);

        Assert.Equal(EventIdentity.Key("/channel", "2VejGqWZPqHXHVNcfUPUO8IASAp"), document.GetProperty("id").GetString());
        Assert.Equal("3e71f453-116a-3abc-7769-bc678ef6e080", document.GetProperty("conversationId").GetString());
        Assert.Equal("1371f451-116a-4abc-8869-bc678ef67070", document.GetProperty("interactionId").GetString());
        Assert.Equal("740109c1-12d5-430f-9543-131fe5c4edcb", document.GetProperty("channelId").GetString());
        Assert.Equal("2022-08-30T14:34:36.0880000Z", document.GetProperty("timestamp").GetString());
        Assert.Equal(
            ["id", "conversationId", "interactionId", "channelId", "timestamp", "event"],
            document.EnumerateObject().Select(member => member.Name));
    }

    [Fact]
    public void Stores_nothing_the_event_already_says_but_what_lookups_filter_or_sort_on()
    {
        var raw = TestEvents.SpecExample;

        var document = ChannelEventDocument.Write(_validator.Validate(raw).Event!);

        // Today's documents: the spec example, 663 bytes, in 1,245 (1.9x) before the derivable members went.
        Assert.Equal(663, raw.Length);
        Assert.True(document.Length <= raw.Length * 1.6, $"{document.Length} bytes for a {raw.Length}-byte event");
    }

    [Theory]
    [InlineData("9007199254740993")]
    [InlineData("0.10000000000000000001")]
    [InlineData("1e400")]
    [InlineData("123456789012345678901234567890")]
    public void Keeps_the_bytes_as_received_when_a_number_would_not_survive_the_store(string number)
    {
        var raw = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(TestEvents.SpecExample).Replace("\"timestamp\"", $"\"count\":{number},\"timestamp\"", StringComparison.Ordinal));

        var document = WriteDocument(raw);

        Assert.Equal(raw, document.GetProperty("original").GetBytesFromBase64());
        Assert.True(ChannelEventDocument.HasSameEvent(document, raw));
    }

    [Fact]
    public void Keeps_no_second_copy_when_every_number_survives_the_store()
    {
        var raw = TestEvents.With(e => e["data"]!["counts"] = new System.Text.Json.Nodes.JsonArray(0, -1, 2.5, 1e-7, 9007199254740992, 123456789012345));

        Assert.False(WriteDocument(raw).TryGetProperty("original", out _));
    }

    [Fact]
    public void A_redelivery_is_compared_with_the_bytes_kept_as_received()
    {
        // The store gives 9007199254740993 back as ...992; the kept original still tells ...994 apart from it.
        var raw = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(TestEvents.SpecExample).Replace("\"timestamp\"", "\"count\":9007199254740993,\"timestamp\"", StringComparison.Ordinal));
        var document = WriteDocument(raw);

        Assert.True(ChannelEventDocument.HasSameEvent(document, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(raw).Replace("740993", "740993.0", StringComparison.Ordinal))));
        Assert.False(ChannelEventDocument.HasSameEvent(document, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(raw).Replace("1544", "1545", StringComparison.Ordinal))));
    }

    [Fact]
    public void Keeps_the_original_event_bytes_verbatim_including_unknown_members()
    {
        var raw = TestEvents.With(e => { e["vccregion"] = "eu"; e["data"]!["extra"] = new System.Text.Json.Nodes.JsonArray(1, 2.50, "x"); });

        var document = ChannelEventDocument.Write(_validator.Validate(raw).Event!);

        var text = Encoding.UTF8.GetString(document);
        Assert.Contains("\"event\":" + Encoding.UTF8.GetString(raw) + "}", text, StringComparison.Ordinal);
        using var parsed = JsonDocument.Parse(document);
        using var original = JsonDocument.Parse(raw);
        Assert.True(JsonElement.DeepEquals(original.RootElement, parsed.RootElement.GetProperty("event")));
    }

    [Fact]
    public void Times_are_fixed_width_so_text_order_is_time_order()
    {
        var early = ChannelEventDocument.FormatTime(new DateTimeOffset(2022, 8, 30, 14, 34, 36, TimeSpan.Zero).AddTicks(9));
        var late = ChannelEventDocument.FormatTime(new DateTimeOffset(2022, 8, 30, 14, 34, 36, 100, TimeSpan.Zero));

        Assert.Equal(early.Length, late.Length);
        Assert.True(string.CompareOrdinal(early, late) < 0);
        Assert.Equal("2022-08-30T12:34:36.0000000Z", ChannelEventDocument.FormatTime(new DateTimeOffset(2022, 8, 30, 14, 34, 36, TimeSpan.FromHours(2))));
    }

    [Theory]
    [InlineData("/channel", "2VejGqWZPqHXHVNcfUPUO8IASAp")]
    [InlineData("https://vcc.example/a?b#c", "id/with\\slashes?and#hashes")]
    [InlineData("ünïcødé", "💬")]
    public void Ids_are_legal_cosmos_ids_whatever_the_characters(string source, string id)
    {
        var documentId = EventIdentity.Key(source, id);

        Assert.Matches("^[0-9a-f]{64}$", documentId);
        Assert.Equal(documentId, EventIdentity.Key(source, id));
    }

    [Fact]
    public void Ids_of_different_identities_differ_even_when_concatenations_match() =>
        Assert.NotEqual(EventIdentity.Key("/chan", "nel1"), EventIdentity.Key("/channel", "1"));

    [Fact]
    public void Same_event_compares_by_json_value_not_member_order_or_whitespace()
    {
        var stored = WriteDocument(TestEvents.SpecExample);
        var reordered = Encoding.UTF8.GetBytes(
            """{"id":"2VejGqWZPqHXHVNcfUPUO8IASAp","specversion":"1.0","type":"channel.alerted.v0","source":"/channel","subject":"740109c1-12d5-430f-9543-131fe5c4edcb","time":"2022-08-30T14:34:36.6134321Z","datacontenttype":"application/json","data":{"channel":{"conversationId":"3e71f453-116a-3abc-7769-bc678ef6e080","interactionId":"1371f451-116a-4abc-8869-bc678ef67070","channelId":"740109c1-12d5-430f-9543-131fe5c4edcb","party":{"agentId":"1544","role":"agent","userId":"ef71f453-556a-3abc-7769-bc678ef6e090"}},"timestamp":"2022-08-30T14:34:36.088Z"}}""");

        Assert.True(ChannelEventDocument.HasSameEvent(stored, reordered));
        Assert.False(ChannelEventDocument.HasSameEvent(stored, TestEvents.With(e => TestEvents.Party(e)["agentId"] = "1545")));
    }

    [Theory]
    [InlineData("/channel", "2VejGqWZPqHXHVNcfUPUO8IASAp")]
    [InlineData("", "")]
    [InlineData("ünïcødé", "💬")]
    [InlineData("ends high \ud83d", "\udcac starts low")]
    [InlineData("lone \udcac", "lone \ud83d")]
    public void Ids_hash_the_utf8_of_the_length_prefixed_identity(string source, string id)
    {
        static string Expected(string source, string id) =>
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{source.Length}:{source}{id}")));
        var longSource = new string('s', 2000) + source;

        Assert.Equal(Expected(source, id), EventIdentity.Key(source, id));
        Assert.Equal(Expected(longSource, id), EventIdentity.Key(longSource, id));
    }

    [Theory]
    [InlineData("/channel")]
    [InlineData("https://vcc.example/a?b+c&d <&> 'quoted' \"x\" `tick`")]
    [InlineData("/ch\\annel 💬\u007f\u0001 tab\there\nnewline")]
    public void Writes_the_bytes_a_Utf8JsonWriter_writes(string source)
    {
        var validated = _validator.Validate(TestEvents.SpecExample).Event!;
        var channelEvent = validated with
        {
            Source = source,
            DocumentId = EventIdentity.Key(source, validated.EventId),
            Timestamp = new DateTimeOffset(2022, 8, 30, 16, 34, 36, TimeSpan.FromHours(2)).AddTicks(7),
        };

        Assert.Equal(Encoding.UTF8.GetString(WrittenByUtf8JsonWriter(channelEvent)), Encoding.UTF8.GetString(ChannelEventDocument.Write(channelEvent)));
    }

    /// <summary>The document as a plain Utf8JsonWriter, with its default options, writes it: the format Write keeps to.</summary>
    private static byte[] WrittenByUtf8JsonWriter(ChannelEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", EventIdentity.Key(e.Source, e.EventId));
            writer.WriteString("conversationId", e.ConversationId);
            writer.WriteString("interactionId", e.InteractionId);
            writer.WriteString("channelId", e.ChannelId);
            writer.WriteString("timestamp", e.Timestamp.UtcDateTime.ToString(ChannelEventDocument.TimeFormat, CultureInfo.InvariantCulture));
            writer.WritePropertyName("event");
            writer.WriteRawValue(e.Raw.Span, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
