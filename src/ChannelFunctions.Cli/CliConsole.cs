using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using ChannelFunctions.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChannelFunctions.Cli;

/// <summary>A command-line mistake the user can fix: printed as it is, exit code 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);

/// <summary>
/// What every command shares: the output writers, the global options, configuration (the function app's own
/// settings) and the core's services, JSON-line output, progress, and turning failures into exit code 2.
/// </summary>
internal sealed class CliConsole(TextWriter output, TextWriter error)
{
    private const string LocalSettings = "src/ChannelFunctions/local.settings.json";

    private static readonly JsonSerializerOptions JsonLines = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><c>--settings</c>: a local.settings.json-style file whose <c>Values</c> configure the CLI.</summary>
    public Option<FileInfo?> SettingsOption { get; } = new("--settings")
    {
        Description = $"A settings file like the function app's local.settings.json (its Values are read). Default: {LocalSettings} "
            + "above the current folder, when present. Environment variables (Cosmos__ConnectionString, ...) override it.",
        Recursive = true,
    };

    /// <summary><c>--verbose</c>: log the core's information messages to stderr.</summary>
    public Option<bool> VerboseOption { get; } = new("--verbose")
    {
        Description = "Log what the ingest core does (to stderr).",
        Recursive = true,
    };

    /// <summary>Where results go: one JSON value per line.</summary>
    public TextWriter Output { get; } = output;

    /// <summary>Where errors, logs and progress go.</summary>
    public TextWriter Error { get; } = error;

    /// <summary>Writes one value as one JSON line on the output.</summary>
    public void WriteLine(object value) => Output.WriteLine(JsonSerializer.Serialize(value, JsonLines));

    /// <summary>A progress line on stderr, shown only when stderr is a terminal.</summary>
    public Progress Progress(string unit) =>
        new(Error, ReferenceEquals(Error, Console.Error) && !Console.IsErrorRedirected, unit);

    /// <summary>Runs a command's body, turning the failures a user can meet into a message and exit code 2.</summary>
    public async Task<int> RunAsync(ParseResult parse, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await Error.WriteLineAsync("Cancelled.").ConfigureAwait(false);
            return CliApp.Failure;
        }
        catch (Exception ex) when (ex is CliUsageException or IOException or UnauthorizedAccessException)
        {
            await Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return CliApp.Failure;
        }
        catch (Exception ex)
        {
            // A store or endpoint failed: say so plainly; the stack only on request.
            await Error.WriteLineAsync($"Failed: {ex.GetType().Name}: {FirstLine(ex.Message)}").ConfigureAwait(false);
            if (parse.GetValue(VerboseOption))
            {
                await Error.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
            }

            return CliApp.Failure;
        }
    }

    /// <summary>
    /// The function app's configuration, as the CLI sees it: the <c>Values</c> of the settings file, then environment
    /// variables, with the same keys (<c>Cosmos__ConnectionString</c>, <c>RejectedEvents__ConnectionString</c>, ...).
    /// </summary>
    public IConfiguration Configuration(ParseResult parse)
    {
        var builder = new ConfigurationBuilder();
        var file = parse.GetValue(SettingsOption);
        if (file is not null && !file.Exists)
        {
            throw new CliUsageException($"The settings file {file.FullName} does not exist.");
        }

        var settings = file?.FullName ?? FindLocalSettings();
        if (settings is not null)
        {
            builder.AddInMemoryCollection(ReadValues(settings));
        }

        return builder.AddEnvironmentVariables().Build();
    }

    /// <summary>The core's services on the CLI's configuration; logs go to stderr (errors only unless --verbose).</summary>
    public ServiceProvider Services(ParseResult parse)
    {
        var configuration = Configuration(parse);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(parse.GetValue(VerboseOption) ? LogLevel.Information : LogLevel.Error));
        services.AddSingleton(configuration);
        services.AddChannelFunctionsCore(configuration).AddChannelFunctionsLookups(configuration);
        return services.BuildServiceProvider();
    }

    private static string? FindLocalSettings()
    {
        for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, LocalSettings);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static Dictionary<string, string?> ReadValues(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!document.RootElement.TryGetProperty("Values", out var values) || values.ValueKind != JsonValueKind.Object)
        {
            throw new CliUsageException($"{path} has no \"Values\" object.");
        }

        // The host turns "__" into the configuration separator; so does this.
        return values.EnumerateObject().ToDictionary(
            value => value.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal),
            value => value.Value.ValueKind == JsonValueKind.String ? value.Value.GetString() : value.Value.GetRawText(),
            StringComparer.OrdinalIgnoreCase);
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}

/// <summary>A count and a rate on one rewritten stderr line, at most a few times a second; silent when not a terminal.</summary>
internal sealed class Progress(TextWriter error, bool enabled, string unit) : IDisposable
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _lastShown;
    private int _count;

    /// <summary>Counts <paramref name="done"/> more.</summary>
    public void Add(int done)
    {
        _count += done;
        var now = Stopwatch.GetTimestamp();
        if (enabled && Stopwatch.GetElapsedTime(_lastShown, now) >= TimeSpan.FromMilliseconds(250))
        {
            _lastShown = now;
            error.Write($"\r{Line()}   ");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (enabled && _count > 0)
        {
            error.WriteLine($"\r{Line()} in {Stopwatch.GetElapsedTime(_started).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s   ");
        }
    }

    private string Line()
    {
        var seconds = Math.Max(Stopwatch.GetElapsedTime(_started).TotalSeconds, 0.001);
        return string.Create(CultureInfo.InvariantCulture, $"{_count} {unit} ({_count / seconds:F0}/s)");
    }
}
