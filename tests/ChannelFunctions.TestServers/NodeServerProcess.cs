using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;
using System.Threading.Channels;

namespace ChannelFunctions.TestServers;

/// <summary>
/// A Node.js server process run from <c>tests/servers</c>: started with its standard input on a
/// pipe the test run holds (our scripts exit when it closes, so a crashed run leaves no orphan),
/// its output read line by line for readiness, and the tail of its error output kept for messages.
/// </summary>
public sealed class NodeServerProcess : IAsyncDisposable, IDisposable
{
    /// <summary>How long a server may take to become ready before the test run gives up on it.</summary>
    public static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan GracefulExitTimeout = TimeSpan.FromSeconds(5);
    private const int TailLines = 40;

    private readonly Process _process;
    private readonly string _name;
    private readonly Channel<string> _outputLines = Channel.CreateBounded<string>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly Queue<string> _errorTail = new();
    private int _disposed;

    private NodeServerProcess(ProcessStartInfo startInfo, string name)
    {
        _name = name;
        _process = new Process { StartInfo = startInfo };
        // Event-based reading, because then Process.WaitForExit waits for the output to be read too.
        _process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                _outputLines.Writer.TryComplete();
            }
            else
            {
                _outputLines.Writer.TryWrite(line.Data);
            }
        };
        _process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }

            lock (_errorTail)
            {
                _errorTail.Enqueue(line.Data);
                if (_errorTail.Count > TailLines)
                {
                    _errorTail.Dequeue();
                }
            }
        };
    }

    /// <summary>The <c>tests/servers</c> folder, recorded in the assembly when it was built.</summary>
    public static string ServersDirectory { get; } =
        typeof(NodeServerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "TestServersDirectory").Value
        ?? throw new InvalidOperationException("The test assembly does not record TestServersDirectory.");

    /// <summary>Starts <c>node</c> with <paramref name="arguments"/> in <see cref="ServersDirectory"/>.</summary>
    public static NodeServerProcess Start(string name, IEnumerable<string> arguments)
    {
        if (!File.Exists(Path.Combine(ServersDirectory, "node_modules", ".package-lock.json")))
        {
            throw new InvalidOperationException(
                $"{name}: {ServersDirectory}node_modules is not installed. Build the test project (it runs `npm ci` there) or run `npm ci` in that folder.");
        }

        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = ServersDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var server = new NodeServerProcess(startInfo, name);
        try
        {
            server._process.Start();
        }
        catch (Win32Exception exception)
        {
            server._process.Dispose();
            throw new InvalidOperationException($"{name}: could not run `node` ({exception.Message}). The integration tests need Node.js 20+ on PATH.", exception);
        }

        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        return server;
    }

    /// <summary>
    /// Feeds each output line to <paramref name="isReady"/> until it returns true, failing with the
    /// server's error output when the server exits first or <see cref="ReadinessTimeout"/> passes.
    /// </summary>
    public async Task WaitForOutputAsync(Func<string, bool> isReady, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadinessTimeout);
        try
        {
            await foreach (var line in _outputLines.Reader.ReadAllAsync(timeout.Token))
            {
                if (isReady(line))
                {
                    return;
                }
            }

            // Standard output ended, so the process is exiting: wait for its code and last errors.
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failure($"was not ready within {ReadinessTimeout.TotalSeconds:0} s");
        }

        throw Failure($"exited with code {_process.ExitCode} before it was ready");
    }

    /// <summary>An exception naming the server, what went wrong and the tail of its error output.</summary>
    public InvalidOperationException Failure(string what)
    {
        string tail;
        lock (_errorTail)
        {
            tail = _errorTail.Count == 0 ? "(nothing)" : string.Join(Environment.NewLine, _errorTail);
        }

        return new InvalidOperationException($"{_name} {what}. Its last error output:{Environment.NewLine}{tail}");
    }

    /// <summary>Closes standard input so the server stops itself, then kills it if it has not.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        CloseInput();
        using (var graceful = new CancellationTokenSource(GracefulExitTimeout))
        {
            try
            {
                await _process.WaitForExitAsync(graceful.Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        CloseInput();
        if (!_process.WaitForExit(GracefulExitTimeout))
        {
            Kill();
        }

        // Only the overload without a timeout waits for the output events to finish.
        _process.WaitForExit();
        _process.Dispose();
    }

    private void CloseInput()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The process already exited and took the pipe with it.
        }
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the wait and the kill.
        }
    }
}
