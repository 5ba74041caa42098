using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Encodings.Web;
using System.Text.Json;
using Azure.Storage.Blobs;
using ChannelFunctions.Core;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChannelFunctions.Cli;

/// <summary>A command-line mistake the user can fix: printed as it is, exit code 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);

/// <summary>Where the CLI runs: whether stdout and stderr are terminals, and the folder it was started in.</summary>
/// <param name="OutputIsTerminal">stdout is a terminal (not redirected).</param>
/// <param name="ErrorIsTerminal">stderr is a terminal: progress is shown there.</param>
/// <param name="WorkingDirectory">Where the search for the default settings file starts.</param>
internal sealed record CliHost(bool OutputIsTerminal, bool ErrorIsTerminal, string WorkingDirectory)
{
    /// <summary>The process's own console.</summary>
    public static CliHost FromConsole() => new(!Console.IsOutputRedirected, !Console.IsErrorRedirected, Directory.GetCurrentDirectory());

    /// <summary>Writers that are not terminals, in the current folder.</summary>
    public static CliHost Redirected() => new(false, false, Directory.GetCurrentDirectory());
}

/// <summary>Which stores a command talks to, so it can check they answer before it starts.</summary>
[Flags]
internal enum Stores
{
    /// <summary>Cosmos DB, the channel event store.</summary>
    Events = 1,

    /// <summary>Blob storage, the rejected-event store.</summary>
    RejectedEvents = 2,

    /// <summary>Both.</summary>
    All = Events | RejectedEvents,
}

/// <summary>
/// What every command shares: the output writers, the global options, configuration (the function app's own
/// settings) and the core's services, JSON-line output, progress, and turning failures into exit code 2.
/// </summary>
internal sealed class CliConsole(TextWriter output, TextWriter error, CliHost host)
{
    private const string LocalSettings = "src/ChannelFunctions/local.settings.json";
    private const string RunLocal = "scripts/run-local.sh";

    // How long a store may take to accept a connection before the CLI says it is not there.
    private static readonly TimeSpan ReachTimeout = TimeSpan.FromSeconds(3);

    private Progress? _progress;

    // Where the settings came from, for messages about missing or wrong settings.
    private string _settingsSource = "environment variables";

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
    public void WriteLine(object value) => WriteResult(JsonSerializer.Serialize(value, JsonLines));

    /// <summary>
    /// Writes a result line on the output. When stdout is the terminal too, the progress line is cleared first, so
    /// the result starts on a clean line; progress redraws below it.
    /// </summary>
    public void WriteResult(string line)
    {
        if (host.OutputIsTerminal)
        {
            _progress?.Clear();
        }

        Output.WriteLine(line);
    }

