using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ChannelFunctions.Infrastructure.Tests;

/// <summary>The outcome of compiling every .bicep file under infra/ in one Bicep CLI run.</summary>
internal sealed record BicepBuildResult(
    int ExitCode,
    string Output,
    TimeSpan Elapsed,
    IReadOnlyList<string> SourceFiles,
    IReadOnlyDictionary<string, JsonObject> Templates)
{
    /// <summary>The compiled ARM template of a .bicep file, by its path under infra/ ("main.bicep").</summary>
    public ArmTemplate Template(string bicepPathUnderInfra) =>
        Templates.TryGetValue(bicepPathUnderInfra, out var json)
            ? ArmTemplate.Load(json)
            : throw new KeyNotFoundException($"infra/{bicepPathUnderInfra} was not compiled. Bicep said:\n{Output}");
}

internal static class BicepCli
{
    private static readonly Lazy<BicepBuildResult> BuildAllOnce = new(BuildAll);

    /// <summary>Every .bicep file under infra/, compiled once per test run.</summary>
    public static BicepBuildResult All => BuildAllOnce.Value;

    /// <summary>Runs the Bicep CLI; returns its exit code and everything it wrote (stdout and stderr).</summary>
    public static (int ExitCode, string StdOut, string StdErr) Run(string workingDirectory, params string[] arguments)
    {
        EnsureExecutable(Repo.BicepExecutable);
        var start = new ProcessStartInfo(Repo.BicepExecutable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bicep did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} ran over 2 minutes");
        }

        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static BicepBuildResult BuildAll()
    {
        var outDir = Directory.CreateTempSubdirectory("channelfunctions-bicep-").FullName;
        try
        {
            var sources = Directory.EnumerateFiles(Repo.Infra, "*.bicep", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(Repo.Infra, path).Replace('\\', '/'))
                .Order(StringComparer.Ordinal)
                .ToList();

            var clock = Stopwatch.StartNew();
            var (exitCode, stdout, stderr) = Run(Repo.Root, "build", "--pattern", "infra/**/*.bicep", "--outdir", outDir, "--no-restore");
            clock.Stop();

            var templates = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            foreach (var source in sources)
            {
                var compiled = Path.Combine(outDir, Path.ChangeExtension(source, ".json"));
                if (File.Exists(compiled))
                {
                    templates[source] = JsonNode.Parse(File.ReadAllText(compiled))!.AsObject();
                }
            }

            return new BicepBuildResult(exitCode, (stdout + stderr).Trim(), clock.Elapsed, sources, templates);
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    /// <summary>NuGet can drop the executable bit when it extracts a package; put it back (linux-x64 only).</summary>
    private static void EnsureExecutable(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("The Bicep CLI is missing; restore the test project (Azure.Bicep.CommandLine.linux-x64).", path);
        }

        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(path, mode | execute);
        }
    }
}
