using System.CommandLine;
using System.CommandLine.Invocation;
using ChannelFunctions.Cli.Commands;

namespace ChannelFunctions.Cli;

/// <summary>
/// The <c>channelfunctions</c> command line: every command, parsed with System.CommandLine. Output goes to the
/// writers given, so tests run it in-process exactly as the console does.
/// </summary>
public static class CliApp
{
    /// <summary>Everything went as asked, and every event was fine.</summary>
    public const int Ok = 0;

    /// <summary>The command ran, but some event was invalid, rejected or not accepted.</summary>
    public const int Findings = 1;

    /// <summary>Usage, configuration or I/O error: the command could not do its job.</summary>
    public const int Failure = 2;

    /// <summary>Parses and runs one command line.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var console = new CliConsole(output, error);
        var root = new RootCommand("Validate, send, generate, ingest, replay and look up VCC channel events.")
        {
            console.SettingsOption,
            console.VerboseOption,
            ValidateCommand.Create(console),
            SendCommand.Create(console),
            GenerateCommand.Create(console),
            IngestCommand.Create(console),
            ReplayCommand.Create(console),
            ShowCommand.Create(console),
        };

        var parsed = root.Parse(args);
        if (parsed.Action is ParseErrorAction)
        {
            // System.CommandLine answers parse errors with exit code 1; ours means "findings", so report them as 2.
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync(parseError.Message).ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'channelfunctions --help' for usage.").ConfigureAwait(false);
            return Failure;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken)
            .ConfigureAwait(false);
    }
}
