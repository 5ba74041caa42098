using System.Diagnostics;

namespace ChannelFunctions.Infrastructure.Tests;

/// <summary>
/// The postdeploy hook, run against a stand-in `az` on PATH that records its arguments: it stops with a clear message
/// when az is missing, not logged in or in another tenant than the azd environment's, or azd values are missing; it
/// waits until IngestChannelEvents is indexed as an Event Grid trigger, then deploys subscription.bicep with the azd
/// environment's values, retrying transient failures only. The same scenarios run for the bash script and, where pwsh is installed, its PowerShell twin.
/// </summary>
public abstract class PostdeployHookScenarios : IDisposable
{
    private readonly string bin = Directory.CreateTempSubdirectory("channelfunctions-hook-").FullName;

    protected PostdeployHookScenarios()
    {
        var fakeAz = Path.Combine(bin, "az");
        File.WriteAllText(fakeAz, """
            #!/usr/bin/env bash
            echo "$*" >> "$FAKE_AZ_LOG"
            if [ "$1 $2" = "account show" ]; then
              [ "${FAKE_AZ_ACCOUNT_EXIT:-0}" = "0" ] || exit "${FAKE_AZ_ACCOUNT_EXIT}"
              echo "${FAKE_AZ_TENANT:-AAAAAAAA-0000-4000-8000-000000000001}"
              exit 0
            fi
            if [ "$1 $2 $3" = "functionapp function show" ]; then
              shows=$(grep -c '^functionapp function show' "$FAKE_AZ_LOG")
              if [ "$shows" -le "${FAKE_AZ_NOT_INDEXED_TIMES:-0}" ]; then
                echo "ERROR: (NotFound) Error retrieving function IngestChannelEvents." >&2
                exit 3
              fi
              # The hook's query picks the eventGridTrigger binding: empty when the function has none.
              [ "${FAKE_AZ_NO_EVENT_GRID_BINDING:-0}" = "1" ] || echo "eventGridTrigger"
              exit 0
            fi
            deploys=$(grep -c '^deployment group create' "$FAKE_AZ_LOG")
            if [ "$deploys" -le "${FAKE_AZ_NOT_LISTED_TIMES:-0}" ]; then
              echo "ERROR: Destination endpoint not found. Resource details: resourceId: /subscriptions/x/resourceGroups/rg-test/providers/Microsoft.Web/sites/func-abc/functions/IngestChannelEvents" >&2
              exit 1
            fi
            if [ "$deploys" -le "$(( ${FAKE_AZ_NOT_LISTED_TIMES:-0} + ${FAKE_AZ_THROTTLED_TIMES:-0} ))" ]; then
              echo "ERROR: (TooManyRequests) The request is being throttled. Status: 429" >&2
              exit 1
            fi
            # A final error whose resource ID holds 429, 503 and 500 inside GUID groups: it must not look transient.
            if [ "${FAKE_AZ_DEPLOY_EXIT:-0}" != "0" ]; then echo "ERROR: InvalidTemplate: /subscriptions/1429a503-5000-4290-8503-000000000500/resourceGroups/rg-test" >&2; fi
            exit "${FAKE_AZ_DEPLOY_EXIT:-0}"
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fakeAz, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private string Log => Path.Combine(bin, "az.log");

    /// <summary>The program and arguments that run the hook script.</summary>
    protected abstract (string Program, string[] Arguments) Command { get; }

    protected void Deploys_subscription_bicep_into_the_resource_group_with_the_azd_values()
    {
        var (exitCode, output) = RunHook(Environment());

        Assert.True(exitCode == 0, output);
        var calls = File.ReadAllLines(Log);
        var show = Assert.Single(calls, c => c.StartsWith("functionapp function show", StringComparison.Ordinal));
        Assert.Contains("--resource-group rg-test --name func-abc --function-name IngestChannelEvents", show, StringComparison.Ordinal);
        // Signed in first, then the function checked, then the subscription deployed.
        Assert.Equal(["account", "functionapp", "deployment"], calls.Select(c => c.Split(' ')[0]));
        var deploy = Assert.Single(calls, c => c.StartsWith("deployment group create", StringComparison.Ordinal));
        Assert.Contains("--subscription 00000000-1111-2222-3333-444444444444", deploy, StringComparison.Ordinal);
        Assert.Contains("--resource-group rg-test", deploy, StringComparison.Ordinal);
        Assert.Contains("--name ingest-subscription-test", deploy, StringComparison.Ordinal);
        Assert.Contains($"--template-file {Repo.File("infra", "hooks")}/../subscription.bicep", deploy, StringComparison.Ordinal);
        Assert.Contains("topicName=evgt-abc functionAppName=func-abc storageAccountName=stabc", deploy, StringComparison.Ordinal);
    }

    protected void Stops_with_a_clear_message_when_az_is_not_logged_in()
    {
        var env = Environment();
        env["FAKE_AZ_ACCOUNT_EXIT"] = "1";

        var (exitCode, output) = RunHook(env);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("not logged in; run 'az login --tenant aaaaaaaa-0000-4000-8000-000000000001'", output, StringComparison.Ordinal);
        Assert.DoesNotContain(File.ReadAllLines(Log), c => c.StartsWith("deployment", StringComparison.Ordinal));
    }

    protected void Stops_when_az_is_signed_in_to_another_tenant()
    {
        var env = Environment();
        env["FAKE_AZ_TENANT"] = "bbbbbbbb-0000-4000-8000-000000000002";

        var (exitCode, output) = RunHook(env);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(
            "signed in to tenant bbbbbbbb-0000-4000-8000-000000000002, but the azd environment is in tenant aaaaaaaa-0000-4000-8000-000000000001; run 'az login --tenant aaaaaaaa-0000-4000-8000-000000000001'",
            output,
            StringComparison.Ordinal);
        Assert.Equal(["account show --query tenantId --output tsv"], File.ReadAllLines(Log));
    }

    /// <summary>Tenant IDs compare without regard to case: az prints them lower case, a person may type them upper case.</summary>
    protected void Takes_the_same_tenant_in_another_case()
    {
        var env = Environment();
        env["FAKE_AZ_TENANT"] = "aaaaaaaa-0000-4000-8000-000000000001";
        env["AZURE_TENANT_ID"] = "AAAAAAAA-0000-4000-8000-000000000001";

        var (exitCode, output) = RunHook(env);

        Assert.True(exitCode == 0, output);
    }

    protected void Waits_until_the_function_is_indexed_as_an_Event_Grid_trigger()
    {
        var env = Environment();
        env["FAKE_AZ_NOT_INDEXED_TIMES"] = "2";

        var (exitCode, output) = RunHook(env);

        Assert.True(exitCode == 0, output);
        Assert.Equal(3, File.ReadAllLines(Log).Count(c => c.StartsWith("functionapp function show", StringComparison.Ordinal)));
        Assert.Single(File.ReadAllLines(Log), c => c.StartsWith("deployment group create", StringComparison.Ordinal));
        Assert.Contains("IngestChannelEvents is not indexed yet (attempt 2 of 4)", output, StringComparison.Ordinal);
    }

    protected void Gives_up_when_the_function_never_becomes_an_Event_Grid_trigger()
    {
        var env = Environment();
        env["FAKE_AZ_NO_EVENT_GRID_BINDING"] = "1";

        var (exitCode, output) = RunHook(env);

        Assert.NotEqual(0, exitCode);
        Assert.Equal(4, File.ReadAllLines(Log).Count(c => c.StartsWith("functionapp function show", StringComparison.Ordinal)));
        Assert.DoesNotContain(File.ReadAllLines(Log), c => c.StartsWith("deployment", StringComparison.Ordinal));
        Assert.Contains("still not indexed as an Event Grid trigger after 4 attempts", output, StringComparison.Ordinal);
    }

    protected void Retries_a_throttled_deployment()
    {
        var env = Environment();
        env["FAKE_AZ_THROTTLED_TIMES"] = "2";

        var (exitCode, output) = RunHook(env);

        Assert.True(exitCode == 0, output);
        Assert.Equal(3, File.ReadAllLines(Log).Count(c => c.StartsWith("deployment group create", StringComparison.Ordinal)));
        Assert.Contains("a transient failure (attempt 2 of 4)", output, StringComparison.Ordinal);
    }

    protected void Stops_with_a_clear_message_when_azd_values_are_missing()
    {
        var env = Environment();
        env.Remove("EVENT_GRID_TOPIC_NAME");
        env.Remove("AZURE_RESOURCE_GROUP");

        var (exitCode, output) = RunHook(env);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("missing azd environment values: AZURE_RESOURCE_GROUP EVENT_GRID_TOPIC_NAME", output, StringComparison.Ordinal);
    }

    protected void Stops_with_a_clear_message_when_az_is_not_installed()
    {
        File.Move(Path.Combine(bin, "az"), Path.Combine(bin, "az.off"));

        var (exitCode, output) = RunHook(Environment());

        Assert.NotEqual(0, exitCode);
        Assert.Contains("the Azure CLI (az) is not installed", output, StringComparison.Ordinal);
    }

    protected void Fails_when_the_deployment_fails()
    {
        var env = Environment();
        env["FAKE_AZ_DEPLOY_EXIT"] = "3";

        var (exitCode, output) = RunHook(env);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("subscription.bicep failed", output, StringComparison.Ordinal);
        Assert.Contains("not an error worth retrying", output, StringComparison.Ordinal);
        Assert.Contains("InvalidTemplate", output, StringComparison.Ordinal);
        // Only transient failures are worth waiting for (a GUID holding 429 or 503 is not one); others are reported at once.
        Assert.Single(File.ReadAllLines(Log), c => c.StartsWith("deployment group create", StringComparison.Ordinal));
    }

    protected void Retries_while_the_new_function_is_not_listed_yet()
    {
        var env = Environment();
        env["FAKE_AZ_NOT_LISTED_TIMES"] = "2";

        var (exitCode, output) = RunHook(env);

        Assert.True(exitCode == 0, output);
        Assert.Equal(3, File.ReadAllLines(Log).Count(c => c.StartsWith("deployment group create", StringComparison.Ordinal)));
        Assert.Contains("a transient failure (attempt 2 of 4)", output, StringComparison.Ordinal);
        Assert.Contains("subscription is in place", output, StringComparison.Ordinal);
    }

    protected void Gives_up_when_the_function_is_never_listed()
    {
        var env = Environment();
        env["FAKE_AZ_NOT_LISTED_TIMES"] = "99";

        var (exitCode, output) = RunHook(env);

        Assert.NotEqual(0, exitCode);
        Assert.Equal(4, File.ReadAllLines(Log).Count(c => c.StartsWith("deployment group create", StringComparison.Ordinal)));
        Assert.Contains("could not be deployed after 4 attempts of transient failures", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Directory.Delete(bin, recursive: true);
        GC.SuppressFinalize(this);
    }

    private Dictionary<string, string> Environment() => new(StringComparer.Ordinal)
    {
        ["PATH"] = $"{bin}:/usr/bin:/bin",
        ["HOME"] = System.Environment.GetEnvironmentVariable("HOME") ?? bin,
        ["FAKE_AZ_LOG"] = Log,
        ["AZURE_SUBSCRIPTION_ID"] = "00000000-1111-2222-3333-444444444444",
        ["AZURE_TENANT_ID"] = "aaaaaaaa-0000-4000-8000-000000000001",
        ["AZURE_RESOURCE_GROUP"] = "rg-test",
        ["AZURE_ENV_NAME"] = "test",
        ["EVENT_GRID_TOPIC_NAME"] = "evgt-abc",
        ["AZURE_FUNCTION_APP_NAME"] = "func-abc",
        ["AZURE_STORAGE_ACCOUNT_NAME"] = "stabc",
        ["POSTDEPLOY_ATTEMPTS"] = "4",
        ["POSTDEPLOY_RETRY_DELAY_SECONDS"] = "0",
    };

    private (int ExitCode, string Output) RunHook(Dictionary<string, string> environment)
    {
        var (program, arguments) = Command;
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repo.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} ran over 60 seconds");
        }

        return (process.ExitCode, stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult());
    }
}

/// <summary>infra/hooks/postdeploy.sh, as azd runs it on Linux and macOS.</summary>
public sealed class PostdeployShHookTests : PostdeployHookScenarios
{
    protected override (string Program, string[] Arguments) Command => ("bash", [Repo.File("infra", "hooks", "postdeploy.sh")]);

    [BashFact]
    public void Deploys_the_subscription() => Deploys_subscription_bicep_into_the_resource_group_with_the_azd_values();

    [BashFact]
    public void Az_not_logged_in() => Stops_with_a_clear_message_when_az_is_not_logged_in();

    [BashFact]
    public void Azd_values_missing() => Stops_with_a_clear_message_when_azd_values_are_missing();

    [BashFact]
    public void Az_not_installed() => Stops_with_a_clear_message_when_az_is_not_installed();

    [BashFact]
    public void Deployment_fails() => Fails_when_the_deployment_fails();

    [BashFact]
    public void Function_not_listed_yet() => Retries_while_the_new_function_is_not_listed_yet();

    [BashFact]
    public void Function_never_listed() => Gives_up_when_the_function_is_never_listed();

    [BashFact]
    public void Az_in_another_tenant() => Stops_when_az_is_signed_in_to_another_tenant();

    [BashFact]
    public void Tenant_in_another_case() => Takes_the_same_tenant_in_another_case();

    [BashFact]
    public void Function_not_indexed_yet() => Waits_until_the_function_is_indexed_as_an_Event_Grid_trigger();

    [BashFact]
    public void Function_never_an_Event_Grid_trigger() => Gives_up_when_the_function_never_becomes_an_Event_Grid_trigger();

    [BashFact]
    public void Deployment_throttled() => Retries_a_throttled_deployment();
}

/// <summary>infra/hooks/postdeploy.ps1, as azd runs it on Windows, here with PowerShell 7 on Linux when it is installed.</summary>
public sealed class PostdeployPs1HookTests : PostdeployHookScenarios
{
    protected override (string Program, string[] Arguments) Command =>
        PwshFactAttribute.Command("-NoProfile", "-NonInteractive", "-File", Repo.File("infra", "hooks", "postdeploy.ps1"));

    [PwshFact]
    public void Deploys_the_subscription() => Deploys_subscription_bicep_into_the_resource_group_with_the_azd_values();

    [PwshFact]
    public void Az_not_logged_in() => Stops_with_a_clear_message_when_az_is_not_logged_in();

    [PwshFact]
    public void Azd_values_missing() => Stops_with_a_clear_message_when_azd_values_are_missing();

    [PwshFact]
    public void Az_not_installed() => Stops_with_a_clear_message_when_az_is_not_installed();

    [PwshFact]
    public void Deployment_fails() => Fails_when_the_deployment_fails();

    [PwshFact]
    public void Function_not_listed_yet() => Retries_while_the_new_function_is_not_listed_yet();

    [PwshFact]
    public void Function_never_listed() => Gives_up_when_the_function_is_never_listed();

    [PwshFact]
    public void Az_in_another_tenant() => Stops_when_az_is_signed_in_to_another_tenant();

    [PwshFact]
    public void Tenant_in_another_case() => Takes_the_same_tenant_in_another_case();

    [PwshFact]
    public void Function_not_indexed_yet() => Waits_until_the_function_is_indexed_as_an_Event_Grid_trigger();

    [PwshFact]
    public void Function_never_an_Event_Grid_trigger() => Gives_up_when_the_function_never_becomes_an_Event_Grid_trigger();

    [PwshFact]
    public void Deployment_throttled() => Retries_a_throttled_deployment();
}
