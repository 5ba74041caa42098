using ChannelFunctions.IntegrationTests.Servers;

namespace ChannelFunctions.IntegrationTests.Cli;

/// <summary>The CLI's store commands end to end: real files, real Azurite and Cosmos DB protocol server.</summary>
[Collection(ServersCollection.Name)]
public sealed class CliCommandsIntegrationTests(ServersFixture servers)
{
    [Fact]
    public async Task Ingest_stores_the_conversation_keeps_the_invalid_events_and_is_idempotent()
    {
        using var stack = await CliStack.CreateAsync(servers);
        var conversation = Path.Combine(CliStack.Samples, "conversation");
        var invalid = Path.Combine(CliStack.Samples, "invalid");

        var first = await CliRun.Of("ingest", conversation, invalid, "--settings", stack.SettingsFile, "--batch-size", "7");
        var second = await CliRun.Of("ingest", conversation, invalid, "--settings", stack.SettingsFile);

        Assert.True(first.ExitCode == 1, first.Error);
        Assert.Equal(22, first.Summary.GetProperty("stored").GetInt32());
        Assert.Equal(4, first.Summary.GetProperty("invalid").GetInt32());
        Assert.Equal(1, first.Summary.GetProperty("unsupported").GetInt32());
        Assert.Equal(5, first.Lines.Count - 1);
        Assert.Contains(first.Json, line => line.TryGetProperty("fate", out var fate) && fate.GetString() == "unsupported");
        Assert.Equal(0, second.Summary.GetProperty("stored").GetInt32());
        Assert.Equal(22, second.Summary.GetProperty("duplicate").GetInt32());
        Assert.Equal(22, await stack.CountDocumentsAsync());
        Assert.Equal(5, await stack.CountBlobsAsync());
    }

    [Fact]
    public async Task Replay_stores_a_fixed_event_once_and_reports_what_is_still_rejected()
    {
        using var stack = await CliStack.CreateAsync(servers);
        var large = Path.Combine(CliStack.Samples, "replay", "large-event.json");
        var role = Path.Combine(CliStack.Samples, "invalid", "unknown-party-role.json");
        // Ingested while the size limit was too tight: kept as rejected.
        var tight = stack.Settings(("Validation__MaxEventBytes", "1024"));
        var ingested = await CliRun.Of("ingest", large, role, "--settings", tight);
        Assert.Equal(2, ingested.Summary.GetProperty("invalid").GetInt32());
        // Refused for its size, it is still named by the identity its bytes hold (issue 21).
        var keptLarge = ingested.Json.Single(line => line.TryGetProperty("file", out var file) && file.GetString() == large);
        Assert.Equal(("2VejGqWZPqHXHVNcfUPUO8IAS07", "channel.alerted.v0"), (keptLarge.GetProperty("id").GetString(), keptLarge.GetProperty("type").GetString()));

        var dryRun = await CliRun.Of("replay", "--dry-run", "--settings", stack.SettingsFile);
        // The limit is fixed (back to the default); replay what the limit refused, then everything, twice.
        var fixedOnly = await CliRun.Of("replay", "--reason", "at most 1024 bytes", "--settings", stack.SettingsFile);
        var all = await CliRun.Of("replay", "--settings", stack.SettingsFile);
        var again = await CliRun.Of("replay", "--since", DateTimeOffset.UtcNow.AddHours(-1).ToString("O"), "--settings", stack.SettingsFile);
        var later = await CliRun.Of("replay", "--since", DateTimeOffset.UtcNow.AddHours(1).ToString("O"), "--settings", stack.SettingsFile);

        Assert.Equal(2, dryRun.Summary.GetProperty("matched").GetInt32());
        Assert.All(dryRun.Json.SkipLast(1), line => Assert.Equal("would replay", line.GetProperty("now").GetString()));
        Assert.True(fixedOnly.ExitCode == 0, fixedOnly.Error);
        Assert.Equal(1, fixedOnly.Summary.GetProperty("matched").GetInt32());
        Assert.Equal(1, fixedOnly.Summary.GetProperty("stored").GetInt32());
        Assert.Equal(("2VejGqWZPqHXHVNcfUPUO8IAS07", "stored"), (fixedOnly.Json[0].GetProperty("id").GetString(), fixedOnly.Json[0].GetProperty("now").GetString()));
        Assert.Equal(1, all.ExitCode);
        Assert.Equal(1, all.Summary.GetProperty("duplicate").GetInt32());
        Assert.Equal(1, all.Summary.GetProperty("stillRejected").GetInt32());
        Assert.Equal(["duplicate", "invalid"], all.Json.SkipLast(1).Select(line => line.GetProperty("now").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(2, again.Summary.GetProperty("matched").GetInt32());
        Assert.Equal(0, later.Summary.GetProperty("matched").GetInt32());
        Assert.Equal(1, await stack.CountDocumentsAsync());
        // The still-invalid event found its blob already there: replay added none.
        Assert.Equal(2, await stack.CountBlobsAsync());
    }

    [Fact]
    public async Task Store_commands_without_store_settings_exit_2_with_the_missing_setting()
    {
        var empty = Path.Combine(Path.GetTempPath(), $"cli-empty-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(empty, "{\"Values\":{}}");
        try
        {
            var run = await CliRun.Of("ingest", Path.Combine(CliStack.Samples, "valid"), "--settings", empty);

            Assert.Equal(2, run.ExitCode);
            Assert.Contains("Cosmos__ConnectionString", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(empty);
        }
    }
}
