using System.Diagnostics;
using System.Globalization;

namespace ChannelFunctions.Cli;

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
