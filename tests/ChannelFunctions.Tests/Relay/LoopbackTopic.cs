using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ChannelFunctions.Tests.Relay;

/// <summary>
/// An Event Grid endpoint stand-in (a topic, or Core Tools' trigger webhook) on a free loopback port: records each request's body and headers and answers with
/// the next status from a script (then 200 for ever).
/// </summary>
internal sealed class LoopbackTopic : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(int Status, string? RetryAfter)> _script = new();
    private readonly Task _serving;

    public LoopbackTopic()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Endpoint = new Uri($"http://127.0.0.1:{port}/api/events");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    public ConcurrentQueue<(byte[] Body, string? ContentType, System.Collections.Specialized.NameValueCollection Headers, Uri? Url)> Received { get; } = new();

    public LoopbackTopic Answer(int status, string? retryAfter = null)
    {
        _script.Enqueue((status, retryAfter));
        return this;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            Received.Enqueue((body.ToArray(), context.Request.ContentType, context.Request.Headers, context.Request.Url));
            var (status, retryAfter) = _script.TryDequeue(out var next) ? next : (200, null);
            context.Response.StatusCode = status;
            if (retryAfter is not null)
            {
                context.Response.Headers["Retry-After"] = retryAfter;
            }

            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
    }
}
