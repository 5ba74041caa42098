using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Documents;
using ChannelFunctions.Core.Storage;
using ChannelFunctions.EndToEndTests.Fixtures;
using ChannelFunctions.EventGridHost;
using Microsoft.Azure.Cosmos;
using Xunit.Abstractions;

namespace ChannelFunctions.EndToEndTests;

/// <summary>Event Grid deliveries through the host's own extension into the worker, stored in the local servers.</summary>
[Collection(WorkerCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class EventGridIngestTests(WorkerFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly WorkerLogScope _logs = new(fixture.Worker, output);

    public void Dispose() => _logs.Dispose();

    /// <summary>A valid event of a conversation of this test's own, so tests sharing the worker do not meet.</summary>
    internal static byte[] Event(string conversationId, string id, Action<JsonObject>? change = null) => TestEvents.With(e =>
    {
        e["id"] = id;
        TestEvents.Channel(e)["conversationId"] = conversationId;
        change?.Invoke(e);
    });

    internal static async Task<JsonElement?> ReadStoredAsync(Container container, byte[] raw)
    {
        var node = JsonNode.Parse(raw)!;
        using var response = await container.ReadItemStreamAsync(
            EventIdentity.Key(node["source"]!.GetValue<string>(), node["id"]!.GetValue<string>()),
            new PartitionKey(node["data"]!["channel"]!["conversationId"]!.GetValue<string>()));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        using var document = await JsonDocument.ParseAsync(response.Content);
        return document.RootElement.Clone();
    }

    internal static async Task<int> CountAsync(Container container, string conversationId)
    {
        // The worker creates its container on its first write; before that nothing is stored.
        try
        {
            await container.ReadContainerAsync();
        }
        catch (CosmosException exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return 0;
        }

        var query = container.GetItemQueryIterator<int>(
            new QueryDefinition("SELECT VALUE COUNT(1) FROM c"), requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(conversationId) });
        var count = 0;
        while (query.HasMoreResults)
        {
            count += (await query.ReadNextAsync()).Sum();
        }

        return count;
    }

    /// <summary>Every refused event kept in a store (none when the worker never had to create its container).</summary>
    internal static async Task<IReadOnlyList<KeptRejectedEvent>> KeptAsync(BlobRejectedEventStore store)
    {
        var kept = new List<KeptRejectedEvent>();
        try
        {
            await foreach (var item in store.ListAsync(null, CancellationToken.None))
            {
                kept.Add(item);
            }
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 404)
        {
            // No container: nothing was ever refused.
        }

        return kept;
    }

    [Fact]
    public async Task A_mixed_batch_is_stored_and_kept_as_the_unit_path_does()
    {
        var conversation = Guid.NewGuid().ToString();
        var valid = Event(conversation, "mixed-valid");
        var other = Event(conversation, "mixed-other");
        var badRole = Event(conversation, "mixed-bad-role", e => TestEvents.Party(e)["role"] = "boss");
        var unsupported = Event(conversation, "mixed-presence", e => e["type"] = "agent.presencechanged.v0");

        var response = await fixture.Worker.DeliverAsync(valid, badRole, unsupported, valid, other);

        Assert.Equal(HttpStatusCode.Accepted, response.Status);
        Assert.Equal(2, await CountAsync(fixture.Events, conversation));
        foreach (var stored in (byte[][])[valid, other])
        {
            var document = await ReadStoredAsync(fixture.Events, stored);
            Assert.NotNull(document);
            Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(stored).RootElement, document.Value.GetProperty("event")), "the stored event differs from the delivered one");
        }

        using var rejected = fixture.RejectedStore();
        var kept = (await KeptAsync(rejected)).ToDictionary(k => k.Name, k => k.Event!);

        var role = kept[BlobRejectedEventStore.NameFor(EventFate.Invalid, badRole)];
        Assert.Equal(["data.channel.party.role: must be one of external, agent, monitor, voicemail"], role.Reasons);
        Assert.Equal(badRole, role.Raw.ToArray());
        Assert.Equal("eventgrid", role.Delivery.Via);
        Assert.Equal(5, role.Delivery.BatchSize);
        Assert.Equal(unsupported, kept[BlobRejectedEventStore.NameFor(EventFate.Unsupported, unsupported)].Raw.ToArray());
        Assert.DoesNotContain(kept.Keys, name => name == BlobRejectedEventStore.NameFor(EventFate.Conflicting, valid));
    }

    [Fact]
    public async Task Dates_reach_the_worker_as_the_host_extension_rewrites_them()
    {
        var conversation = Guid.NewGuid().ToString();
        var delivered = Event(conversation, "dates", e =>
        {
            e["time"] = "2022-08-30T14:34:36.6134320Z";
            e["data"]!["timestamp"] = "2022-08-30T14:34:36.100Z";
        });

        var response = await fixture.Worker.DeliverAsync(delivered);

        Assert.Equal(HttpStatusCode.Accepted, response.Status);
        var stored = (await ReadStoredAsync(fixture.Events, delivered))!.Value.GetProperty("event");
        output.WriteLine($"host extension {EventGridHostExtension.ExtensionVersion}: time {stored.GetProperty("time")}, data.timestamp {stored.GetProperty("data").GetProperty("timestamp")}");
        // Extensions before 3.4.3 parse the body with Newtonsoft's date handling and write the dates back shortened.
        var rewrites = Version.Parse(EventGridHostExtension.ExtensionVersion.Split('-')[0]) < new Version(3, 4, 3);
        Assert.Equal(rewrites ? "2022-08-30T14:34:36.613432Z" : "2022-08-30T14:34:36.6134320Z", stored.GetProperty("time").GetString());
        Assert.Equal(rewrites ? "2022-08-30T14:34:36.1Z" : "2022-08-30T14:34:36.100Z", stored.GetProperty("data").GetProperty("timestamp").GetString());
    }

    [Fact]
    public async Task The_cloud_events_validation_handshake_is_answered_by_the_host_extension()
    {
        var mark = fixture.Worker.Logs.Mark();

        var response = await fixture.Worker.DeliverEventGridAsync(
            WorkerFixture.IngestFunction, HttpMethod.Options, [new("WebHook-Request-Origin", "eventgrid.azure.net")], []);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("eventgrid.azure.net", response.Headers["WebHook-Allowed-Origin"]);
        Assert.DoesNotContain(fixture.Worker.Logs.Since(mark), entry => entry.Message.Contains("Ingested", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_subscription_validation_event_is_answered_with_its_code()
    {
        var body = Encoding.UTF8.GetBytes("""[{"id":"v","topic":"t","subject":"","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","eventTime":"2026-01-01T00:00:00Z","data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6"},"dataVersion":"2","metadataVersion":"1"}]""");

        var response = await fixture.Worker.DeliverEventGridAsync(
            WorkerFixture.IngestFunction, HttpMethod.Post, [new("aeg-event-type", "SubscriptionValidation"), new("Content-Type", "application/json")], body);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", JsonDocument.Parse(response.Body).RootElement.GetProperty("validationResponse").GetString());
    }
}
