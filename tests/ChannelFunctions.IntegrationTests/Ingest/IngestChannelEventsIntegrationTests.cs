using System.Net;
using System.Text.Json;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Documents;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Storage;
using ChannelFunctions.IntegrationTests.Servers;
using Microsoft.Azure.Cosmos;

namespace ChannelFunctions.IntegrationTests.Ingest;

/// <summary>The ingest function against real Azurite and the Cosmos DB protocol server.</summary>
[Collection(ServersCollection.Name)]
public sealed class IngestChannelEventsIntegrationTests(ServersFixture servers)
{
    private static async Task<JsonElement> ReadDocumentAsync(Container container, byte[] raw)
    {
        using var original = JsonDocument.Parse(raw);
        var source = original.RootElement.GetProperty("source").GetString()!;
        var id = original.RootElement.GetProperty("id").GetString()!;
        var conversationId = original.RootElement.GetProperty("data").GetProperty("channel").GetProperty("conversationId").GetString()!;
        using var response = await container.ReadItemStreamAsync(EventIdentity.Key(source, id), new PartitionKey(conversationId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = await JsonDocument.ParseAsync(response.Content);
        return document.RootElement.Clone();
    }

    private static void AssertKeepsEvent(JsonElement document, byte[] raw)
    {
        using var original = JsonDocument.Parse(raw);
        Assert.True(JsonElement.DeepEquals(original.RootElement, document.GetProperty("event")), "the stored event differs from the input");
    }

    [Fact]
    public async Task Stores_each_valid_event_under_its_conversation_and_reads_it_back()
    {
        await using var stack = await IngestStack.CreateAsync(servers);
        var alerted = TestEvents.With(e => { e["vccregion"] = "eu"; e["data"]!["queue"] = "sales"; });
        var connected = TestEvents.Valid("channel.connected.v1", id: "2VejGqWZPqHXHVNcfUPUO8IASAq");

        await stack.DeliverAsync(alerted, connected);

        var document = await ReadDocumentAsync(stack.Container, alerted);
        Assert.Equal("3e71f453-116a-3abc-7769-bc678ef6e080", document.GetProperty("conversationId").GetString());
        Assert.Equal("740109c1-12d5-430f-9543-131fe5c4edcb", document.GetProperty("channelId").GetString());
        Assert.Equal("2022-08-30T14:34:36.0880000Z", document.GetProperty("timestamp").GetString());
        AssertKeepsEvent(document, alerted);
        Assert.Equal("eu", document.GetProperty("event").GetProperty("vccregion").GetString());
        AssertKeepsEvent(await ReadDocumentAsync(stack.Container, connected), connected);
        Assert.Equal(2, await stack.CountDocumentsAsync());
        Assert.Empty(await stack.BlobNamesAsync());
    }

    [Fact]
    public async Task A_redelivered_batch_changes_nothing()
    {
        await using var stack = await IngestStack.CreateAsync(servers);
        byte[][] batch = [TestEvents.Valid(id: "a"), TestEvents.Valid(id: "b"), TestEvents.With(e => e["id"] = 1)];
        await stack.DeliverAsync(batch);
        var before = await ReadDocumentAsync(stack.Container, batch[0]);

        var again = await stack.IngestAsync(batch);

        Assert.Equal([EventFate.Duplicate, EventFate.Duplicate, EventFate.Invalid], again.Outcomes.Select(o => o.Fate));
        var after = await ReadDocumentAsync(stack.Container, batch[0]);
        Assert.Equal(before.GetProperty("_etag").GetString(), after.GetProperty("_etag").GetString());
        Assert.Equal(before.GetProperty("_ts").GetInt64(), after.GetProperty("_ts").GetInt64());
        Assert.Equal(2, await stack.CountDocumentsAsync());
        Assert.Single(await stack.BlobNamesAsync());
    }

    [Fact]
    public async Task A_conflicting_duplicate_keeps_the_first_and_keeps_the_second_aside()
    {
        await using var stack = await IngestStack.CreateAsync(servers);
        var first = TestEvents.Valid(id: "same");
        var second = TestEvents.With(e => { e["id"] = "same"; TestEvents.Party(e)["agentId"] = "2001"; });
        await stack.DeliverAsync(first);

        var report = await stack.IngestAsync(second);

        Assert.Equal(EventFate.Conflicting, Assert.Single(report.Outcomes).Fate);
        AssertKeepsEvent(await ReadDocumentAsync(stack.Container, first), first);
        Assert.Equal(1, await stack.CountDocumentsAsync());
        var kept = Assert.Single(await ToListAsync(stack.Rejected.ListAsync(EventFate.Conflicting, CancellationToken.None)));
        Assert.Equal(BlobRejectedEventStore.NameFor(EventFate.Conflicting, second), kept.Name);
        Assert.Equal(second, kept.Event!.Raw.ToArray());
        Assert.Contains("different content was stored first", Assert.Single(kept.Event!.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_and_unsupported_events_are_kept_in_the_blob_container_with_their_reasons()
    {
        await using var stack = await IngestStack.CreateAsync(servers);
        var badRole = TestEvents.With(e => TestEvents.Party(e)["role"] = "boss");
        byte[] notUtf8 = [.. "{\"id\":\""u8, 0xFF, .. "\"}"u8];
        var presence = TestEvents.Valid("agent.presencechanged.v0", id: "presence-1");
        byte[][] batch = [badRole, TestEvents.Valid(id: "ok"), notUtf8, presence];

        await stack.DeliverAsync(badRole, TestEvents.Valid(id: "ok"), presence);
        var report = await stack.IngestAsync(batch);

        Assert.Equal([EventFate.Invalid, EventFate.Duplicate, EventFate.Invalid, EventFate.Unsupported], report.Outcomes.Select(o => o.Fate));
        string[] expected =
        [
            BlobRejectedEventStore.NameFor(EventFate.Invalid, badRole),
            BlobRejectedEventStore.NameFor(EventFate.Invalid, notUtf8),
            BlobRejectedEventStore.NameFor(EventFate.Unsupported, presence),
        ];
        Assert.Equal(expected.Order(), (await stack.BlobNamesAsync()).Order());
        var kept = await ToListAsync(stack.Rejected.ListAsync(null, CancellationToken.None));
        var role = kept.Single(k => k.Name == BlobRejectedEventStore.NameFor(EventFate.Invalid, badRole)).Event!;
        Assert.Equal(["data.channel.party.role: must be one of external, agent, monitor, voicemail"], role.Reasons);
        Assert.Equal(badRole, role.Raw.ToArray());
        Assert.Equal("eventgrid", role.Delivery.Via);
        Assert.Equal(3, role.Delivery.BatchSize);
        Assert.Equal("2VejGqWZPqHXHVNcfUPUO8IASAp", role.Identity.Id);
        var binary = kept.Single(k => k.Name == BlobRejectedEventStore.NameFor(EventFate.Invalid, notUtf8)).Event!;
        Assert.Equal(notUtf8, binary.Raw.ToArray());
        Assert.Equal(["event: must be valid UTF-8"], binary.Reasons);
    }

    [Fact]
    public async Task A_stopped_store_fails_the_invocation_and_misfiles_nothing()
    {
        await using var cosmos = await CosmosProtocolServer.StartLocalAsync();
        using var client = cosmos.CreateClient(o => o.RequestTimeout = TimeSpan.FromSeconds(5));
        var database = (await client.CreateDatabaseAsync("outage")).Database;
        var container = (await database.CreateContainerAsync(ChannelEventContainer.Properties("events"))).Container;
        await using var stack = await IngestStack.CreateAsync(servers, client, container);
        await stack.DeliverAsync(TestEvents.Valid(id: "before"));
        await cosmos.DisposeAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => stack.DeliverAsync(TestEvents.Valid(id: "during")));

        Assert.Empty(await stack.BlobNamesAsync());
    }

    [Fact]
    public async Task An_outage_mid_batch_then_redelivery_stores_every_event_exactly_once_and_whole()
    {
        var outage = new CosmosOutage();
        using var client = servers.Cosmos.CreateClient(o => o.CustomHandlers.Add(outage));
        var container = await servers.CreateContainerAsync();
        await using var stack = await IngestStack.CreateAsync(servers, client, client.GetContainer(container.Database.Id, container.Id));
        var batch = Enumerable.Range(0, 40).Select(i => TestEvents.Valid(id: $"event-{i:D2}")).ToArray();

        outage.FailAfter(10);
        await Assert.ThrowsAsync<CosmosException>(() => stack.DeliverAsync(batch));
        outage.End();
        var storedDuringOutage = await stack.CountDocumentsAsync();
        var redelivery = await stack.IngestAsync(batch);

        Assert.Equal(10, storedDuringOutage);
        Assert.Equal(storedDuringOutage, redelivery.Count(EventFate.Duplicate));
        Assert.Equal(40 - storedDuringOutage, redelivery.Count(EventFate.Stored));
        Assert.Equal(40, await stack.CountDocumentsAsync());
        foreach (var raw in batch)
        {
            AssertKeepsEvent(await ReadDocumentAsync(stack.Container, raw), raw);
        }

        Assert.Empty(await stack.BlobNamesAsync());
    }

    /// <summary>
    /// Answers 503 from the Cosmos SDK's own pipeline to document writes once a number of them have gone through;
    /// metadata reads and queries pass, so the count does not depend on what the SDK fetches first.
    /// </summary>
    private sealed class CosmosOutage : RequestHandler
    {
        private int _allowed = int.MaxValue;

        public void FailAfter(int writes) => Volatile.Write(ref _allowed, writes);

        public void End() => Volatile.Write(ref _allowed, int.MaxValue);

        public override Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken) =>
            IsDocumentWrite(request) && Interlocked.Decrement(ref _allowed) < 0
                ? Task.FromResult(new ResponseMessage(HttpStatusCode.ServiceUnavailable, request, "injected outage"))
                : base.SendAsync(request, cancellationToken);

        // Item writes are POSTs to the container's link; queries and query plans are POSTs marked by a header.
        private static bool IsDocumentWrite(RequestMessage request) =>
            request.Method == HttpMethod.Post
            && request.RequestUri.OriginalString.Contains("/colls/", StringComparison.Ordinal)
            && string.IsNullOrEmpty(request.Headers["x-ms-documentdb-isquery"])
            && string.IsNullOrEmpty(request.Headers["x-ms-cosmos-is-query-plan-request"]);
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
