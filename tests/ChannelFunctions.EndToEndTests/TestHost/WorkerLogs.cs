using System.Collections.Concurrent;
using System.Text;
using ChannelFunctions.EndToEndTests.Protocol;
using Xunit.Abstractions;

namespace ChannelFunctions.EndToEndTests.TestHost;

/// <summary>One line the worker reported: an <c>RpcLog</c> over the stream, or a line of its stdout/stderr.</summary>
/// <param name="At">When the test host received it.</param>
/// <param name="Source"><c>rpc</c>, <c>stdout</c> or <c>stderr</c>.</param>
/// <param name="Level">The log level (<see cref="RpcLog.Types.Level.Information"/> for process output).</param>
/// <param name="Category">The logger category, when the worker sent one.</param>
/// <param name="Message">The message, with the exception's when there is one.</param>
public sealed record WorkerLogEntry(DateTimeOffset At, string Source, RpcLog.Types.Level Level, string Category, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{At:HH:mm:ss.fff} [{Source} {Level}] {Category}: {Message}";
}

/// <summary>
/// Everything one worker process reported, in arrival order. Tests take a <see cref="Mark"/> when they start and
/// write what came after it to their output, which the test runner shows when the test fails.
/// </summary>
public sealed class WorkerLogs
{
    private readonly ConcurrentQueue<WorkerLogEntry> _entries = new();

    /// <summary>Every entry so far.</summary>
    public IReadOnlyList<WorkerLogEntry> All => [.. _entries];

    /// <summary>The position a later <see cref="Since"/> starts from.</summary>
    public int Mark() => _entries.Count;

    /// <summary>The entries after <paramref name="mark"/>.</summary>
    public IReadOnlyList<WorkerLogEntry> Since(int mark) => [.. _entries.Skip(mark)];

    /// <summary>Writes the entries after <paramref name="mark"/> to a test's output.</summary>
    public void WriteTo(ITestOutputHelper output, int mark)
    {
        foreach (var entry in Since(mark))
        {
            output.WriteLine(entry.ToString());
        }
    }

    /// <summary>The entries as text, for an exception message.</summary>
    public string Describe(int mark = 0)
    {
        var text = new StringBuilder();
        foreach (var entry in Since(mark))
        {
            text.AppendLine(entry.ToString());
        }

        return text.ToString();
    }

    internal void Add(RpcLog log)
    {
        var message = log.Exception is { } exception ? $"{log.Message} {exception.Type}: {exception.Message}" : log.Message;
        _entries.Enqueue(new WorkerLogEntry(DateTimeOffset.UtcNow, "rpc", log.Level, log.Category, message));
    }

    internal void AddOutput(string source, string line) =>
        _entries.Enqueue(new WorkerLogEntry(DateTimeOffset.UtcNow, source, RpcLog.Types.Level.Information, string.Empty, line));
}
