using Microsoft.Extensions.Options;

namespace ChannelFunctions.Cli;

/// <summary>The failures a user can meet, each turned into a message on stderr and exit code <see cref="CliApp.Failure"/>.</summary>
internal static class CliFailures
{
    /// <summary>Runs a command's body; a failure becomes its message and exit code 2, its stack only when <paramref name="verbose"/>.</summary>
    public static async Task<int> RunAsync(TextWriter error, CliSettings settings, bool verbose, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("Cancelled.").ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is CliUsageException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
        }
        catch (OptionsValidationException ex)
        {
            // A setting is missing: say which, and where the settings were read from.
            await error.WriteLineAsync($"{string.Join(" ", ex.Failures)} Settings read from: {settings.Source}.").ConfigureAwait(false);
        }
        catch (Exception ex) when (StoreProbe.Refused(ex) is { } refused)
        {
            // A store went away mid-run: the SDKs' retries end in a connection refused somewhere inside.
            await error.WriteLineAsync($"Failed: nothing answers at {refused}; a store the settings ({settings.Source}) name is not running. "
                + $"Is {CliSettings.RunLocal} running? Its ports change every run.").ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A store or endpoint failed: say so plainly; the stack only on request.
            await error.WriteLineAsync($"Failed: {ex.GetType().Name}: {FirstLine(ex.Message)}").ConfigureAwait(false);
            if (verbose)
            {
                await error.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
            }
        }

        return CliApp.Failure;
    }

    /// <summary>The first line of a message, trimmed: the SDKs' messages go on for pages.</summary>
    public static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
