using System.CommandLine;
using System.CommandLine.Help;
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

    /// <summary>Parses and runs one command line, with writers that are not terminals.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        RunAsync(args, output, error, CliHost.Redirected(), cancellationToken);

    /// <summary>Parses and runs one command line on <paramref name="host"/>.</summary>
    internal static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CliHost host, CancellationToken cancellationToken = default)
    {
        var console = new CliConsole(output, error, host);
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
        ShowHelpWithoutSubcommand(root);

        var parsed = root.Parse(args);
        if (parsed.Action is ParseErrorAction)
        {
            // System.CommandLine answers parse errors with exit code 1; ours means "findings", so report them as 2.
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync(parseError.Message).ConfigureAwait(false);
            }

            await error.WriteLineAsync($"Run '{CommandPath(parsed.CommandResult)} --help' for usage.").ConfigureAwait(false);
            return Failure;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>A command that only groups others (the root, <c>show</c>) shows its help when given none of them.</summary>
    private static void ShowHelpWithoutSubcommand(Command command)
    {
        if (command.Subcommands.Count == 0)
        {
            return;
        }

        command.SetAction(parse => new HelpAction().Invoke(parse));
        foreach (var subcommand in command.Subcommands)
        {
            ShowHelpWithoutSubcommand(subcommand);
        }
    }

    private static string CommandPath(System.CommandLine.Parsing.CommandResult? result)
    {
        var names = new List<string>();
        for (var current = result; current is not null; current = current.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, current.Parent is null ? "channelfunctions" : current.Command.Name);
        }

        return names.Count > 0 ? string.Join(' ', names) : "channelfunctions";
    }
}
