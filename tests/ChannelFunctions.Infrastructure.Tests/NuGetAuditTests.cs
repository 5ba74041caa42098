using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ChannelFunctions.Infrastructure.Tests;

/// <summary>
/// A NuGet advisory published against a package the build uses (NU1901-NU1904) stays a warning under the repository's
/// TreatWarningsAsErrors: a restore of a project that imports Directory.Build.props, fed a high-severity advisory for
/// Newtonsoft.Json 13.0.4 by a vulnerability source on loopback, succeeds and still prints the finding. Without
/// Directory.Build.props' WarningsNotAsErrors the same restore fails (the second test), as every build, CI run and
/// `azd up` would have the day such an advisory appeared.
/// </summary>
public sealed class NuGetAuditTests : IDisposable
{
    private readonly string _project = Directory.CreateTempSubdirectory("channelfunctions-audit-").FullName;
    private readonly HttpListener _advisories = new();
    private readonly CancellationTokenSource _stop = new();

    public NuGetAuditTests()
    {
        var port = FreePort();
        var root = $"http://127.0.0.1:{port}/";
        _advisories.Prefixes.Add(root);
        _advisories.Start();
        var pages = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["/index.json"] = $$"""{"version":"3.0.0","resources":[{"@id":"{{root}}vulnerability/index.json","@type":"VulnerabilityInfo/6.7.0"}]}""",
            ["/vulnerability/index.json"] = $$"""[{"@name":"base","@id":"{{root}}vulnerability/base.json","@updated":"2026-12-01T00:00:00Z"},{"@name":"update","@id":"{{root}}vulnerability/update.json","@updated":"2026-12-01T00:00:00Z"}]""",
            ["/vulnerability/base.json"] = """{"newtonsoft.json":[{"severity":2,"url":"https://advisories.example.test/GHSA-test-0001","versions":"[13.0.4, 13.0.4]"}]}""",
            ["/vulnerability/update.json"] = "{}",
        };
        _ = Task.Run(() => ServeAsync(pages));

        // The package comes from the global packages folder (the repository restores it); the configured sources stay.
        File.WriteAllText(Path.Combine(_project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <auditSources>
                <clear />
                <add key="test-advisories" value="{root}index.json" allowInsecureConnections="true" />
              </auditSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(_project, "Directory.Build.props"), $"""
            <Project>
              <Import Project="{Repo.File("Directory.Build.props")}" />
              <PropertyGroup>
                <!-- A scratch project has no lock file to hold to, also when CI sets CI=true. -->
                <RestoreLockedMode>false</RestoreLockedMode>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(_project, "Audited.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <PackageReference Include="Newtonsoft.Json" Version="13.0.4" />
              </ItemGroup>
            </Project>
            """);
    }

    [Fact]
    public void An_advisory_is_a_warning_and_the_restore_succeeds()
    {
        var (exitCode, output) = Restore();

        Assert.True(exitCode == 0, output);
        Assert.Contains("warning NU1903: Package 'Newtonsoft.Json' 13.0.4 has a known high severity vulnerability", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_repository_setting_the_same_advisory_fails_the_restore()
    {
        var (exitCode, output) = Restore("-p:WarningsNotAsErrors=NU1603");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("error NU1903", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _advisories.Close();
        Directory.Delete(_project, recursive: true);
    }

    private (int ExitCode, string Output) Restore(params string[] extra)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = _project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["restore", "--force", "--no-http-cache", .. extra])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet restore ran over 2 minutes");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private async Task ServeAsync(Dictionary<string, string> pages)
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _advisories.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var found = pages.TryGetValue(context.Request.Url!.AbsolutePath, out var page);
            context.Response.StatusCode = found ? 200 : 404;
            context.Response.ContentType = "application/json";
            var body = Encoding.UTF8.GetBytes(page ?? "{}");
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
