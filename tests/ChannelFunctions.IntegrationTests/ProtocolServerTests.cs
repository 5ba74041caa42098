using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Storage.Blobs.Models;
using ChannelFunctions.IntegrationTests.Servers;
using Microsoft.Azure.Cosmos;

namespace ChannelFunctions.IntegrationTests;

/// <summary>
/// What the project relies on from Cosmos DB and Blob storage, checked against the servers the
/// integration tests run on, through the same SDK calls the project makes.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ProtocolServerTests(ServersFixture servers)
{
    // Bounds every test: a server that stops answering fails the test instead of hanging the run.
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);

    // camelCase like the stored events, and no "status": null on events without one.
    private static readonly JsonSerializerOptions CosmosJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    [Fact]
    public async Task CreateItem_Returns201_ThenConflicts409ForTheSameIdAndPartition()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        var container = await servers.CreateContainerAsync(timeout.Token);
        var item = Event("conv-1", "evt-1", "2024-05-01T10:00:00Z");

        using var created = await container.CreateItemStreamAsync(Json(item), new PartitionKey("conv-1"), cancellationToken: timeout.Token);
        using var again = await container.CreateItemStreamAsync(Json(item), new PartitionKey("conv-1"), cancellationToken: timeout.Token);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.False(string.IsNullOrEmpty(created.Headers.ETag));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task ReadItem_Returns404_WhenTheIdIsMissingOrInAnotherPartition()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        var container = await servers.CreateContainerAsync(timeout.Token);
        using var created = await container.CreateItemStreamAsync(
            Json(Event("conv-1", "evt-1", "2024-05-01T10:00:00Z")), new PartitionKey("conv-1"), cancellationToken: timeout.Token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var missing = await container.ReadItemStreamAsync("no-such-event", new PartitionKey("conv-1"), cancellationToken: timeout.Token);
        using var otherPartition = await container.ReadItemStreamAsync("evt-1", new PartitionKey("conv-2"), cancellationToken: timeout.Token);
        using var found = await container.ReadItemStreamAsync("evt-1", new PartitionKey("conv-1"), cancellationToken: timeout.Token);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherPartition.StatusCode);
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal("evt-1", (await Body(found)).GetProperty("id").GetString());
    }

    [Fact]
    public async Task WritesWithAStaleETag_Return412_AndLeaveTheNewerItem()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        var container = await servers.CreateContainerAsync(timeout.Token);
        var partition = new PartitionKey("conv-1");
        using var created = await container.CreateItemStreamAsync(
            Json(Event("conv-1", "evt-1", "2024-05-01T10:00:00Z", status: "first")), partition, cancellationToken: timeout.Token);
        var staleETag = created.Headers.ETag;
        using var upserted = await container.UpsertItemStreamAsync(
            Json(Event("conv-1", "evt-1", "2024-05-01T10:00:00Z", status: "second")), partition, cancellationToken: timeout.Token);

        var stale = new ItemRequestOptions { IfMatchEtag = staleETag };
        using var replaced = await container.ReplaceItemStreamAsync(
            Json(Event("conv-1", "evt-1", "2024-05-01T10:00:00Z", status: "lost")), "evt-1", partition, stale, timeout.Token);
        using var upsertedAgain = await container.UpsertItemStreamAsync(
            Json(Event("conv-1", "evt-1", "2024-05-01T10:00:00Z", status: "lost")), partition, stale, timeout.Token);
        using var current = await container.ReadItemStreamAsync("evt-1", partition, cancellationToken: timeout.Token);

        Assert.Equal(HttpStatusCode.OK, upserted.StatusCode);
        Assert.NotEqual(staleETag, upserted.Headers.ETag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, replaced.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, upsertedAgain.StatusCode);
        Assert.Equal(upserted.Headers.ETag, current.Headers.ETag);
        Assert.Equal("second", (await Body(current)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task PatchItem_SetsFieldsWithTheCurrentETag_AndFails412WithAStaleOne()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        var container = await servers.CreateContainerAsync(timeout.Token);
        var partition = new PartitionKey("conv-1");
        using var created = await container.CreateItemStreamAsync(
            Json(Event("conv-1", "evt-1", "2024-05-01T10:00:00Z", status: "open")), partition, cancellationToken: timeout.Token);

        var patched = await container.PatchItemAsync<JsonElement>(
            "evt-1",
            partition,
            [PatchOperation.Set("/status", "closed"), PatchOperation.Add("/closedBy", "agent-7")],
            new PatchItemRequestOptions { IfMatchEtag = created.Headers.ETag },
            timeout.Token);
        var stale = await Assert.ThrowsAsync<CosmosException>(() => container.PatchItemAsync<JsonElement>(
            "evt-1",
            partition,
            [PatchOperation.Set("/status", "reopened")],
            new PatchItemRequestOptions { IfMatchEtag = created.Headers.ETag },
            timeout.Token));
        using var current = await container.ReadItemStreamAsync("evt-1", partition, cancellationToken: timeout.Token);

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var body = await Body(current);
        Assert.Equal("closed", body.GetProperty("status").GetString());
        Assert.Equal("agent-7", body.GetProperty("closedBy").GetString());
        Assert.Equal("2024-05-01T10:00:00Z", body.GetProperty("timestamp").GetString());
    }

    [Theory]
    [InlineData("SELECT * FROM c WHERE c.conversationId = @conversationId ORDER BY c.timestamp, c.id")]
    // Without the filter, the request's partition key alone must keep other conversations out.
    [InlineData("SELECT * FROM c ORDER BY c.timestamp, c.id")]
    public async Task SinglePartitionQuery_PagedByContinuationTokens_ReturnsEveryItemOnceInOrder(string query)
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        var container = await servers.CreateContainerAsync(timeout.Token);
        // Out of order on purpose, with timestamp ties that only the id orders.
        var timestamps = new[] { "2024-05-01T10:03:00Z", "2024-05-01T10:01:00Z", "2024-05-01T10:02:00Z", "2024-05-01T10:01:00Z", "2024-05-01T10:00:00Z", "2024-05-01T10:02:00Z", "2024-05-01T10:01:00Z" };
        var mine = timestamps.Select((timestamp, i) => Event("conv-a", $"evt-{(i * 5) % 7}", timestamp)).ToList();
        var others = timestamps.Select((timestamp, i) => Event("conv-b", $"evt-b{i}", timestamp));
        await CreateAllAsync(container, mine.Concat(others), timeout.Token);

        var pages = await QueryAllPagesAsync(
            container,
            new QueryDefinition(query).WithParameter("@conversationId", "conv-a"),
            new QueryRequestOptions { MaxItemCount = 2, PartitionKey = new PartitionKey("conv-a") },
            timeout.Token);

        var expected = mine
            .OrderBy(item => item.Timestamp, StringComparer.Ordinal)
            .ThenBy(item => item.Id, StringComparer.Ordinal)
            .Select(item => item.Id);
        Assert.All(pages, page => Assert.InRange(page.Count, 1, 2));
        Assert.True(pages.Count >= 4, $"expected at least 4 pages of at most 2 items, got {pages.Count}");
        Assert.Equal(expected, pages.SelectMany(page => page).Select(item => item.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task CrossPartitionQuery_WithAFilter_ReturnsTheMatchingItemsOfEveryPartition()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        var container = await servers.CreateContainerAsync(timeout.Token);
        var items = Enumerable.Range(0, 9)
            .Select(i => Event($"conv-{i % 3}", $"evt-{i}", $"2024-05-01T10:0{8 - i}:00Z", agentId: i % 2 == 0 ? "agent-even" : "agent-odd"))
            .ToList();
        Assert.Equal(3, items.Where(item => item.AgentId == "agent-even").Select(item => item.ConversationId).Distinct().Count());
        await CreateAllAsync(container, items, timeout.Token);

        var pages = await QueryAllPagesAsync(
            container,
            new QueryDefinition("SELECT * FROM c WHERE c.agentId = @agentId").WithParameter("@agentId", "agent-even"),
            new QueryRequestOptions { MaxItemCount = 2 },
            timeout.Token);

        var ids = pages.SelectMany(page => page).Select(item => item.GetProperty("id").GetString()).ToList();
        Assert.Equal(["evt-0", "evt-2", "evt-4", "evt-6", "evt-8"], ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CrossPartitionQuery_WithOrderBy_ReturnsOneOrderAcrossPartitions()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        var container = await servers.CreateContainerAsync(timeout.Token);
        var items = Enumerable.Range(0, 9)
            .Select(i => Event($"conv-{i % 3}", $"evt-{i}", $"2024-05-01T10:0{8 - i}:00Z", agentId: i % 2 == 0 ? "agent-even" : "agent-odd"))
            .ToList();
        await CreateAllAsync(container, items, timeout.Token);

        var pages = await QueryAllPagesAsync(
            container,
            new QueryDefinition("SELECT * FROM c WHERE c.agentId = @agentId ORDER BY c.timestamp, c.id").WithParameter("@agentId", "agent-even"),
            new QueryRequestOptions { MaxItemCount = 2 },
            timeout.Token);

        Assert.Equal(
            ["evt-8", "evt-6", "evt-4", "evt-2", "evt-0"],
            pages.SelectMany(page => page).Select(item => item.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task StoppedCosmosServer_FailsTheNextCallPromptly()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        // A server of its own: stopping the shared one would break the other tests.
        await using var server = await CosmosProtocolServer.StartLocalAsync(timeout.Token);
        using var client = server.CreateClient(options =>
        {
            options.RequestTimeout = TimeSpan.FromSeconds(2);
            options.MaxRetryAttemptsOnRateLimitedRequests = 0;
            options.MaxRetryWaitTimeOnRateLimitedRequests = TimeSpan.Zero;
        });
        Database database = await client.CreateDatabaseAsync("stopping", cancellationToken: timeout.Token);
        Container container = await database.CreateContainerAsync("events", ServersFixture.PartitionKeyPath, cancellationToken: timeout.Token);
        using var before = await container.ReadItemStreamAsync("evt-1", new PartitionKey("conv-1"), cancellationToken: timeout.Token);
        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);

        await server.DisposeAsync();
        var clock = Stopwatch.StartNew();
        var failure = await Record.ExceptionAsync(async () =>
        {
            using var after = await container.ReadItemStreamAsync("evt-1", new PartitionKey("conv-1"), cancellationToken: timeout.Token);
        });
        clock.Stop();

        Assert.NotNull(failure);
        Assert.False(failure is OperationCanceledException, $"the call hung until the test's own timeout: {failure}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"the call took {clock.Elapsed} to fail");
    }

    [Fact]
    public async Task BlobUpload_IfNoneMatchAll_ConflictsOnTheSecondUpload_AndKeepsTheFirst()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        var container = await servers.CreateBlobContainerAsync(timeout.Token);
        var blob = container.GetBlobClient("rejected/conv-1/evt-1.json");
        var onlyIfNew = new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } };

        await blob.UploadAsync(BinaryData.FromString("""{"attempt":1}"""), onlyIfNew, timeout.Token);
        var conflict = await Assert.ThrowsAsync<RequestFailedException>(
            () => blob.UploadAsync(BinaryData.FromString("""{"attempt":2}"""), onlyIfNew, timeout.Token));
        var downloaded = await blob.DownloadContentAsync(timeout.Token);

        Assert.Equal((int)HttpStatusCode.Conflict, conflict.Status);
        Assert.Equal(BlobErrorCode.BlobAlreadyExists.ToString(), conflict.ErrorCode);
        Assert.Equal("""{"attempt":1}""", downloaded.Value.Content.ToString());
    }

    [Fact]
    public async Task BlobListing_ByPrefix_ReturnsOnlyThatPrefixsBlobs()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        var container = await servers.CreateBlobContainerAsync(timeout.Token);
        foreach (var name in new[] { "rejected/2024-05-02/b.json", "rejected/2024-05-01/a.json", "accepted/2024-05-01/c.json" })
        {
            await container.GetBlobClient(name).UploadAsync(BinaryData.FromString(name), timeout.Token);
        }

        var names = new List<string>();
        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, "rejected/", timeout.Token))
        {
            names.Add(item.Name);
        }

        var downloaded = await container.GetBlobClient(names[0]).DownloadContentAsync(timeout.Token);
        Assert.Equal(["rejected/2024-05-01/a.json", "rejected/2024-05-02/b.json"], names);
        Assert.Equal("rejected/2024-05-01/a.json", downloaded.Value.Content.ToString());
    }

    private sealed record TestEvent(
        string Id, string ConversationId, string Timestamp, string Type, string AgentId, string? Status);

    private static TestEvent Event(string conversationId, string id, string timestamp, string agentId = "agent-1", string? status = null) =>
        new(id, conversationId, timestamp, "conversation.message", agentId, status);

    private static MemoryStream Json(TestEvent item) => new(JsonSerializer.SerializeToUtf8Bytes(item, CosmosJson));

    private static async Task<JsonElement> Body(ResponseMessage response)
    {
        using var document = await JsonDocument.ParseAsync(response.Content);
        return document.RootElement.Clone();
    }

    private static async Task CreateAllAsync(Container container, IEnumerable<TestEvent> items, CancellationToken cancellationToken)
    {
        foreach (var item in items)
        {
            using var response = await container.CreateItemStreamAsync(Json(item), new PartitionKey(item.ConversationId), cancellationToken: cancellationToken);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    /// <summary>
    /// Reads a query page by page the way an HTTP API pages it: a new iterator for each page,
    /// resumed from the previous page's continuation token.
    /// </summary>
    private static async Task<List<List<JsonElement>>> QueryAllPagesAsync(
        Container container, QueryDefinition query, QueryRequestOptions options, CancellationToken cancellationToken)
    {
        var pages = new List<List<JsonElement>>();
        string? continuation = null;
        do
        {
            using var iterator = container.GetItemQueryStreamIterator(query, continuation, options);
            using var response = await iterator.ReadNextAsync(cancellationToken);
            Assert.True(response.IsSuccessStatusCode, $"query failed: {(int)response.StatusCode} {response.ErrorMessage}");
            var documents = (await Body(response)).GetProperty("Documents").EnumerateArray().ToList();
            if (documents.Count > 0)
            {
                pages.Add(documents);
            }

            continuation = response.ContinuationToken;
            Assert.True(pages.Count < 100, "the continuation tokens do not end");
        }
        while (continuation is not null);

        return pages;
    }
}
