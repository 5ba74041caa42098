using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace ChannelFunctions.Cli;

/// <summary>
/// The function app's settings, as the CLI reads them: the <c>Values</c> of a local.settings.json-style file (named,
/// or found above the working folder), then environment variables, with the same keys; and where they were read from,
/// for messages about missing or wrong settings.
/// </summary>
/// <param name="workingDirectory">Where the search for the default settings file starts.</param>
internal sealed class CliSettings(string workingDirectory)
{
    /// <summary>The function app's local settings, which <see cref="RunLocal"/> writes.</summary>
    public const string LocalSettings = "src/ChannelFunctions/local.settings.json";

    /// <summary>The one-command local run.</summary>
    public const string RunLocal = "scripts/run-local.sh";

    /// <summary>Where the settings came from.</summary>
    public string Source { get; private set; } = "environment variables";

    /// <summary>
    /// The configuration: the <c>Values</c> of <paramref name="file"/> (or of <see cref="LocalSettings"/> when found),
    /// then environment variables (<c>Cosmos__ConnectionString</c>, <c>RejectedEvents__ConnectionString</c>, ...).
    /// </summary>
    public IConfiguration Read(FileInfo? file)
    {
        var builder = new ConfigurationBuilder();
        if (file is not null && !file.Exists)
        {
            throw new CliUsageException($"The settings file {file.FullName} does not exist.");
        }

        var settings = file?.FullName ?? FindLocalSettings();
        if (settings is not null)
        {
            builder.AddInMemoryCollection(ReadValues(settings));
            Source = $"{settings} and environment variables";
        }
        else
        {
            Source = $"environment variables only: no settings file found (looked for {LocalSettings} in {workingDirectory} "
                + $"and every folder above it; {RunLocal} writes it, or pass --settings FILE)";
        }

        return builder.AddEnvironmentVariables().Build();
    }

    private string? FindLocalSettings()
    {
        for (var directory = new DirectoryInfo(workingDirectory); directory is not null; directory = directory.Parent)
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
            var reason = CliFailures.FirstLine(ex.Message);
            var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            throw new CliUsageException($"{path}:{ex.LineNumber + 1}:{ex.BytePositionInLine + 1}: the settings file is not valid JSON: {(cut > 0 ? reason[..cut] : reason)}");
        }
    }
}
