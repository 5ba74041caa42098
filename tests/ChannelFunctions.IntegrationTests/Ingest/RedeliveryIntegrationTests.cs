using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Documents;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Storage;
using ChannelFunctions.Core.Validation;
using ChannelFunctions.IntegrationTests.Servers;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ChannelFunctions.IntegrationTests.Ingest;

/// <summary>
/// A redelivery is never a conflict: events re-serialized by the Functions host's Event Grid extension
/// (Newtonsoft.Json, <c>JsonConvert.SerializeObject(JObject.Parse(x))</c> with default settings, as the host does)
/// and by the store (the local Cosmos DB protocol server) are duplicates of what arrived first; one event's content
/// never fails its batch.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class RedeliveryIntegrationTests(ServersFixture servers)
{
    private static readonly ChannelEventValidator Validator = new();

    private static byte[] ThroughTheHost(byte[] raw) =>
        Encoding.UTF8.GetBytes(JsonConvert.SerializeObject(JObject.Parse(Encoding.UTF8.GetString(raw))));

    private static byte[] WithData(string member, string json, string id) =>
        TestEvents.With(e => { e["id"] = id; e["data"]![member] = JsonNode.Parse(json); });

    private static async Task<JsonDocument> ReadAsync(Container container, ChannelEvent channelEvent)
    {
        using var response = await container.ReadItemStreamAsync(
            EventIdentity.Key(channelEvent.Source, channelEvent.EventId), new PartitionKey(channelEvent.ConversationId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonDocument.ParseAsync(response.Content);
    }

    [Fact]
    public async Task The_store_gives_numbers_back_as_doubles_and_the_document_keeps_what_arrived()
    {
        await using var stack = await IngestStack.CreateAsync(servers);
        var raw = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(TestEvents.Valid(id: "numbers"))
            .Replace("\"timestamp\"", "\"count\":9007199254740993,\"small\":1e-07,\"timestamp\"", StringComparison.Ordinal));
        await stack.DeliverAsync(raw);

        using var document = await ReadAsync(stack.Container, Validator.Validate(raw).Event!);

        // What the local server does to numbers (real Cosmos DB keeps 64-bit integers, not 17+ significant digits).
        var data = document.RootElement.GetProperty("event").GetProperty("data");
        Assert.Equal("9007199254740992", data.GetProperty("count").GetRawText());
        Assert.Equal("1e-7", data.GetProperty("small").GetRawText());
        // So the bytes as they arrived are kept beside the event.
        Assert.Equal(raw, document.RootElement.GetProperty("original").GetBytesFromBase64());

        var again = await stack.IngestAsync(raw, ThroughTheHost(raw), Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(raw).Replace("740993", "740994", StringComparison.Ordinal)));

        Assert.Equal([EventFate.Duplicate, EventFate.Duplicate, EventFate.Conflicting], again.Outcomes.Select(o => o.Fate));
    }

    [Fact]
    public async Task An_event_whose_numbers_survive_the_store_is_stored_once_without_a_copy()
    {
        await using var stack = await IngestStack.CreateAsync(servers);
        var raw = WithData("counts", "[0,-1,2.5,1e-07,9007199254740992,123456789012345]", "doubles");
        await stack.DeliverAsync(raw);

        using var document = await ReadAsync(stack.Container, Validator.Validate(raw).Event!);

        Assert.False(document.RootElement.TryGetProperty("original", out _));
        Assert.Equal(EventFate.Duplicate, (await stack.IngestAsync(raw)).Outcomes.Single().Fate);
    }

    [Fact]
    public async Task Events_re_serialized_by_the_host_are_duplicates_never_conflicts()
    {
        await using var stack = await IngestStack.CreateAsync(servers);
        byte[][] batch =
        [
            TestEvents.Valid(id: "plain"),
            // The spec example's time and timestamp, and more date-times, in forms Newtonsoft writes back otherwise.
            TestEvents.With(e => { e["id"] = "times"; e["time"] = "2022-08-30T14:34:36.6134320Z"; e["data"]!["timestamp"] = "2022-08-30T14:34:36.100Z"; }),
            TestEvents.With(e => { e["id"] = "offsets"; e["time"] = "2022-08-30T16:34:36+02:00"; e["data"]!["at"] = "2022-08-30T16:34:36.5-05:30"; }),
            Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(TestEvents.Valid(id: "escapes")).Replace("\"timestamp\"", "\"note\":\"caf\\u00e9 \\/ \\ud83d\\udcac \\u003c\",\"timestamp\"", StringComparison.Ordinal)),
            WithData("queue", """{"id":42,"weight":1.50,"tiny":1e-07,"big":12345678901234567890,"flags":[true,false,null]}""", "numbers"),
        ];
        var first = await stack.IngestAsync(batch);
        Assert.All(first.Outcomes, outcome => Assert.Equal(EventFate.Stored, outcome.Fate));

        var redelivered = batch.Select(ThroughTheHost).ToArray();
        Assert.NotEqual(batch.Select(Encoding.UTF8.GetString), redelivered.Select(Encoding.UTF8.GetString));
        var again = await stack.IngestAsync(redelivered);

        Assert.All(again.Outcomes, outcome => Assert.Equal(EventFate.Duplicate, outcome.Fate));
        Assert.Empty(await stack.BlobNamesAsync());
    }

    [Fact]
    public async Task A_stored_lone_surrogate_does_not_fail_its_redeliveries()
    {
        // Stored by an earlier version, whose validator let an escaped unpaired surrogate through in data.
        await using var stack = await IngestStack.CreateAsync(servers);
        var raw = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(TestEvents.Valid(id: "surrogate")).Replace("\"timestamp\"", "\"note\":\"\\ud800\",\"timestamp\"", StringComparison.Ordinal));
        var channelEvent = Validator.Validate(TestEvents.Valid(id: "surrogate")).Event! with { Raw = raw };
        var store = stack.Get<IChannelEventStore>();
        Assert.Equal(EventFate.Stored, (await store.AddAsync(channelEvent, CancellationToken.None)).Fate);

        var again = await store.AddAsync(channelEvent, CancellationToken.None);

        Assert.Equal(EventFate.Duplicate, again.Fate);
    }

    [Fact]
    public async Task A_stored_document_the_comparison_cannot_read_refuses_that_event_alone()
    {
        await using var stack = await IngestStack.CreateAsync(servers);
        var raw = TestEvents.Valid(id: "unreadable");
        var channelEvent = Validator.Validate(raw).Event!;
        // A document at the event's id whose kept original is not JSON: what the comparison reads is broken.
        var broken = new JsonObject
        {
            ["id"] = EventIdentity.Key(channelEvent.Source, channelEvent.EventId),
            ["conversationId"] = channelEvent.ConversationId,
            ["original"] = Convert.ToBase64String("{\"id\":"u8),
            ["event"] = JsonNode.Parse(raw),
        };
        using var created = await stack.Container.CreateItemStreamAsync(
            new MemoryStream(Encoding.UTF8.GetBytes(broken.ToJsonString())), new PartitionKey(channelEvent.ConversationId));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var report = await stack.IngestAsync(raw, TestEvents.Valid(id: "fine"));

        Assert.Equal([EventFate.Refused, EventFate.Stored], report.Outcomes.Select(o => o.Fate));
        Assert.Contains("could not be compared with the event stored first", report.Outcomes[0].Reasons.Single(), StringComparison.Ordinal);
        Assert.Single(await stack.BlobNamesAsync());
    }
}
