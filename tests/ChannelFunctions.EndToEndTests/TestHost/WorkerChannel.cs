using System.Collections.Concurrent;
using System.Threading.Channels;
using ChannelFunctions.EndToEndTests.Protocol;
using Grpc.Core;

namespace ChannelFunctions.EndToEndTests.TestHost;

/// <summary>
/// The host's end of the worker's <c>FunctionRpc.EventStream</c>: one bidirectional stream per worker process.
/// Messages to the worker are queued and written in order; each answer completes the request that waits for it
/// (init and metadata by kind, loads by function id, invocations by invocation id); logs go to <see cref="WorkerLogs"/>.
/// When the stream ends (the worker exited or was killed) every waiting request fails.
/// </summary>
internal sealed class WorkerChannel(WorkerLogs logs) : FunctionRpc.FunctionRpcBase
{
    private readonly Channel<StreamingMessage> _outbound = Channel.CreateUnbounded<StreamingMessage>(new() { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _pending = new();
    private readonly TaskCompletionSource<StartStream> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _ended;

    /// <summary>Completes when the worker opened the stream and said who it is.</summary>
    public Task<StartStream> Started => _started.Task;

    /// <inheritdoc />
    public override async Task EventStream(
        IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
    {
        var writing = WriteAllAsync(responseStream, context.CancellationToken);
        try
        {
            while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
            {
                Dispatch(requestStream.Current);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or Grpc.Core.RpcException or InvalidOperationException)
        {
            // The worker went away mid-stream (killed, crashed); the waiting requests learn it below.
        }
        finally
        {
            End(new WorkerGoneException("The worker closed its event stream (it exited or was killed)."));
        }

        await writing.ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="message"/> and waits for the answer filed under <paramref name="key"/>.</summary>
    public async Task<StreamingMessage> RequestAsync(StreamingMessage message, string key, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.TryAdd(key, answer))
        {
            throw new InvalidOperationException($"A request for {key} is already waiting.");
        }

        if (_ended)
        {
            _pending.TryRemove(key, out _);
            throw new WorkerGoneException("The worker's event stream has ended.");
        }

        try
        {
            await _outbound.Writer.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            return await answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(key, out _);
        }
    }

    /// <summary>Sends a message that has no answer.</summary>
    public ValueTask SendAsync(StreamingMessage message, CancellationToken cancellationToken) =>
        _outbound.Writer.WriteAsync(message, cancellationToken);

    /// <summary>Fails everything waiting, e.g. when the process exited before it opened the stream.</summary>
    public void End(Exception reason)
    {
        _ended = true;
        _started.TrySetException(reason);
        _outbound.Writer.TryComplete();
        foreach (var (_, waiting) in _pending)
        {
            waiting.TrySetException(reason);
        }
    }

    internal static string InvocationKey(string invocationId) => $"invocation:{invocationId}";

    internal static string LoadKey(string functionId) => $"load:{functionId}";

    private async Task WriteAllAsync(IServerStreamWriter<StreamingMessage> responseStream, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _outbound.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await responseStream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or InvalidOperationException)
        {
            End(new WorkerGoneException("Writing to the worker's event stream failed.", exception));
        }
    }

    private void Dispatch(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.StartStream:
                _started.TrySetResult(message.StartStream);
                break;
            case StreamingMessage.ContentOneofCase.RpcLog:
                logs.Add(message.RpcLog);
                break;
            case StreamingMessage.ContentOneofCase.WorkerInitResponse:
                Complete(nameof(WorkerInitRequest), message);
                break;
            case StreamingMessage.ContentOneofCase.FunctionMetadataResponse:
                Complete(nameof(FunctionsMetadataRequest), message);
                break;
            case StreamingMessage.ContentOneofCase.FunctionLoadResponse:
                Complete(LoadKey(message.FunctionLoadResponse.FunctionId), message);
                break;
            case StreamingMessage.ContentOneofCase.InvocationResponse:
                Complete(InvocationKey(message.InvocationResponse.InvocationId), message);
                break;
            default:
                logs.AddOutput("rpc", $"(test host ignored a {message.ContentCase} message)");
                break;
        }
    }

    private void Complete(string key, StreamingMessage message)
    {
        if (_pending.TryGetValue(key, out var waiting))
        {
            waiting.TrySetResult(message);
        }
    }
}

/// <summary>The worker process is gone (exited, crashed or killed), so a request to it cannot be answered.</summary>
public sealed class WorkerGoneException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkerGoneException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public WorkerGoneException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public WorkerGoneException()
    {
    }
}