    /// <summary>A progress line on stderr, shown only when stderr is a terminal.</summary>
    public Progress Progress(string unit) => _progress = new Progress(Error, host.ErrorIsTerminal, unit);

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
        catch (OptionsValidationException ex)
        {
            // A setting is missing: say which, and where the settings were read from.
            await Error.WriteLineAsync($"{string.Join(" ", ex.Failures)} Settings read from: {_settingsSource}.").ConfigureAwait(false);
            return CliApp.Failure;
        }
        catch (Exception ex) when (Refused(ex) is { } refused)
        {
            // A store went away mid-run: the SDKs' retries end in a connection refused somewhere inside.
            await Error.WriteLineAsync($"Failed: nothing answers at {refused}; a store the settings ({_settingsSource}) name is not running. "
                + $"Is {RunLocal} running? Its ports change every run.").ConfigureAwait(false);
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
            _settingsSource = $"{settings} and environment variables";
        }
        else
        {
            _settingsSource = $"environment variables only: no settings file found (looked for {LocalSettings} in {host.WorkingDirectory} "
                + $"and every folder above it; {RunLocal} writes it, or pass --settings FILE)";
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

    /// <summary>
    /// The core's services, once the stores a command needs accept a connection: a store that is not there is
    /// reported at once, with what to do, instead of after the SDKs' retries.
    /// </summary>
    public async Task<ServiceProvider> StoresAsync(ParseResult parse, Stores needs, CancellationToken cancellationToken)
    {
        var services = Services(parse);
        try
        {
            if (needs.HasFlag(Stores.Events))
            {
                var cosmos = Client(() => services.GetRequiredService<CosmosClient>().Endpoint, "Cosmos__ConnectionString", "AccountEndpoint=https://…;AccountKey=…;");
                await ReachAsync(cosmos, "Cosmos DB", cancellationToken).ConfigureAwait(false);
            }

            if (needs.HasFlag(Stores.RejectedEvents))
            {
                var blobs = Client(() => services.GetRequiredService<BlobServiceClient>().Uri, "RejectedEvents__ConnectionString", "DefaultEndpointsProtocol=…;AccountName=…;AccountKey=…;BlobEndpoint=…;");
                await ReachAsync(blobs, "Blob storage", cancellationToken).ConfigureAwait(false);
            }

            return services;
        }
        catch
        {
            await services.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A store client's endpoint; a connection string the SDK cannot read is reported by its setting's name.</summary>
    private Uri Client(Func<Uri> endpoint, string setting, string shape)
    {
        try
        {
            return endpoint();
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException)
        {
            throw new CliUsageException($"The setting {setting} is not a connection string the SDK can read ({FirstLine(ex.Message)}); "
                + $"expected {shape} Settings read from: {_settingsSource}.");
        }
    }

    private async Task ReachAsync(Uri endpoint, string store, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReachTimeout);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new CliUsageException($"No {store} at {endpoint.GetLeftPart(UriPartial.Authority)}: nothing answers there. "
                + $"Is {RunLocal} running? Its ports change every run, and it writes the current ones into {LocalSettings}. "
                + $"Settings read from: {_settingsSource}.");
        }
    }

    /// <summary>The address that refused a connection somewhere inside <paramref name="exception"/>, if one did.</summary>
    private static string? Refused(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var current))
        {
            if (current is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } http
                && http.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                // "Connection refused (127.0.0.1:38337)": the address is in the message's parentheses.
                var message = http.Message;
                var open = message.LastIndexOf('(');
                return open >= 0 && message.EndsWith(')') ? message[(open + 1)..^1] : "a store's address";
            }

            if (current is AggregateException aggregate)
            {
                aggregate.InnerExceptions.ToList().ForEach(pending.Push);
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }

        return null;
    }

    private string? FindLocalSettings()
    {
        for (var directory = new DirectoryInfo(host.WorkingDirectory); directory is not null; directory = directory.Parent)
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
        using var document = Parse(path);
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

    private static JsonDocument Parse(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            // JsonException counts lines and columns from 0; editors count from 1.
            var reason = FirstLine(ex.Message);
            var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            throw new CliUsageException($"{path}:{ex.LineNumber + 1}:{ex.BytePositionInLine + 1}: the settings file is not valid JSON: {(cut > 0 ? reason[..cut] : reason)}");
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}

/// <summary>A count and a rate on one rewritten stderr line, at most a few times a second; silent when not a terminal.</summary>
internal sealed class Progress(TextWriter error, bool enabled, string unit) : IDisposable
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _lastShown;
    private int _count;
    private int _shownLength;

    /// <summary>Blanks the progress line, if one is shown, and returns to its start; the next <see cref="Add"/> redraws it.</summary>
    public void Clear()
    {
        if (_shownLength > 0)
        {
            error.Write($"\r{new string(' ', _shownLength)}\r");
            error.Flush();
            _shownLength = 0;
        }
    }

    /// <summary>Counts <paramref name="done"/> more.</summary>
    public void Add(int done)
    {
        _count += done;
        var now = Stopwatch.GetTimestamp();
        if (enabled && Stopwatch.GetElapsedTime(_lastShown, now) >= TimeSpan.FromMilliseconds(250))
        {
            _lastShown = now;
            var line = $"\r{Line()}   ";
            error.Write(line);
            error.Flush();
            _shownLength = line.Length - 1;
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
