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
    private static readonly DateTimeOffset ReceivedAt = new(2022, 8, 30, 14, 34, 37, TimeSpan.Zero);
    private readonly ChannelEventValidator _validator = new();

    private JsonElement WriteDocument(byte[] raw)
    {
        var document = ChannelEventDocument.Write(_validator.Validate(raw).Event!, ReceivedAt);
        return JsonDocument.Parse(document).RootElement.Clone();
    }

    [Fact]
    public void Promotes_the_fields_lookups_need()
    {
        var document = WriteDocument(TestEvents.SpecExample);

        Assert.Equal(ChannelEventDocument.IdFor("/channel", "2VejGqWZPqHXHVNcfUPUO8IASAp"), document.GetProperty("id").GetString());
        Assert.Equal("3e71f453-116a-3abc-7769-bc678ef6e080", document.GetProperty("conversationId").GetString());
        Assert.Equal("1371f451-116a-4abc-8869-bc678ef67070", document.GetProperty("interactionId").GetString());
        Assert.Equal("740109c1-12d5-430f-9543-131fe5c4edcb", document.GetProperty("channelId").GetString());
        Assert.Equal("channel.alerted.v0", document.GetProperty("type").GetString());
        Assert.Equal("channel.alerted", document.GetProperty("name").GetString());
        Assert.Equal("v0", document.GetProperty("version").GetString());
        Assert.Equal("agent", document.GetProperty("partyRole").GetString());
        Assert.Equal("1544", document.GetProperty("agentId").GetString());
        Assert.Equal("ef71f453-556a-3abc-7769-bc678ef6e090", document.GetProperty("userId").GetString());
        Assert.Equal("2022-08-30T14:34:36.0880000Z", document.GetProperty("timestamp").GetString());
        Assert.Equal("2022-08-30T14:34:36.6134321Z", document.GetProperty("time").GetString());
        Assert.Equal("/channel", document.GetProperty("source").GetString());
        Assert.Equal("2VejGqWZPqHXHVNcfUPUO8IASAp", document.GetProperty("eventId").GetString());
        Assert.Equal("2022-08-30T14:34:37.0000000Z", document.GetProperty("receivedAt").GetString());
        Assert.False(document.TryGetProperty("reason", out _));
    }

    [Fact]
    public void Keeps_the_original_event_bytes_verbatim_including_unknown_members()
    {
        var raw = TestEvents.With(e => { e["vccregion"] = "eu"; e["data"]!["extra"] = new System.Text.Json.Nodes.JsonArray(1, 2.50, "x"); });

        var document = ChannelEventDocument.Write(_validator.Validate(raw).Event!, ReceivedAt);

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
        var documentId = ChannelEventDocument.IdFor(source, id);

        Assert.Matches("^[0-9a-f]{64}$", documentId);
        Assert.Equal(documentId, ChannelEventDocument.IdFor(source, id));
    }

    [Fact]
    public void Ids_of_different_identities_differ_even_when_concatenations_match() =>
        Assert.NotEqual(ChannelEventDocument.IdFor("/chan", "nel1"), ChannelEventDocument.IdFor("/channel", "1"));

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

        Assert.Equal(Expected(source, id), ChannelEventDocument.IdFor(source, id));
        Assert.Equal(Expected(longSource, id), ChannelEventDocument.IdFor(longSource, id));
    }

    [Theory]
    [InlineData("1544", "ef71f453-556a-3abc-7769-bc678ef6e090", "/channel")]
    [InlineData("Ünal <&> 'quoted' \"x\" + `tick`", "tab\there\nnewline", "https://vcc.example/a?b+c&d")]
    [InlineData("💬", "\u007f\u0001", "/ch\\annel")]
    public void Writes_the_bytes_a_Utf8JsonWriter_writes(string agentId, string userId, string source)
    {
        var channelEvent = _validator.Validate(TestEvents.SpecExample).Event! with
        {
            AgentId = agentId,
            UserId = userId,
            Source = source,
            Reason = agentId + userId,
            Time = new DateTimeOffset(2022, 8, 30, 16, 34, 36, TimeSpan.FromHours(2)).AddTicks(7),
        };

        Assert.Equal(Encoding.UTF8.GetString(WrittenByUtf8JsonWriter(channelEvent, ReceivedAt)), Encoding.UTF8.GetString(ChannelEventDocument.Write(channelEvent, ReceivedAt)));
    }

    [Fact]
    public void Types_names_versions_and_roles_are_plain_text_that_needs_no_escaping()
    {
        // Write copies these without the escaping check; a new type or role with such characters must fail here.
        var plain = ChannelEventTypes.All.SelectMany(rule => new[] { rule.Type, rule.Name, rule.Version }).Concat(PartyRoles.All);

        Assert.All(plain, text => Assert.Equal($"\"{text}\"", JsonSerializer.Serialize(text)));
    }

    /// <summary>The document as Utf8JsonWriter, with its default options, writes it: the format Write keeps to.</summary>
    private static byte[] WrittenByUtf8JsonWriter(ChannelEvent e, DateTimeOffset receivedAt)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", ChannelEventDocument.IdFor(e.Source, e.Id));
            writer.WriteString("conversationId", e.ConversationId);
            writer.WriteString("interactionId", e.InteractionId);
            writer.WriteString("channelId", e.ChannelId);
            writer.WriteString("type", e.Rule.Type);
            writer.WriteString("name", e.Rule.Name);
            writer.WriteString("version", e.Rule.Version);
            writer.WriteString("partyRole", e.PartyRole);
            foreach (var (name, value) in new[] { ("agentId", e.AgentId), ("userId", e.UserId), ("reason", e.Reason) })
            {
                if (value is not null)
                {
                    writer.WriteString(name, value);
                }
            }

            writer.WriteString("timestamp", e.Timestamp.UtcDateTime.ToString(ChannelEventDocument.TimeFormat, CultureInfo.InvariantCulture));
            writer.WriteString("time", e.Time.UtcDateTime.ToString(ChannelEventDocument.TimeFormat, CultureInfo.InvariantCulture));
            writer.WriteString("source", e.Source);
            writer.WriteString("eventId", e.Id);
            writer.WriteString("receivedAt", receivedAt.UtcDateTime.ToString(ChannelEventDocument.TimeFormat, CultureInfo.InvariantCulture));
            writer.WritePropertyName("event");
            writer.WriteRawValue(e.Raw.Span, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
