using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Cli;

/// <summary>One event read from a file: the file, its place there, and its exact bytes.</summary>
/// <param name="File">The file, as the user named it or as found in a named folder.</param>
/// <param name="Index">Its position in the file, from 0 (a file holds one event or a JSON array of them).</param>
/// <param name="Raw">The event's bytes.</param>
internal sealed record FileEvent(string File, int Index, ReadOnlyMemory<byte> Raw);

/// <summary>Finds and reads event files: files as named, folders searched for <c>*.json</c>.</summary>
internal static class EventFiles
{
    /// <summary>Every file the paths name, in a stable order; a path that does not exist is a usage error.</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            }
            else
            {
                throw new CliUsageException($"No such file or folder: {path}");
            }
        }

        return files.Count > 0 ? files : throw new CliUsageException("No .json files found in the paths given.");
    }

    /// <summary>The events of one file: a single event, or each element of a JSON array.</summary>
    public static IEnumerable<FileEvent> Read(string file) =>
        CloudEventJson.Split(File.ReadAllBytes(file)).Select((raw, index) => new FileEvent(file, index, raw));

    /// <summary>The events of all the files the paths name.</summary>
    public static IEnumerable<FileEvent> ReadAll(IEnumerable<string> paths) => Expand(paths).SelectMany(Read);
}
