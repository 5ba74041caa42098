using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChannelFunctions.IntegrationTests.Servers;
using static ChannelFunctions.IntegrationTests.Cli.DeadLetterReplayIntegrationTests;

namespace ChannelFunctions.IntegrationTests.Cli;

/// <summary>
/// <c>replay</c> and <c>replay --dead-letters</c> past blobs they cannot read, in Azurite: each such blob is named,
/// counted as <c>unreadable</c> (not as still rejected), and replay goes on with the blobs after it. A blob over
/// <c>RejectedEvents__MaxReplayBlobBytes</c> is one of them.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ReplayUnreadableBlobsIntegrationTests(ServersFixture servers)
{
    private const string Limit = "4096";

    [Fact]
    public async Task Replay_of_dead_letters_goes_on_past_blobs_it_cannot_read_and_replays_events_with_unpaired_surrogates_to_their_fate()
    {
        using var stack = await CliStack.CreateAsync(servers);
        var deadLetters = await servers.CreateBlobContainerAsync();
        var settings = stack.Settings(("RejectedEvents__DeadLetterContainerName", deadLetters.Name), ("RejectedEvents__MaxReplayBlobBytes", Limit));
        // Blobs in name order: each bad one comes before the good one, which must still be replayed.
        var badName = await PutAsync(deadLetters, Array(Escaping(3, """{""", """{"x\ud800":1,""")), Id(1));
        var id = Quoted(Conversation[4]!["id"]);
        var badId = await PutAsync(deadLetters, Array(Escaping(4, id, id[..^1] + "\\ud800\"")), Id(2));
        var type = Quoted(Conversation[5]!["type"]);
        var badType = await PutAsync(deadLetters, Array(Escaping(5, type, type[..^1] + "\\udc00\"")), Id(3));
        var badReason = await PutAsync(deadLetters, Array(Escaping(6, "\"MaxDeliveryAttemptsExceeded\"", "\"MaxDeliveryAttemptsExceeded\\ud800\"")), Id(4));
        var padded = DeadLettered(Conversation[7]!, "MaxDeliveryAttemptsExceeded", 30, "TimedOut", 408);
        padded["padding"] = new string('x', 5000);
        var largeContent = new JsonArray(padded).ToJsonString();
        var tooLarge = await PutAsync(deadLetters, largeContent, Id(5));
        var notArray = await PutAsync(deadLetters, """{"not":"dead letters"}""", Id(6));
        var good = await PutAsync(deadLetters, new JsonArray(
            [.. Conversation.Skip(8).Take(2).Select(e => DeadLettered(e!, "MaxDeliveryAttemptsExceeded", 30, "TimedOut", 408))]).ToJsonString(), Id(7));

        var dryRun = await CliRun.Of("replay", "--dead-letters", "--dry-run", "--settings", settings);
        var replay = await CliRun.Of("replay", "--dead-letters", "--settings", settings);

        Assert.True(dryRun.ExitCode == 1, dryRun.Error);
        Assert.Equal((8, 0, 0, 2), Counts(dryRun));
        Assert.True(replay.ExitCode == 1, replay.Error);
        Assert.Equal((8, 3, 3, 2), Counts(replay));
        var lines = replay.Json.SkipLast(1).ToList();
        string? Now(string name, int index = 0) => lines.Single(l => l.GetProperty("name").GetString() == name && l.GetProperty("index").GetInt32() == index).GetProperty("now").GetString();
        Assert.Equal(("invalid", "invalid", "invalid", "stored"), (Now(badName), Now(badId), Now(badType), Now(badReason)));
        Assert.Equal(("stored", "stored"), (Now(good), Now(good, 1)));
        Assert.Equal($"unreadable: the blob is {Encoding.UTF8.GetByteCount(largeContent)} bytes, more than RejectedEvents__MaxReplayBlobBytes (4096); not read", Now(tooLarge));
        Assert.StartsWith("unreadable: the blob is not a JSON array", Now(notArray), StringComparison.Ordinal);
        // Text no string can hold is shown as it was written, escapes kept.
        Assert.Equal(Conversation[4]!["id"]!.GetValue<string>() + "\\ud800", lines.Single(l => l.GetProperty("name").GetString() == badId).GetProperty("id").GetString());
        Assert.Equal("MaxDeliveryAttemptsExceeded\\ud800", lines.Single(l => l.GetProperty("name").GetString() == badReason).GetProperty("deadLetterReason").GetString());
        // The invalid ones are kept with the validator's reasons, as they would have been on delivery.
        Assert.Equal(3, await stack.CountBlobsAsync());
        Assert.Equal(3, await stack.CountDocumentsAsync());
    }

    [Fact]
    public async Task Replay_of_kept_events_goes_on_past_blobs_it_cannot_read_and_names_each()
    {
        using var stack = await CliStack.CreateAsync(servers);
        var large = Path.Combine(CliStack.Samples, "replay", "large-event.json");
        Assert.Equal(1, (await CliRun.Of("ingest", large, "--settings", stack.Settings(("Validation__MaxEventBytes", "1024")))).Summary.GetProperty("invalid").GetInt32());
        // Blobs the app did not write, in the folders it keeps events in: one it cannot read as a kept event, one cut short, one too large.
        await stack.Blobs.UploadBlobAsync("invalid/0-not-a-kept-event.json", BinaryData.FromString("""{"not":"a kept event"}"""));
        await stack.Blobs.UploadBlobAsync("invalid/1-torn.json", BinaryData.FromString("""{"kind":"invalid","reasons":["""));
        await stack.Blobs.UploadBlobAsync("refused/2-too-large.json", BinaryData.FromString($$"""{"kind":"refused","padding":"{{new string('x', 5000)}}"}"""));
        var settings = stack.Settings(("RejectedEvents__MaxReplayBlobBytes", Limit));

        var dryRun = await CliRun.Of("replay", "--dry-run", "--settings", settings);
        var replay = await CliRun.Of("replay", "--settings", settings);
        var refusedOnly = await CliRun.Of("replay", "--kind", "refused", "--settings", settings);
        var byReason = await CliRun.Of("replay", "--reason", "at most 1024 bytes", "--settings", settings);

        Assert.True(dryRun.ExitCode == 1, dryRun.Error);
        Assert.Equal((4, 0, 0, 3), Counts(dryRun));
        Assert.True(replay.ExitCode == 1, replay.Error);
        Assert.Equal((4, 1, 0, 3), Counts(replay));
        var now = replay.Json.SkipLast(1).ToDictionary(l => l.GetProperty("name").GetString()!, l => l.GetProperty("now").GetString()!);
        string[] unreadable = ["invalid/0-not-a-kept-event.json", "invalid/1-torn.json", "refused/2-too-large.json"];
        Assert.Equal("stored", now[Assert.Single(now.Keys.Except(unreadable))]);
        Assert.StartsWith("unreadable: the blob is not a rejected event as this app keeps them ('delivery' is missing", now["invalid/0-not-a-kept-event.json"], StringComparison.Ordinal);
        Assert.StartsWith("unreadable: the blob is not JSON", now["invalid/1-torn.json"], StringComparison.Ordinal);
        Assert.EndsWith("more than RejectedEvents__MaxReplayBlobBytes (4096); not read", now["refused/2-too-large.json"], StringComparison.Ordinal);
        Assert.Equal((1, 0, 0, 1), Counts(refusedOnly));
        // What cannot be read has no reasons, so a selection by reason leaves it out.
        Assert.True(byReason.ExitCode == 0, byReason.Error);
        Assert.Equal((1, 0, 0, 0), (byReason.Summary.GetProperty("matched").GetInt32(), byReason.Summary.GetProperty("stored").GetInt32(),
            byReason.Summary.GetProperty("stillRejected").GetInt32(), byReason.Summary.GetProperty("unreadable").GetInt32()));
        Assert.Equal(1, await stack.CountDocumentsAsync());
    }

    /// <summary>The summary's matched, stored, still rejected and unreadable counts.</summary>
    private static (int Matched, int Stored, int StillRejected, int Unreadable) Counts(CliRun run) =>
        (run.Summary.GetProperty("matched").GetInt32(), run.Summary.GetProperty("stored").GetInt32(),
            run.Summary.GetProperty("stillRejected").GetInt32(), run.Summary.GetProperty("unreadable").GetInt32());

    /// <summary>Event <paramref name="index"/> of the conversation, dead-lettered, with one piece of its JSON text replaced.</summary>
    private static string Escaping(int index, string text, string replacement)
    {
        var json = DeadLettered(Conversation[index]!, "MaxDeliveryAttemptsExceeded", 30, "TimedOut", 408).ToJsonString();
        var at = json.IndexOf(text, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{text} is not in event {index}");
        return string.Concat(json.AsSpan(0, at), replacement, json.AsSpan(at + text.Length));
    }

    private static string Array(string element) => $"[{element}]";

    private static string Quoted(JsonNode? value) => JsonSerializer.Serialize(value!.GetValue<string>());

    private static Guid Id(int order) => new($"{order:x8}-0000-4000-8000-000000000000");
}
