using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChannelFunctions.IntegrationTests.Cli;

namespace ChannelFunctions.IntegrationTests.LocalRun;

/// <summary>
/// scripts/run-local.sh in its CI mode (<c>--check</c>): everything up to where Core Tools would start. It must start
/// the stores, write the settings file with their real endpoints, say what runs next, and stop what it started.
/// </summary>
public sealed partial class RunLocalScriptTests : IDisposable
{
    private readonly string _settings = Path.Combine(Path.GetTempPath(), $"run-local-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_settings);

    [Fact]
    public async Task Check_mode_starts_the_stores_writes_the_settings_says_what_runs_next_and_stops_them()
    {
        var (exitCode, output) = await RunAsync("scripts/run-local.sh", "--check", "--settings", _settings);

        Assert.True(exitCode == 0, output);
        Assert.Contains("created from local.settings.sample.json", output, StringComparison.Ordinal);
        Assert.Matches(CoreToolsLine(), output);
        Assert.Contains("Check done", output, StringComparison.Ordinal);

        using var settings = JsonDocument.Parse(await File.ReadAllBytesAsync(_settings));
        var values = settings.RootElement.GetProperty("Values");
        var cosmos = values.GetProperty("Cosmos__ConnectionString").GetString()!;
        var storage = values.GetProperty("RejectedEvents__ConnectionString").GetString()!;
        Assert.Matches(@"^AccountEndpoint=https://127\.0\.0\.1:\d+/;", cosmos);
        Assert.Matches(@"BlobEndpoint=http://127\.0\.0\.1:\d+/devstoreaccount1;", storage);
        Assert.Equal(storage, values.GetProperty("AzureWebJobsStorage").GetString());
        Assert.Equal(32, Convert.FromBase64String(values.GetProperty("Relay__Secrets__0").GetString()!).Length);
        // A continuation-token key of this machine's own, so a token from one CLI run or app instance works in the next.
        var tokenKey = values.GetProperty("Lookups__ContinuationTokenKey").GetString();
        Assert.Equal(32, Convert.FromBase64String(tokenKey!).Length);
        // Every other setting comes from the sample.
        Assert.Equal("dotnet-isolated", values.GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());

        // What it started is stopped.
        foreach (var port in new[] { Port(cosmos, "AccountEndpoint"), Port(storage, "BlobEndpoint") })
        {
            using var client = new TcpClient();
            await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", port));
        }

        // A second run keeps the file and its secret, and points it at the new stores.
        var secret = values.GetProperty("Relay__Secrets__0").GetString();
        var (again, secondOutput) = await RunAsync("scripts/run-local.sh", "--check", "--settings", _settings);
        Assert.True(again == 0, secondOutput);
        Assert.Contains("updated with the stores' endpoints", secondOutput, StringComparison.Ordinal);
        using var updated = JsonDocument.Parse(await File.ReadAllBytesAsync(_settings));
        Assert.Equal(secret, updated.RootElement.GetProperty("Values").GetProperty("Relay__Secrets__0").GetString());
        Assert.Equal(tokenKey, updated.RootElement.GetProperty("Values").GetProperty("Lookups__ContinuationTokenKey").GetString());
    }

    [Fact]
    public async Task Check_mode_leaves_a_running_run_local_and_its_settings_alone()
    {
        var start = Start("scripts/run-local.sh", "--settings", _settings);
        using var running = Process.Start(start)!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            while (await running.StandardOutput.ReadLineAsync(timeout.Token) is { } line && !line.StartsWith("Stores running", StringComparison.Ordinal))
            {
            }

            var before = await File.ReadAllTextAsync(_settings);
            var (exitCode, output) = await RunAsync("scripts/run-local.sh", "--check", "--settings", _settings);
            var (second, secondOutput) = await RunAsync("scripts/run-local.sh", "--settings", _settings);

            Assert.True(exitCode == 0, output);
            Assert.Contains("--check leaves it alone and writes a temporary settings file instead", output, StringComparison.Ordinal);
            Assert.Equal(before, await File.ReadAllTextAsync(_settings));
            Assert.Equal(2, second);
            Assert.Contains("run-local is already running", secondOutput, StringComparison.Ordinal);
            // The running one's stores still answer.
            using var settings = JsonDocument.Parse(before);
            var cosmos = settings.RootElement.GetProperty("Values").GetProperty("Cosmos__ConnectionString").GetString()!;
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port(cosmos, "AccountEndpoint"));
        }
        finally
        {
            running.Kill(entireProcessTree: true);
            await running.WaitForExitAsync();
            File.Delete($"{_settings}.run-local");
        }
    }

    [Theory]
    [InlineData("--cosmos-connection-string", "garbage", "--cosmos-connection-string is not a Cosmos DB connection string")]
    [InlineData("--cosmos-connection-string", "AccountKey=abc;", "--cosmos-connection-string is not a Cosmos DB connection string")]
    [InlineData("--settings", null, "--settings needs a file path")]
    public async Task Bad_arguments_are_refused_before_anything_is_started_or_written(string option, string? value, string message)
    {
        var args = new List<string> { "scripts/run-local.sh", "--check" };
        if (value is null)
        {
            args.Add(option);
        }
        else
        {
            args.AddRange(["--settings", _settings, option, value]);
        }

        var (exitCode, output) = await RunAsync([.. args]);

        Assert.Equal(2, exitCode);
        Assert.Contains(message, output, StringComparison.Ordinal);
        Assert.DoesNotContain("Azurite:", output, StringComparison.Ordinal);
        Assert.False(File.Exists(_settings));
    }

    private static int Port(string connectionString, string key) =>
        new Uri(Regex.Match(connectionString, key + "=([^;]+)").Groups[1].Value).Port;

    private static ProcessStartInfo Start(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = CliStack.RepositoryRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var process = Process.Start(Start(args))!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    // Either Core Tools is missing (the message and the install link) or it is there and would start now.
    [GeneratedRegex(@"(not installed.*\n.*https://learn\.microsoft\.com/azure/azure-functions/functions-run-local)|would now run 'func start'")]
    private static partial Regex CoreToolsLine();
}
