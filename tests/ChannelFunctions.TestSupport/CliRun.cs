using System.Text.Json;
using ChannelFunctions.Cli;

namespace ChannelFunctions.TestSupport;

/// <summary>One run of the command line, in-process, with what it printed.</summary>
internal sealed record CliRun(int ExitCode, IReadOnlyList<string> Lines, string Error)
{
    /// <summary>Runs <c>channelfunctions</c> with these arguments, as the console would.</summary>
    public static async Task<CliRun> Of(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, output, error);
        return new CliRun(exitCode, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), error.ToString());
    }

    /// <summary>Runs <c>channelfunctions</c> on <paramref name="host"/> (terminals, working folder).</summary>
    public static async Task<CliRun> On(CliHost host, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, output, error, host);
        return new CliRun(exitCode, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), error.ToString());
    }

    /// <summary>Each output line as JSON.</summary>
    public IReadOnlyList<JsonElement> Json => [.. Lines.Select(line => JsonDocument.Parse(line).RootElement.Clone())];

    /// <summary>The last line's <c>summary</c>.</summary>
    public JsonElement Summary => Json[^1].GetProperty("summary");
}
