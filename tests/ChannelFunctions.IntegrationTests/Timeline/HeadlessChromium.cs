using System.Diagnostics;

namespace ChannelFunctions.IntegrationTests.Timeline;

/// <summary>
/// Debian's <c>chromium</c>, run headless with no network, extensions, sync or GPU and a fresh profile each time.
/// When it is missing the test setup installs it (<c>apt-get install chromium</c>) as root, as it installs the npm
/// servers; where it cannot, <see cref="Unavailable"/> says why and the browser tests are skipped with that reason.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);
    private static readonly Lazy<(string? Path, string? Unavailable)> Located = new(Locate);

    /// <summary>The browser's path; null when <see cref="Unavailable"/>.</summary>
    public static string? Path => Located.Value.Path;

    /// <summary>Why there is no browser here; null when there is one.</summary>
    public static string? Unavailable => Located.Value.Unavailable;

    /// <summary>Runs the browser headless on <paramref name="page"/> with <paramref name="arguments"/>: its exit code, output and error output.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string page, params string[] arguments)
    {
        var profile = Directory.CreateTempSubdirectory("chromium-profile-");
        try
        {
            var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException(Unavailable))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--disable-extensions", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
                         $"--user-data-dir={profile.FullName}",
                     }.Concat(arguments).Append(new Uri(page).AbsoluteUri))
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output, await error);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    private static (string? Path, string? Unavailable) Locate()
    {
        if (Find() is { } found)
        {
            return (found, null);
        }

        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/apt-get"))
        {
            return (null, "Skipped: no chromium on PATH, and no apt-get to install Debian's chromium package with.");
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return (null, "Skipped: no chromium on PATH; as root the test setup would install it (apt-get install chromium), but this run is not root.");
        }

        var install = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = install.StandardOutput.ReadToEndAsync();
        var error = install.StandardError.ReadToEndAsync();
        if (!install.WaitForExit(InstallTimeout) || install.ExitCode != 0)
        {
            return (null, $"Skipped: installing chromium failed: {error.Result.Trim().Split('\n').LastOrDefault()}");
        }

        _ = output.Result;
        return Find() is { } installed ? (installed, null) : (null, "Skipped: chromium was installed but is not on PATH.");
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(System.IO.Path.PathSeparator)
            .SelectMany(folder => new[] { "chromium", "chromium-browser" }.Select(name => System.IO.Path.Combine(folder, name)))
            .FirstOrDefault(File.Exists);
}

/// <summary>A fact that needs a headless browser; skipped, with the reason, where <see cref="HeadlessChromium"/> has none.</summary>
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
