using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChannelFunctions.Cli;

/// <summary>
/// What every command shares: the output writers, the global options, JSON-line output and progress; and, each in
/// its own type, the settings (<see cref="CliSettings"/>), the services (<see cref="CliServices"/>), the check that
/// the stores answer (<see cref="StoreProbe"/>) and the failures that end in exit code 2 (<see cref="CliFailures"/>).
/// </summary>
internal sealed class CliConsole(TextWriter output, TextWriter error, CliHost host)
{
    private static readonly JsonSerializerOptions JsonLines = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly CliSettings _settings = new(host.WorkingDirectory);
    private Progress? _progress;

    /// <summary><c>--settings</c>: a local.settings.json-style file whose <c>Values</c> configure the CLI.</summary>
    public Option<FileInfo?> SettingsOption { get; } = new("--settings")
    {
        Description = $"A settings file like the function app's local.settings.json (its Values are read). Default: {CliSettings.LocalSettings} "
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
    public Task<int> RunAsync(ParseResult parse, Func<Task<int>> body) =>
        CliFailures.RunAsync(Error, _settings, parse.GetValue(VerboseOption), body);

    /// <summary>The function app's configuration, as the CLI sees it (<see cref="CliSettings"/>).</summary>
    public IConfiguration Configuration(ParseResult parse) => _settings.Read(parse.GetValue(SettingsOption));

    /// <summary>The core's services on the CLI's configuration.</summary>
    public ServiceProvider Services(ParseResult parse) => CliServices.Create(Configuration(parse), parse.GetValue(VerboseOption));

    /// <summary>The core's services, once the stores a command needs accept a connection (<see cref="StoreProbe"/>).</summary>
    public async Task<ServiceProvider> StoresAsync(ParseResult parse, Stores needs, CancellationToken cancellationToken)
    {
        var services = Services(parse);
        try
        {
            await StoreProbe.ReachAsync(services, needs, _settings, cancellationToken).ConfigureAwait(false);
            return services;
        }
        catch
        {
            await services.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
