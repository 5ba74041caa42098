using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Documents;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Storage;
using ChannelFunctions.Core.Validation;
using ChannelFunctions.Ingest;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Xunit.Abstractions;

namespace ChannelFunctions.Tests.Validation;

/// <summary>
/// Seeded random mutations of valid events (dropped and retyped members, truncation, duplicate keys, deep nesting,
/// huge strings, invalid UTF-8, byte flips, tricky values) through the validator and through the ingest function:
/// nothing may throw, every verdict is an acceptance or a refusal with reasons, what System.Text.Json's document
/// refuses is refused and an accepted event reads as the document reads it, and an accepted event's document carries
/// its bytes verbatim. A failure names the seed and the case.
/// </summary>
public sealed class ValidatorFuzzTests(ITestOutputHelper output)
{
    private const int MutationsPerSeed = 25_000;
    private const int BatchSize = 100;
    private const string Accepted = "accepted";
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static readonly byte[][] Bases =
    [
        TestEvents.SpecExample,
        TestEvents.Valid("channel.connected.v1", id: "2VejGqWZPqHXHVNcfUPUO8IASAq"),
        TestEvents.With(e => { e["type"] = "channel.ended.v0"; e["data"]!["reason"] = "released"; TestEvents.Party(e)["role"] = "external"; TestEvents.Party(e).Remove("agentId"); }),
        TestEvents.With(e => { e["vccregion"] = "eu"; e["data"]!["queue"] = new JsonObject { ["id"] = 7, ["tags"] = new JsonArray("a", 2.5, null, true) }; }),
    ];

    // Written into the JSON as the escapes \ud800 and \udc00, which no .NET string can be serialized to.
    private const string LoneHighSurrogate = "LONE-HIGH-SURROGATE";
    private const string LoneLowSurrogate = "LONE-LOW-SURROGATE";

    private static readonly string[] TrickyStrings =
    [
        "", " ", "1.0", "2.0", "application/json", "Application/JSON; charset=utf-8", "text/plain",
        "channel.alerted.v0", "channel.ended.v1", "channel.alerted.v9", "agent.presencechanged.v0",
        "external", "agent", "monitor", "voicemail", "Agent", "boss",
        "3e71f453-116a-3abc-7769-bc678ef6e080", "3E71F453-116A-3ABC-7769-BC678EF6E080", " 3e71f453-116a-3abc-7769-bc678ef6e080 ",
        "{3e71f453-116a-3abc-7769-bc678ef6e080}", "3e71f453116a3abc7769bc678ef6e080", "740109c1-12d5-430f-9543-131fe5c4edcb",
        "2022-08-30T14:34:36Z", "2022-08-30T14:34:36.6134321Z", "2022-08-30T14:34:36.613432198765Z", "2022-08-30T16:34:36+02:00",
        "2022-08-30T14:34:36", "2022-02-30T14:34:36Z", "2022-08-30T24:00:00Z", "2022-08-30t14:34:36z", "２０２２-08-30T14:34:36Z",
        LoneHighSurrogate, LoneLowSurrogate + "x", "a\u0000b", "é", "💬", "<script>", "\"quoted\"", "back\\slash", "line\nbreak",
    ];

    [Theory]
    [InlineData(20261126)]
    [InlineData(1)]
    [InlineData(424242)]
    [InlineData(987654321)]
    public async Task Random_mutations_never_throw_and_accepted_events_stay_verbatim(int seed)
    {
        var validator = new ChannelEventValidator();
        var random = new Random(seed);
        var counts = new Dictionary<string, int> { [Accepted] = 0, [EventFate.Invalid.Name()] = 0, [EventFate.Unsupported.Name()] = 0 };
        var batch = new List<byte[]>(BatchSize);
        var ingest = new IngestHarness();
        for (var i = 0; i < MutationsPerSeed; i++)
        {
            var raw = Mutate(random);
            try
            {
                var verdict = Check(validator, raw);
                counts[verdict]++;
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException($"seed {seed}, case {i}: {ex.Message}{Environment.NewLine}input (base64): {Convert.ToBase64String(raw)}", ex);
            }

            batch.Add(raw);
            if (batch.Count == BatchSize)
            {
                await ingest.IngestAsync(seed, i, batch);
                batch.Clear();
            }
        }

        output.WriteLine($"seed {seed}: {MutationsPerSeed} mutations: {counts[Accepted]} accepted, {counts[EventFate.Invalid.Name()]} invalid, {counts[EventFate.Unsupported.Name()]} unsupported");
        Assert.True(counts[Accepted] > 0 && counts[EventFate.Invalid.Name()] > 0, "the mutations should produce both verdicts");
    }

