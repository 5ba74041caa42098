using System.Diagnostics;
using Xunit;

namespace ChannelFunctions.Infrastructure.Tests;

/// <summary>
/// The POSIX postdeploy hook, run with bash against a stand-in `az` on PATH that records its arguments: it stops with
/// a clear message when az is not logged in or azd values are missing, and otherwise deploys subscription.bicep.
/// (The PowerShell twin is not run here: there is no pwsh on the CI machine.)
/// </summary>
public sealed class PostdeployHookTests : IDisposable
{
    private readonly string bin = Directory.CreateTempSubdirectory("channelfunctions-hook-").FullName;

    public PostdeployHookTests()
    {
        var fakeAz = Path.Combine(bin, "az");
        File.WriteAllText(fakeAz, """
            #!/usr/bin/env bash
            echo "$*" >> "$FAKE_AZ_LOG"
            if [ "$1 $2" = "account show" ]; then exit "${FAKE_AZ_ACCOUNT_EXIT:-0}"; fi
            exit 0
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fakeAz, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private string Log => Path.Combine(bin, "az.log");

    [BashFact]
    public void Deploys_subscription_bicep_into_the_resource_group_with_the_azd_values()
    {
        var (exitCode, output) = RunHook(Environment());

        Assert.True(exitCode == 0, output);
        var calls = File.ReadAllLines(Log);
        var deploy = Assert.Single(calls, c => c.StartsWith("deployment group create", StringComparison.Ordinal));
        Assert.Contains("--subscription 00000000-1111-2222-3333-444444444444", deploy, StringComparison.Ordinal);
        Assert.Contains("--resource-group rg-test", deploy, StringComparison.Ordinal);
        Assert.Contains("--name ingest-subscription-test", deploy, StringComparison.Ordinal);
        Assert.Contains($"--template-file {Repo.File("infra", "hooks")}/../subscription.bicep", deploy, StringComparison.Ordinal);
        Assert.Contains("topicName=evgt-abc functionAppName=func-abc storageAccountName=stabc", deploy, StringComparison.Ordinal);
    }

    [BashFact]
    public void Stops_with_a_clear_message_when_az_is_not_logged_in()
    {
        var env = Environment();
        env["FAKE_AZ_ACCOUNT_EXIT"] = "1";

        var (exitCode, output) = RunHook(env);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("not logged in; run 'az login'", output, StringComparison.Ordinal);
        Assert.DoesNotContain(File.ReadAllLines(Log), c => c.StartsWith("deployment", StringComparison.Ordinal));
    }

    [BashFact]
    public void Stops_with_a_clear_message_when_azd_values_are_missing()
    {
        var env = Environment();
        env.Remove("EVENT_GRID_TOPIC_NAME");
        env.Remove("AZURE_RESOURCE_GROUP");

        var (exitCode, output) = RunHook(env);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("missing azd environment values: AZURE_RESOURCE_GROUP EVENT_GRID_TOPIC_NAME", output, StringComparison.Ordinal);
    }

    [BashFact]
    public void Stops_with_a_clear_message_when_az_is_not_installed()
    {
        var env = Environment();
        env["PATH"] = Path.Combine(bin, "nothing-here") + ":/usr/bin:/bin";
        File.Move(Path.Combine(bin, "az"), Path.Combine(bin, "az.off"));

        var (exitCode, output) = RunHook(env);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("the Azure CLI (az) is not installed", output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(bin, recursive: true);

    private Dictionary<string, string> Environment() => new(StringComparer.Ordinal)
    {
        ["PATH"] = $"{bin}:/usr/bin:/bin",
        ["FAKE_AZ_LOG"] = Log,
        ["AZURE_SUBSCRIPTION_ID"] = "00000000-1111-2222-3333-444444444444",
        ["AZURE_RESOURCE_GROUP"] = "rg-test",
        ["AZURE_ENV_NAME"] = "test",
        ["EVENT_GRID_TOPIC_NAME"] = "evgt-abc",
        ["AZURE_FUNCTION_APP_NAME"] = "func-abc",
        ["AZURE_STORAGE_ACCOUNT_NAME"] = "stabc",
    };

    private static (int ExitCode, string Output) RunHook(Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repo.Root,
        };
        start.ArgumentList.Add(Repo.File("infra", "hooks", "postdeploy.sh"));
        start.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("postdeploy.sh ran over 30 seconds");
        }

        return (process.ExitCode, stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult());
    }
}
