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
/// A fact that runs the PowerShell hook with PowerShell 7 (`pwsh` on PATH or the PowerShell .NET global tool in
/// ~/.dotnet/tools); skipped, with the reason, where there is none and on Windows (the stand-in az is a bash script).
/// </summary>
public sealed class PwshFactAttribute : FactAttribute
{
    public static string? Pwsh { get; } = Find();

    public PwshFactAttribute()
    {
        if (OperatingSystem.IsWindows() || Pwsh is null)
        {
            Skip = "Skipped: no PowerShell 7 (pwsh) here; `dotnet tool install --global PowerShell --version 7.6.9` provides one.";
        }
    }

    private static string? Find()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools"))
            .Select(dir => System.IO.Path.Combine(dir, "pwsh"));
        return candidates.FirstOrDefault(File.Exists);
    }
}
