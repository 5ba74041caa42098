using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Validation;
using ChannelFunctions.Tests.EventGrid;

namespace ChannelFunctions.Tests.Cli;

/// <summary><c>validate</c> and <c>generate</c>, end to end on real files.</summary>
public sealed class ValidateAndGenerateTests : IDisposable
{
    private static readonly string Samples = Path.Combine(BuildOutputTests.RepositoryRoot(), "samples");
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("cli-tests-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task Validate_exits_0_when_every_event_is_valid_and_prints_a_line_per_event()
    {
        var run = await CliRun.Of("validate", Path.Combine(Samples, "valid"), Path.Combine(Samples, "conversation"));

        Assert.Equal(0, run.ExitCode);
        var first = run.Json[0];
        Assert.EndsWith("channel.alerted.v0.json", first.GetProperty("file").GetString(), StringComparison.Ordinal);
        Assert.Equal("channel.alerted.v0", first.GetProperty("type").GetString());
        Assert.True(first.GetProperty("valid").GetBoolean());
        Assert.Equal(0, first.GetProperty("errors").GetArrayLength());
        Assert.Equal(25, run.Summary.GetProperty("files").GetInt32());
        Assert.Equal(run.Lines.Count - 1, run.Summary.GetProperty("events").GetInt32());
        Assert.Equal(0, run.Summary.GetProperty("invalid").GetInt32());
    }

    [Fact]
    public async Task Validate_exits_1_when_any_event_is_invalid_and_names_each_reason()
    {
        var batch = Path.Combine(_work.FullName, "batch.json");
        await File.WriteAllTextAsync(batch, $"[{await File.ReadAllTextAsync(Path.Combine(Samples, "valid", "channel.held.v1.json"))}, {{\"specversion\":\"1.0\"}}]");

        var run = await CliRun.Of("validate", batch, Path.Combine(Samples, "invalid", "unknown-party-role.json"));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal([true, false, false], run.Json.Take(3).Select(line => line.GetProperty("valid").GetBoolean()));
        Assert.Contains("id: is required", run.Json[1].GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("2VejGqWZPqHXHVNcfUPUO8IAS02", run.Json[2].GetProperty("id").GetString());
        Assert.Equal(2, run.Summary.GetProperty("invalid").GetInt32());
    }

    [Theory]
    [InlineData("validate", "/no/such/file.json")]
    [InlineData("validate")]
    [InlineData("validate", "--no-such-option", "x")]
    [InlineData("generate", "--conversations", "3")]
    [InlineData("generate", "--out", "x", "--broken", "2")]
    public async Task Usage_and_io_errors_exit_2_with_a_message(params string[] args)
    {
        var run = await CliRun.Of(args);

        Assert.Equal(2, run.ExitCode);
        Assert.NotEmpty(run.Error);
    }

    [Fact]
    public async Task Every_command_has_help()
    {
        foreach (var command in new[] { "validate", "send", "generate", "ingest", "replay", "show", "show conversation", "show channel", "show agent" })
        {
            var run = await CliRun.Of([.. command.Split(' '), "--help"]);
            Assert.Equal(0, run.ExitCode);
            var help = string.Join('\n', run.Lines);
            Assert.Contains("Usage:", help, StringComparison.Ordinal);
            Assert.Contains($" {command}", help, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Generate_is_deterministic_for_a_seed_and_every_event_it_makes_validates()
    {
        var first = Path.Combine(_work.FullName, "a");
        var second = Path.Combine(_work.FullName, "b");

        var run = await CliRun.Of("generate", "--conversations", "40", "--seed", "11", "--out", first, "--per-file", "100");
        await CliRun.Of("generate", "--conversations", "40", "--seed", "11", "--out", second, "--per-file", "100");
        var other = Path.Combine(_work.FullName, "c");
        await CliRun.Of("generate", "--conversations", "40", "--seed", "12", "--out", other, "--per-file", "100");

        Assert.Equal(0, run.ExitCode);
        var files = Directory.GetFiles(first).Order(StringComparer.Ordinal).ToArray();
        Assert.True(files.Length > 1);
        Assert.All(files, file => Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(second, Path.GetFileName(file)))));
        Assert.NotEqual(File.ReadAllBytes(files[0]), File.ReadAllBytes(Path.Combine(other, Path.GetFileName(files[0]))));

        var validate = await CliRun.Of("validate", first);
        Assert.Equal(0, validate.ExitCode);
        Assert.Equal(run.Json[0].GetProperty("events").GetInt32(), validate.Summary.GetProperty("valid").GetInt32());
    }

    [Fact]
    public async Task Generated_traffic_is_realistic()
    {
        var folder = Path.Combine(_work.FullName, "traffic");
        await CliRun.Of("generate", "--conversations", "200", "--seed", "5", "--out", folder);
        var validator = new ChannelEventValidator();
        var events = Directory.GetFiles(folder).SelectMany(file => ChannelFunctions.Core.Contract.CloudEventJson.Split(File.ReadAllBytes(file)))
            .Select(raw => validator.Validate(raw).Event!).ToList();

        // Every phase of the lifecycle and every role appears, in both versions.
        var names = events.Select(e => e.Rule!.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "channel.alerted", "channel.connected", "channel.connectionfailed", "channel.held",
            "channel.retrieved", "channel.disconnected", "channel.wrapstarted", "channel.ended" }, names);
        Assert.Equal(["agent", "external", "monitor", "voicemail"], events.Select(e => e.PartyRole).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(["v0", "v1"], events.Select(e => e.Type.Split('.')[^1]).Distinct().Order(StringComparer.Ordinal));
        Assert.All(events, e => Assert.Matches("^[0-9A-Za-z]{27}$", e.EventId));
        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(200, events.Select(e => e.ConversationId).Distinct().Count());
        foreach (var channel in events.GroupBy(e => e.ChannelId))
        {
            // In time order, a channel starts alerting, ends last, and its notifications are sent after the change.
            var ordered = channel.OrderBy(e => e.Timestamp).ToList();
            Assert.Equal("channel.alerted", ordered[0].Rule!.Name);
            Assert.Equal("channel.ended", ordered[^1].Rule!.Name);
            Assert.All(ordered, e => Assert.True(e.Time >= e.Timestamp));
        }

        // A transfer: some conversation has two agent channels.
        Assert.Contains(events.GroupBy(e => e.ConversationId), c => c.Where(e => e.PartyRole == "agent").Select(e => e.ChannelId).Distinct().Count() > 1);
    }

    [Fact]
    public async Task Generate_adds_the_requested_duplicates_broken_events_and_shuffle()
    {
        var folder = Path.Combine(_work.FullName, "messy");
        var run = await CliRun.Of("generate", "--conversations", "100", "--seed", "3", "--out", folder,
            "--duplicates", "0.1", "--broken", "0.05", "--shuffle");
        var summary = run.Json[0];

        var validate = await CliRun.Of("validate", folder);

        Assert.Equal(1, validate.ExitCode);
        Assert.InRange(summary.GetProperty("duplicates").GetInt32(), 1, int.MaxValue);
        Assert.InRange(summary.GetProperty("broken").GetInt32(), 1, int.MaxValue);
        var invalidIds = validate.Json.SkipLast(1).Where(line => !line.GetProperty("valid").GetBoolean()).ToList();
        // Broken events, each delivered once or (as a duplicate) twice, are exactly the invalid ones.
        Assert.InRange(invalidIds.Count, summary.GetProperty("broken").GetInt32(), summary.GetProperty("broken").GetInt32() * 2);
        var times = validate.Json.SkipLast(1).Where(line => line.GetProperty("valid").GetBoolean()).Select(line => line.GetProperty("id").GetString()).ToList();
        Assert.NotEqual(times.Order(StringComparer.Ordinal), times);
    }
}