    /// <summary>The validator's answer on one input (<see cref="Accepted"/> or the fate's name), and the invariants it must keep.</summary>
    private static string Check(ChannelEventValidator validator, byte[] raw)
    {
        var result = validator.Validate(raw);
        AssertReadsAsTheDocumentDoes(raw, result);
        if (result.IsValid)
        {
            Assert.Empty(result.Errors);
            AssertKeepsVerbatim(result.Event!, raw);
        }
        else
        {
            Assert.Null(result.Event);
            Assert.NotEmpty(result.Errors);
            Assert.All(result.Errors, error => Assert.False(string.IsNullOrWhiteSpace(error.Field) || string.IsNullOrWhiteSpace(error.Rule)));
        }

        return result.Fate?.Name() ?? Accepted;
    }

    /// <summary>
    /// The reference reader: <see cref="JsonDocument"/> with the validator's depth and no duplicate names. What it
    /// cannot read the validator refuses; what the validator accepts, it reads to the same members.
    /// </summary>
    private static void AssertReadsAsTheDocumentDoes(byte[] raw, ValidationResult result)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(raw, new JsonDocumentOptions { MaxDepth = new ValidationOptions().MaxJsonDepth, AllowDuplicateProperties = false });
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            Assert.Equal(EventFate.Invalid, result.Fate);
            return;
        }

        using (document)
        {
            if (result.Event is not { } e)
            {
                return;
            }

            var root = document.RootElement;
            var channel = root.GetProperty("data").GetProperty("channel");
            var party = channel.GetProperty("party");
            Assert.Equal(root.GetProperty("id").GetString(), e.EventId);
            Assert.Equal(root.GetProperty("source").GetString(), e.Source);
            Assert.Equal(root.GetProperty("type").GetString(), e.Type);
            Assert.Equal(channel.GetProperty("conversationId").GetString()!.ToLowerInvariant(), e.ConversationId);
            Assert.Equal(channel.GetProperty("interactionId").GetString()!.ToLowerInvariant(), e.InteractionId);
            Assert.Equal(channel.GetProperty("channelId").GetString()!.ToLowerInvariant(), e.ChannelId);
            Assert.Equal(root.GetProperty("subject").GetString()!.ToLowerInvariant(), e.ChannelId);
            Assert.Equal(party.GetProperty("role").GetString(), e.PartyRole);
            Assert.Equal(party.TryGetProperty("agentId", out var agentId) ? agentId.GetString() : null, e.AgentId);
            Assert.Equal(party.TryGetProperty("userId", out var userId) ? userId.GetString() : null, e.UserId);
        }
    }

    private static void AssertKeepsVerbatim(ChannelEvent channelEvent, byte[] raw)
    {
        var document = ChannelEventDocument.Write(channelEvent);
        Assert.True(document.AsSpan().EndsWith([.. "\"event\":"u8, .. raw, .. "}"u8]), "the document's event is not the input verbatim");
        using var parsed = JsonDocument.Parse(document, new JsonDocumentOptions { MaxDepth = 256 });
    }

    /// <summary>
    /// Batches through the ingest function, as the trigger binds them (bytes), with in-memory stores: it must not
    /// throw, and every event must be stored or kept, never both, the stored ones verbatim and the kept ones with reasons.
    /// </summary>
    private sealed class IngestHarness
    {
        private readonly List<ChannelEvent> _stored = [];
        private readonly List<RejectedEvent> _kept = [];
        private readonly IngestChannelEvents _function;

        public IngestHarness()
        {
            var events = new Mock<IChannelEventStore>();
            events.Setup(s => s.AddAsync(It.IsAny<ChannelEvent>(), It.IsAny<CancellationToken>()))
                .Callback<ChannelEvent, CancellationToken>((e, _) => { lock (_stored) { _stored.Add(e); } })
                .ReturnsAsync(new AddResult(EventFate.Stored));
            var rejected = new Mock<IRejectedEventStore>();
            rejected.Setup(s => s.KeepAsync(It.IsAny<RejectedEvent>(), It.IsAny<CancellationToken>()))
                .Callback<RejectedEvent, CancellationToken>((r, _) => { lock (_kept) { _kept.Add(r); } })
                .ReturnsAsync(true);
            _function = new IngestChannelEvents(new ChannelEventIngestor(
                new ChannelEventValidator(), events.Object, rejected.Object,
                [], Options.Create(new IngestOptions()), TimeProvider.System, NullLogger<ChannelEventIngestor>.Instance));
        }

        public async Task IngestAsync(int seed, int lastCase, List<byte[]> batch)
        {
            _stored.Clear();
            _kept.Clear();
            try
            {
                await _function.RunAsync([.. batch.Select(raw => new BinaryData(raw))], new TestFunctionContext(), CancellationToken.None);
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException($"seed {seed}, batch ending at case {lastCase}: the ingest function threw: {ex.Message}", ex);
            }

            Assert.Equal(batch.Count, _stored.Count + _kept.Count);
            Assert.Equal(_kept.Count, _kept.Select(k => k.Index).Distinct().Count());
            Assert.All(_kept, k =>
            {
                Assert.NotEmpty(k.Reasons);
                Assert.Equal(batch[k.Index], k.Raw.ToArray());
            });
            var expectedStored = Enumerable.Range(0, batch.Count).Except(_kept.Select(k => k.Index))
                .Select(index => Convert.ToBase64String(batch[index])).Order(StringComparer.Ordinal);
            Assert.Equal(expectedStored, _stored.Select(e => Convert.ToBase64String(e.Raw.Span)).Order(StringComparer.Ordinal));
            Assert.All(_stored, e => AssertKeepsVerbatim(e, e.Raw.ToArray()));
        }
    }

    /// <summary>A valid event with one to three random mutations.</summary>
    private static byte[] Mutate(Random random)
    {
        var raw = Bases[random.Next(Bases.Length)];
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations; m++)
        {
            raw = random.Next(13) switch
            {
                10 or 11 or 12 => EditTree(raw, random, TreeEdit.AddUnknown),
                0 => EditTree(raw, random, TreeEdit.Drop),
                1 => EditTree(raw, random, TreeEdit.Retype),
                2 => EditTree(raw, random, TreeEdit.Tricky),
                3 => EditTree(raw, random, TreeEdit.Nest),
                4 => EditTree(raw, random, TreeEdit.Huge),
                5 => raw[..random.Next(raw.Length)],
                6 => DuplicateKey(raw, random),
                7 => InvalidUtf8(raw, random),
                8 => FlipBytes(raw, random),
                _ => EditTree(raw, random, TreeEdit.Tricky),
            };
        }

        return raw;
    }

    private enum TreeEdit
    {
        Drop,
        Retype,
        Tricky,
        Nest,
        Huge,
        AddUnknown,
    }

    /// <summary>Edits one member of a random object of the event, when it still parses as a JSON tree.</summary>
    private static byte[] EditTree(byte[] raw, Random random, TreeEdit edit)
    {
        try
        {
            return EditParsedTree(raw, random, edit);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            // Broken by an earlier mutation (syntax, duplicate keys, bad escapes): leave it as it is.
            return raw;
        }
    }

    private static byte[] EditParsedTree(byte[] raw, Random random, TreeEdit edit)
    {
        var root = JsonNode.Parse(raw, documentOptions: new JsonDocumentOptions { MaxDepth = 512 });
        var objects = new List<JsonObject>();
        Collect(root, objects);
        if (objects.Count == 0)
        {
            return raw;
        }

        var target = objects[random.Next(objects.Count)];
        if (target.Count == 0)
        {
            return raw;
        }

        var name = target.ElementAt(random.Next(target.Count)).Key;
        switch (edit)
        {
            case TreeEdit.Drop:
                target.Remove(name);
                break;
            case TreeEdit.Retype:
                target[name] = random.Next(6) switch
                {
                    0 => JsonValue.Create(random.Next()),
                    1 => JsonValue.Create(random.NextDouble()),
                    2 => JsonValue.Create(random.Next(2) == 0),
                    3 => null,
                    4 => new JsonArray(1, "two"),
                    _ => new JsonObject { ["x"] = 1 },
                };
                break;
            case TreeEdit.Tricky:
                target[name] = TrickyStrings[random.Next(TrickyStrings.Length)];
                break;
            case TreeEdit.Nest:
                var depth = random.Next(1, 300);
                target[name] = JsonNode.Parse(new string('[', depth) + new string(']', depth), documentOptions: new JsonDocumentOptions { MaxDepth = 512 });
                break;
            case TreeEdit.Huge:
                target[name] = new string((char)random.Next('a', 'z' + 1), random.Next(8) switch { 0 => 70_000, 1 or 2 => 1024, 3 or 4 => 1025, _ => random.Next(2000) });
                break;
            case TreeEdit.AddUnknown:
                // Unknown members are allowed anywhere and must be kept: this mostly keeps a valid event valid.
                target[$"x{random.Next(1000)}"] = random.Next(4) switch
                {
                    0 => JsonValue.Create(random.Next()),
                    1 => TrickyStrings[random.Next(TrickyStrings.Length)],
                    2 => new JsonArray(1, "two", new JsonObject { ["three"] = 3.0 }),
                    _ => new JsonObject { ["nested"] = new JsonObject { ["deeper"] = "é💬" } },
                };
                break;
        }

        return Encoding.UTF8.GetBytes(root!.ToJsonString()
            .Replace(LoneHighSurrogate, "\\ud800", StringComparison.Ordinal)
            .Replace(LoneLowSurrogate, "\\udc00", StringComparison.Ordinal));
    }

    private static void Collect(JsonNode? node, List<JsonObject> objects)
    {
        switch (node)
        {
            case JsonObject obj:
                objects.Add(obj);
                foreach (var member in obj)
                {
                    Collect(member.Value, objects);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, objects);
                }

                break;
        }
    }

    /// <summary>Repeats one member (name and value) of its object, by text, so both copies are there.</summary>
    private static byte[] DuplicateKey(byte[] raw, Random random)
    {
        var members = new List<(int Start, int End)>();
        var reader = new Utf8JsonReader(raw, new JsonReaderOptions { MaxDepth = 512 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Read();
                    reader.Skip();
                    members.Add((start, (int)reader.BytesConsumed));
                }
            }
        }
        catch (JsonException)
        {
            // Truncated or broken already: duplicate among the members read so far.
        }

        if (members.Count == 0)
        {
            return raw;
        }

        var (from, to) = members[random.Next(members.Count)];
        return [.. raw.AsSpan(0, from), .. raw.AsSpan(from, to - from), (byte)',', .. raw.AsSpan(from)];
    }

    private static byte[] InvalidUtf8(byte[] raw, Random random)
    {
        byte[][] sequences = [[0x80], [0xC3], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFF], [0xE2, 0x82]];
        var at = random.Next(raw.Length + 1);
        return [.. raw.AsSpan(0, at), .. sequences[random.Next(sequences.Length)], .. raw.AsSpan(at)];
    }

    private static byte[] FlipBytes(byte[] raw, Random random)
    {
        var flipped = raw.ToArray();
        for (var i = random.Next(1, 4); i > 0 && flipped.Length > 0; i--)
        {
            flipped[random.Next(flipped.Length)] = (byte)random.Next(256);
        }

        return flipped;
    }
}
