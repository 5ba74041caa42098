using System.Net;
using System.Net.Sockets;
using ChannelFunctions.Cli;
using ChannelFunctions.Tests.EventGrid;

namespace ChannelFunctions.Tests.Cli;

/// <summary>
/// The command line as a new user meets it: help without a command, errors that say what a value must be, unknown
/// options refused by name, and settings or store problems explained with what to do.
/// </summary>
public sealed class CliUsageTests : IDisposable
{
    private static readonly string Samples = Path.Combine(BuildOutputTests.RepositoryRoot(), "samples");
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("cli-usage-");

    public void Dispose() => _work.Delete(recursive: true);

    [Theory]
    [InlineData]
    [InlineData("show")]
    public async Task A_command_that_needs_a_subcommand_shows_its_help_without_one(params string[] args)
    {
        var run = await CliRun.Of(args);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage:", string.Join('\n', run.Lines), StringComparison.Ordinal);
        Assert.DoesNotContain("Required command", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--since: 'yesterday' is not an RFC 3339 time", "replay", "--since", "yesterday")]
    [InlineData("--kind: 'bogus' is not one of invalid/unsupported/conflicting/refused", "replay", "--kind", "bogus")]
    [InlineData("--batch-size: 'abc' is not a whole number", "ingest", "samples", "--batch-size", "abc")]
    [InlineData("--start: 'monday' is not an RFC 3339 time", "generate", "--out", "x", "--start", "monday")]
    [InlineData("--duplicates: 'some' is not a number", "generate", "--out", "x", "--duplicates", "some")]
    public async Task Bad_values_say_what_is_expected_not_a_dotnet_type(string message, params string[] args)
    {
        var run = await CliRun.Of(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("ChannelFunctions.", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--bogus", "ingest", "--bogus", "samples/conversation")]
    [InlineData("--help-me", "show", "conversation", "--help-me")]
    [InlineData("--recursive", "validate", "samples/valid", "--recursive")]
    public async Task Unknown_options_are_refused_by_name(string option, params string[] args)
    {
        var run = await CliRun.Of([.. args.Select(arg => arg.StartsWith("samples/", StringComparison.Ordinal) ? Path.Combine(BuildOutputTests.RepositoryRoot(), arg) : arg)]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"Unknown option '{option}'", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("No such file", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("must be a GUID", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_help_shows_its_default_start_in_rfc_3339_and_what_a_seed_promises()
    {
        var run = await CliRun.Of("generate", "--help");

        var help = string.Join('\n', run.Lines);
        Assert.Contains("2026-01-05T08:00:00Z", help, StringComparison.Ordinal);
        Assert.DoesNotContain("01/05/2026", help, StringComparison.Ordinal);
        Assert.Contains("superset", help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_seed_with_more_conversations_gives_a_superset_and_the_summary_says_so()
    {
        var small = await CliRun.Of("generate", "--conversations", "4", "--seed", "7", "--out", Path.Combine(_work.FullName, "small"));
        var large = await CliRun.Of("generate", "--conversations", "9", "--seed", "7", "--out", Path.Combine(_work.FullName, "large"));

        Assert.Equal(0, small.ExitCode);
        var events = (string folder) => Directory.GetFiles(Path.Combine(_work.FullName, folder))
            .SelectMany(file => ChannelFunctions.Core.Contract.CloudEventJson.Split(File.ReadAllBytes(file)))
            .Select(raw => Convert.ToBase64String(raw.Span)).ToHashSet();
        var smallEvents = events("small");
        Assert.Subset(events("large"), smallEvents);
        Assert.Contains("superset", small.Json[^1].GetProperty("sameSeed").GetString(), StringComparison.Ordinal);
        Assert.Equal(7, large.Json[^1].GetProperty("seed").GetInt32());
    }

    [Fact]
    public async Task No_settings_file_says_none_was_found_and_where_it_looked()
    {
        var run = await CliRun.On(new CliHost(false, false, _work.FullName), "show", "conversation", "5b2c6f0e-8d1a-4c3b-9e7f-2a4d6c8e0b13");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Cosmos__ConnectionString", run.Error, StringComparison.Ordinal);
        Assert.Contains($"no settings file found (looked for src/ChannelFunctions/local.settings.json in {_work.FullName} and every folder above it", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_settings_file_is_named_with_its_line()
    {
        var settings = Path.Combine(_work.FullName, "broken.json");
        await File.WriteAllTextAsync(settings, "{\n  \"Values\": {\n    \"Cosmos__ConnectionString\": \"x\",,\n  }\n}\n");

        var run = await CliRun.Of("show", "conversation", "5b2c6f0e-8d1a-4c3b-9e7f-2a4d6c8e0b13", "--settings", settings);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{settings}:3:", run.Error, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cosmos__ConnectionString", "show", "conversation", "5b2c6f0e-8d1a-4c3b-9e7f-2a4d6c8e0b13")]
    [InlineData("RejectedEvents__ConnectionString", "replay", "--dry-run")]
    public async Task A_connection_string_the_sdk_cannot_read_is_named_by_its_setting(string setting, params string[] args)
    {
        var settings = Settings(("Cosmos__ConnectionString", "garbage"), ("RejectedEvents__ConnectionString", "garbage"));

        var run = await CliRun.Of([.. args, "--settings", settings]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"The setting {setting} is not a connection string", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("No Cosmos DB at https://127.0.0.1:", "ingest", "samples/valid")]
    [InlineData("No Cosmos DB at https://127.0.0.1:", "show", "conversation", "5b2c6f0e-8d1a-4c3b-9e7f-2a4d6c8e0b13")]
    [InlineData("No Blob storage at http://127.0.0.1:", "replay", "--dry-run")]
    [InlineData("No Blob storage at http://127.0.0.1:", "replay", "--dead-letters", "--dry-run")]
    public async Task A_store_that_is_not_there_is_reported_at_once_with_what_to_do(string message, params string[] args)
    {
        var (cosmosPort, blobPort) = (ClosedPort(), ClosedPort());
        var settings = Settings(
            ("Cosmos__ConnectionString", $"AccountEndpoint=https://127.0.0.1:{cosmosPort}/;AccountKey=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==;"),
            ("RejectedEvents__ConnectionString", "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
                + $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;"));

        var run = await CliRun.Of([.. args.Select(arg => arg.StartsWith("samples/", StringComparison.Ordinal) ? Path.Combine(BuildOutputTests.RepositoryRoot(), arg) : arg), "--settings", settings]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Contains("Is scripts/run-local.sh running? Its ports change every run", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_to_an_address_where_nothing_listens_says_what_would()
    {
        var run = await CliRun.Of("send", Path.Combine(Samples, "valid", "channel.ended.v1.json"), "--to", $"http://127.0.0.1:{ClosedPort()}/api/vcc/events");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Nothing listens at http://127.0.0.1:", run.Error, StringComparison.Ordinal);
        Assert.Contains("func start", run.Error, StringComparison.Ordinal);
        Assert.Contains("Core Tools", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Results_start_on_a_clean_line_when_progress_shares_the_terminal()
    {
        // One writer for both, as a terminal shows them; a carriage return returns to the line's start, so what a
        // person sees of each line is what follows its last one.
        using var terminal = new StringWriter();
        var exitCode = await CliApp.RunAsync(["validate", Path.Combine(Samples, "conversation")], terminal, terminal, new CliHost(true, true, _work.FullName));

        var seen = terminal.ToString().Split('\n').Select(line => line[(line.LastIndexOf('\r') + 1)..]).ToList();
        Assert.Equal(0, exitCode);
        Assert.Contains(terminal.ToString(), text => text == '\r');
        var results = seen.Where(line => line.Contains("\"file\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(22, results.Count);
        Assert.All(results, line => Assert.StartsWith("{", line, StringComparison.Ordinal));
    }

    private string Settings(params (string Key, string Value)[] values)
    {
        var path = Path.Combine(_work.FullName, $"settings-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(new { Values = values.ToDictionary(v => v.Key, v => v.Value) }));
        return path;
    }

    /// <summary>A loopback port nothing listens on: one the system just handed out and took back.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
