using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace ChannelFunctions.TestServers;

/// <summary>
/// A TCP proxy on a free loopback port in front of one loopback server, for what loopback lacks: network latency
/// (<see cref="StartWithLatency"/>: every byte towards the server is held back by a round trip, so each request
/// waits that long for its answer, as over a network) and dropped connections (<see cref="Start"/>: each
/// connection gets a byte budget drawn from a seeded random source, most get none, and once it has carried that
/// many bytes, in either direction, both its sockets are reset, whatever request or response is under way). The
/// TLS inside is passed through untouched.
/// </summary>
public sealed class LoopbackProxy : IAsyncDisposable
{
    /// <summary>The round trip of a write to Cosmos DB from the same Azure region, give or take.</summary>
    public static readonly TimeSpan DefaultRoundTrip = TimeSpan.FromMilliseconds(5);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly Random _random;
    private readonly double _dropShare;
    private readonly int _meanBudget;
    private readonly TimeSpan _roundTrip;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private Task _accepting = Task.CompletedTask;
    private int _dropped;

    private LoopbackProxy(IPEndPoint target, int seed, double dropShare, int meanBudget, TimeSpan roundTrip)
    {
        _target = target;
        _random = new Random(seed);
        _dropShare = dropShare;
        _meanBudget = meanBudget;
        _roundTrip = roundTrip;
    }

    /// <summary>The proxy's port on 127.0.0.1.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections reset so far.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    /// <summary>
    /// Starts a proxy to <paramref name="target"/>: <paramref name="dropShare"/> of the connections are reset after a
    /// random number of bytes around <paramref name="meanBudget"/>.
    /// </summary>
    public static LoopbackProxy Start(IPEndPoint target, int seed, double dropShare, int meanBudget) =>
        Listen(new LoopbackProxy(target, seed, dropShare, meanBudget, TimeSpan.Zero));

    /// <summary>
    /// Starts a proxy to <paramref name="target"/> that drops nothing and adds <paramref name="roundTrip"/>
    /// (<see cref="DefaultRoundTrip"/> when not given) to every exchange: what the client sends reaches the server
    /// that much later, what the server sends comes straight back.
    /// </summary>
    public static LoopbackProxy StartWithLatency(IPEndPoint target, TimeSpan? roundTrip = null) =>
        Listen(new LoopbackProxy(target, seed: 0, dropShare: 0, meanBudget: 1, roundTrip ?? DefaultRoundTrip));

    /// <summary>The loopback endpoint of a server's <c>https://127.0.0.1:PORT/</c> address.</summary>
    public static IPEndPoint EndpointOf(Uri address) => new(IPAddress.Parse(address.Host), address.Port);

    private static LoopbackProxy Listen(LoopbackProxy proxy)
    {
        proxy._listener.Start();
        proxy._accepting = proxy.AcceptAsync();
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            long budget;
            lock (_random)
            {
                budget = _random.NextDouble() < _dropShare
                    ? (long)(-Math.Log(1 - _random.NextDouble()) * _meanBudget)
                    : long.MaxValue;
            }

            lock (_connections)
            {
                _connections.RemoveAll(task => task.IsCompleted);
                _connections.Add(ServeAsync(client, budget));
            }
        }
    }

    private async Task ServeAsync(Socket client, long budget)
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using (client)
        {
            try
            {
                await server.ConnectAsync(_target, _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                Reset(client);
                return;
            }

            var carried = new long[1];
            using var connection = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var up = PumpAsync(client, server, carried, budget, _roundTrip, connection);
            var down = PumpAsync(server, client, carried, budget, TimeSpan.Zero, connection);
            await Task.WhenAny(up, down);
            await connection.CancelAsync();
            await Task.WhenAll(up, down).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (Interlocked.Read(ref carried[0]) >= budget)
            {
                Interlocked.Increment(ref _dropped);
                Reset(client);
                Reset(server);
            }
        }
    }

    /// <summary>Copies until either side closes or the connection's budget is spent, each chunk <paramref name="delay"/> after it came.</summary>
    private static async Task PumpAsync(Socket from, Socket to, long[] carried, long budget, TimeSpan delay, CancellationTokenSource connection)
    {
        var delayed = delay > TimeSpan.Zero ? new DelayedSender(to, delay, connection.Token) : null;
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, connection.Token);
                if (read == 0)
                {
                    if (delayed is not null)
                    {
                        await delayed.DrainAsync();
                    }

                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                if (delayed is not null)
                {
                    delayed.Send(buffer.AsSpan(0, read));
                    continue;
                }

                var total = Interlocked.Add(ref carried[0], read);
                if (total >= budget)
                {
                    // Pass part of it on, so that a request may or may not have reached the server, then reset.
                    var part = (int)Math.Max(0, read - (total - budget));
                    if (part > 0)
                    {
                        await to.SendAsync(buffer.AsMemory(0, part), connection.Token);
                    }

                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), connection.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Sends what it is given, in order, each chunk no sooner than a fixed delay after it was given.</summary>
    private sealed class DelayedSender
    {
        private readonly Channel<(long Due, byte[] Bytes)> _queue = Channel.CreateUnbounded<(long, byte[])>(new() { SingleReader = true, SingleWriter = true });
        private readonly long _delay;
        private readonly Task _sending;

        public DelayedSender(Socket to, TimeSpan delay, CancellationToken cancellationToken)
        {
            _delay = (long)(delay.TotalSeconds * Stopwatch.Frequency);
            _sending = SendAllAsync(to, cancellationToken);
        }

        public void Send(ReadOnlySpan<byte> bytes) => _queue.Writer.TryWrite((Stopwatch.GetTimestamp() + _delay, bytes.ToArray()));

        public Task DrainAsync()
        {
            _queue.Writer.TryComplete();
            return _sending;
        }

        private async Task SendAllAsync(Socket to, CancellationToken cancellationToken)
        {
            try
            {
                await foreach (var (due, bytes) in _queue.Reader.ReadAllAsync(cancellationToken))
                {
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, cancellationToken);
                    }

                    await to.SendAsync(bytes, cancellationToken);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }
    }

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }
}
