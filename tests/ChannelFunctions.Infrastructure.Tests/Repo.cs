using System.Reflection;
using System.Runtime.InteropServices;

namespace ChannelFunctions.Infrastructure.Tests;

/// <summary>Paths the build stamped into the assembly: the repository root and the Bicep CLI from NuGet.</summary>
internal static class Repo
{
    public static string Root { get; } = Metadata("RepositoryRoot");

    /// <summary>The bicep binary of the Azure.Bicep.CommandLine.linux-x64 package (from its GeneratePathProperty).</summary>
    public static string BicepExecutable { get; } = Metadata("BicepExecutable");

    public static string Infra { get; } = System.IO.Path.Combine(Root, "infra");

    public static string File(params string[] relativeParts) => System.IO.Path.Combine([Root, .. relativeParts]);

    private static string Metadata(string key) =>
        typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing; it is set in the test project file.");
}

internal static class Platform
{
    public static bool IsLinuxX64 => OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64;

    public const string NotLinuxX64 =
        "Skipped: the Bicep CLI comes from the Azure.Bicep.CommandLine.linux-x64 NuGet package, which runs on linux-x64 only.";
}

/// <summary>A fact that needs the Bicep CLI; skipped (with the reason) anywhere but linux-x64.</summary>
public sealed class LinuxX64FactAttribute : FactAttribute
{
    public LinuxX64FactAttribute()
    {
        if (!Platform.IsLinuxX64)
        {
            Skip = Platform.NotLinuxX64;
        }
    }
}

/// <summary>A theory that needs the Bicep CLI; skipped (with the reason) anywhere but linux-x64.</summary>
public sealed class LinuxX64TheoryAttribute : TheoryAttribute
{
    public LinuxX64TheoryAttribute()
    {
        if (!Platform.IsLinuxX64)
        {
            Skip = Platform.NotLinuxX64;
        }
    }
}

/// <summary>A fact that runs a bash script; skipped on Windows.</summary>
public sealed class BashFactAttribute : FactAttribute
{
    public BashFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Skipped: runs the POSIX postdeploy hook with bash.";
        }
    }
}

/// <summary>
/// A fact that runs the PowerShell hook with PowerShell 7: `pwsh` on PATH, else the repository's local .NET tool
/// (.config/dotnet-tools.json, restored by this project's build with `dotnet tool restore`, as the npm servers are
/// installed by theirs). Skipped, with the reason, on Windows (the stand-in az is a bash script) or where neither runs.
/// </summary>
public sealed class PwshFactAttribute : FactAttribute
{
    private static readonly (string Program, string[] Prefix)? Found = Find(out SkipReason);
    private static readonly string SkipReason;

    public PwshFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Skipped: the stand-in az is a bash script, so the PowerShell hook tests run on Linux and macOS.";
        }
        else if (Found is null)
        {
            Skip = SkipReason;
        }
    }

    /// <summary>The program and arguments that run pwsh with <paramref name="arguments"/>.</summary>
    public static (string Program, string[] Arguments) Command(params string[] arguments)
    {
        var (program, prefix) = Found ?? throw new InvalidOperationException(SkipReason);
        return (program, [.. prefix, .. arguments]);
    }

    private static (string, string[])? Find(out string reason)
    {
        reason = string.Empty;
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => System.IO.Path.Combine(dir, "pwsh"))
            .FirstOrDefault(File.Exists);
        if (onPath is not null)
        {
            return (onPath, []);
        }

        // The local tool: `dotnet tool run` finds the manifest from the repository root. The hooks run with a cleared
        // environment, so dotnet is named by its full path (the SDK sets DOTNET_HOST_PATH for test runs).
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        string[] prefix = ["tool", "run", "pwsh", "--"];
        var probe = new System.Diagnostics.ProcessStartInfo(dotnet)
        {
            WorkingDirectory = Repo.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in prefix.Concat(["-NoProfile", "-NonInteractive", "-Command", "exit 0"]))
        {
            probe.ArgumentList.Add(argument);
        }

        try
        {
            using var process = System.Diagnostics.Process.Start(probe)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (process.WaitForExit(TimeSpan.FromSeconds(120)) && process.ExitCode == 0)
            {
                return (dotnet, prefix);
            }

            reason = "Skipped: no pwsh on PATH, and the local PowerShell tool (.config/dotnet-tools.json) did not run: "
                + $"{(error.Result + output.Result).Trim()} Run `dotnet tool restore` in the repository root.";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            reason = $"Skipped: no pwsh on PATH, and {dotnet} could not be started for the local PowerShell tool: {ex.Message}";
        }

        return null;
    }
}
