using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using ChannelFunctions.IntegrationTests.Servers;

namespace ChannelFunctions.IntegrationTests.Cli;

/// <summary>
/// <c>replay --dead-letters</c> end to end, against blobs in Event Grid's own dead-letter format (CloudEvents 1.0
/// schema) in Azurite: <c>{TOPIC}/{SUBSCRIPTION}/{yyyy}/{M}/{d}/{H}/{guid}.json</c>, one JSON array per blob, each
/// event the delivered CloudEvent plus Event Grid's dead-letter attributes.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class DeadLetterReplayIntegrationTests(ServersFixture servers)
{
    internal static readonly JsonArray Conversation = JsonNode.Parse(File.ReadAllText(Path.Combine(CliStack.Samples, "conversation", "inbound-transfer-hold-monitor.json")))!.AsArray();

    /// <summary>A delivered event as Event Grid dead-letters it: its members, then the attributes dead-lettering adds.</summary>
    internal static JsonObject DeadLettered(JsonNode delivered, string reason, int attempts, string outcome, int? status)
    {
        var deadLettered = delivered.DeepClone().AsObject();
        deadLettered["deadletterreason"] = reason;
        deadLettered["deliveryattempts"] = attempts;
        deadLettered["lastdeliveryoutcome"] = outcome;
        if (status is { } code)
        {
            deadLettered["lasthttpstatuscode"] = code;
        }

        deadLettered["publishtime"] = "2026-12-01T09:12:41.5402291Z";
        deadLettered["lastdeliveryattempttime"] = "2026-12-02T09:07:12.1180517Z";
        return deadLettered;
    }

    /// <summary>Puts a dead-letter blob; its name sorts by <paramref name="id"/> (a random one when not given).</summary>
    internal static async Task<string> PutAsync(BlobContainerClient container, string content, Guid? id = null)
    {
        // Upper-cased topic and subscription names, date and hour not zero-padded, as Event Grid names them.
        var name = $"EVGT-ABC123/INGEST-CHANNEL-EVENTS/2026/12/2/9/{id ?? Guid.NewGuid()}.json";
        await container.UploadBlobAsync(name, BinaryData.FromString(content));
        return name;
    }

    [Fact]
    public async Task Replay_of_dead_letters_lists_them_stores_each_once_and_reports_what_it_cannot_store()
    {
        using var stack = await CliStack.CreateAsync(servers);
        var deadLetters = await servers.CreateBlobContainerAsync();
        var settings = stack.Settings(("RejectedEvents__DeadLetterContainerName", deadLetters.Name));
        // The first event was stored before the outage (its delivery was acknowledged too late); the others never were.
        var before = Path.Combine(Path.GetTempPath(), $"dead-letter-before-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(before, Conversation[0]!.ToJsonString());
        Assert.Equal(1, (await CliRun.Of("ingest", before, "--settings", settings)).Summary.GetProperty("stored").GetInt32());
        var timedOut = await PutAsync(deadLetters, new JsonArray(
            [.. Conversation.Take(3).Select(e => DeadLettered(e!, "MaxDeliveryAttemptsExceeded", 30, "TimedOut", 408))]).ToJsonString());
        var invalid = JsonNode.Parse(File.ReadAllText(Path.Combine(CliStack.Samples, "invalid", "unknown-party-role.json")))!;
        var notFound = await PutAsync(deadLetters, new JsonArray(DeadLettered(invalid, "TimeToLiveExceeded", 12, "NotFound", null)).ToJsonString());
        var torn = await PutAsync(deadLetters, "[{\"specversion\":\"1.0\",");

        var dryRun = await CliRun.Of("replay", "--dead-letters", "--dry-run", "--settings", settings);
        var first = await CliRun.Of("replay", "--dead-letters", "--settings", settings);
        var second = await CliRun.Of("replay", "--dead-letters", "--settings", settings);
        var timedOutOnly = await CliRun.Of("replay", "--dead-letters", "--reason", "timedout", "--settings", settings);
        var later = await CliRun.Of("replay", "--dead-letters", "--since", DateTimeOffset.UtcNow.AddHours(1).ToString("O"), "--settings", settings);
        var withKind = await CliRun.Of("replay", "--dead-letters", "--kind", "Invalid", "--settings", settings);

        Assert.Equal(5, dryRun.Summary.GetProperty("listed").GetInt32());
        Assert.Equal(4, dryRun.Json.SkipLast(1).Count(line => line.GetProperty("now").GetString() == "would replay"));
        // Even unreplayed, each line says which event it is (the torn blob's line has no id).
        string[] ids = [.. Conversation.Take(3).Select(e => e!["id"]!.GetValue<string>()), invalid["id"]!.GetValue<string>()];
        Assert.Equal(
            ids.Order(StringComparer.Ordinal),
            dryRun.Json.SkipLast(1).Select(l => l.GetProperty("id").GetString()).OfType<string>().Order(StringComparer.Ordinal));
        Assert.Equal(0, dryRun.Summary.GetProperty("stored").GetInt32());

        Assert.Equal(1, first.ExitCode);
        var lines = first.Json.SkipLast(1).ToList();
        Assert.Equal(5, lines.Count);
        Assert.Equal(
            new (string?, int, string?)[] { (timedOut, 0, "duplicate"), (timedOut, 1, "stored"), (timedOut, 2, "stored"), (notFound, 0, "invalid") }.Order(),
            lines.Where(l => l.GetProperty("name").GetString() != torn)
                .Select(l => (l.GetProperty("name").GetString(), l.GetProperty("index").GetInt32(), l.GetProperty("now").GetString()))
                .Order());
        var duplicate = lines.Single(l => l.GetProperty("name").GetString() == timedOut && l.GetProperty("index").GetInt32() == 0);
        Assert.Equal(Conversation[0]!["id"]!.GetValue<string>(), duplicate.GetProperty("id").GetString());
        Assert.Equal("channel.alerted.v0", duplicate.GetProperty("type").GetString());
        Assert.Equal("MaxDeliveryAttemptsExceeded", duplicate.GetProperty("deadLetterReason").GetString());
        Assert.Equal(30, duplicate.GetProperty("deliveryAttempts").GetInt32());
        Assert.Equal("TimedOut", duplicate.GetProperty("lastDeliveryOutcome").GetString());
        Assert.StartsWith("unreadable: the blob is not JSON", lines.Single(l => l.GetProperty("name").GetString() == torn).GetProperty("now").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            (5, 5, 2, 1, 1, 1),
            (first.Summary.GetProperty("listed").GetInt32(), first.Summary.GetProperty("matched").GetInt32(), first.Summary.GetProperty("stored").GetInt32(),
                first.Summary.GetProperty("duplicate").GetInt32(), first.Summary.GetProperty("stillRejected").GetInt32(), first.Summary.GetProperty("unreadable").GetInt32()));

        // Idempotent: the stored events are duplicates now, the invalid one finds its rejected-event blob already kept.
        Assert.Equal((0, 3, 1, 1), (second.Summary.GetProperty("stored").GetInt32(), second.Summary.GetProperty("duplicate").GetInt32(),
            second.Summary.GetProperty("stillRejected").GetInt32(), second.Summary.GetProperty("unreadable").GetInt32()));
        Assert.Equal(3, await stack.CountDocumentsAsync());
        Assert.Equal(1, await stack.CountBlobsAsync());

        Assert.True(timedOutOnly.ExitCode == 0, timedOutOnly.Error);
        Assert.Equal(3, timedOutOnly.Summary.GetProperty("matched").GetInt32());
        Assert.Equal(0, later.Summary.GetProperty("matched").GetInt32());
        Assert.Equal(2, withKind.ExitCode);
        Assert.Contains("--kind", withKind.Error, StringComparison.Ordinal);

        // The dead-letter blobs stay, as the record of the outage.
        Assert.Equal(3, await CountAsync(deadLetters));
    }

    private static async Task<int> CountAsync(BlobContainerClient container)
    {
        var count = 0;
        await foreach (var _ in container.GetBlobsAsync())
        {
            count++;
        }

        return count;
    }
}
