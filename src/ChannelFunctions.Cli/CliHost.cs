namespace ChannelFunctions.Cli;

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
