using System.Text.Json;
using Microsoft.Azure.Cosmos;

namespace ChannelFunctions.TestServers;

/// <summary>
/// A Cosmos DB endpoint for the integration tests: our <c>tests/servers/cosmos-server.js</c>
/// (an in-memory Cosmos REST server over HTTPS with a self-signed certificate) on a free
/// loopback port, or the account named by <see cref="ConnectionStringVariable"/>.
/// Speak to it in Gateway mode (<see cref="CreateClient"/> does).
/// </summary>
public sealed class CosmosProtocolServer : IAsyncDisposable, IDisposable
{
    /// <summary>When set, the tests use this connection string (an emulator or account) and start no server.</summary>
    public const string ConnectionStringVariable = "CHANNELFUNCTIONS_TEST_COSMOS_CONNECTION_STRING";

    /// <summary>The Cosmos DB emulator's published key, which the local server accepts (it checks none).</summary>
    public const string EmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private readonly NodeServerProcess? _process;

    private CosmosProtocolServer(string connectionString, NodeServerProcess? process)
    {
        ConnectionString = connectionString;
        _process = process;
    }

    /// <summary>
    /// <c>AccountEndpoint=https://127.0.0.1:PORT/;AccountKey=&lt;emulator key&gt;;DisableServerCertificateValidation=True;</c>
    /// for the local server, or the value of <see cref="ConnectionStringVariable"/>.
    /// </summary>
    public string ConnectionString { get; }

    /// <summary>The <c>AccountEndpoint</c> of <see cref="ConnectionString"/>.</summary>
    public Uri AccountEndpoint => new(Part("AccountEndpoint"));

    /// <summary>True when <see cref="ConnectionString"/> came from <see cref="ConnectionStringVariable"/>.</summary>
    public bool IsExternal => _process is null;

    /// <summary>Uses <see cref="ConnectionStringVariable"/> when set, otherwise starts the local server.</summary>
    public static Task<CosmosProtocolServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var external = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        return string.IsNullOrWhiteSpace(external)
            ? StartLocalAsync(cancellationToken)
            : Task.FromResult(new CosmosProtocolServer(external, process: null));
    }

    /// <summary>Starts a local server of our own whatever the environment says, e.g. to stop it in a test.</summary>
    public static async Task<CosmosProtocolServer> StartLocalAsync(CancellationToken cancellationToken = default)
    {
        var process = NodeServerProcess.Start(
            "cosmos-server.js",
            ["cosmos-server.js", "--port", "0", "--host", "127.0.0.1"]);
        try
        {
            int? port = null;
            await process.WaitForOutputAsync(line => (port = ParseReadyPort(line)) is not null, cancellationToken);
            var connectionString =
                $"AccountEndpoint=https://127.0.0.1:{port}/;AccountKey={EmulatorKey};DisableServerCertificateValidation=True;";
            return new CosmosProtocolServer(connectionString, process);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A client for this endpoint in Gateway mode (the only mode the local server speaks), kept to
    /// the given endpoint instead of the regions the account advertises.
    /// </summary>
    public CosmosClient CreateClient(Action<CosmosClientOptions>? configure = null) => CreateClient(ConnectionString, configure);

    /// <summary>A client like <see cref="CreateClient(Action{CosmosClientOptions}?)"/> that speaks to the server through <paramref name="proxy"/>.</summary>
    public CosmosClient CreateClientVia(LoopbackProxy proxy, Action<CosmosClientOptions>? configure = null) =>
        CreateClient(ConnectionStringVia(proxy), configure);

    /// <summary><see cref="ConnectionString"/> with the proxy's port in its endpoint.</summary>
    public string ConnectionStringVia(LoopbackProxy proxy) =>
        ConnectionString.Replace(Part("AccountEndpoint"), new UriBuilder(AccountEndpoint) { Port = proxy.Port }.Uri.ToString(), StringComparison.Ordinal);

    private static CosmosClient CreateClient(string connectionString, Action<CosmosClientOptions>? configure)
    {
        var options = new CosmosClientOptions
        {
            ConnectionMode = ConnectionMode.Gateway,
            LimitToEndpoint = true,
        };
        configure?.Invoke(options);
        return new CosmosClient(connectionString, options);
    }

    private string Part(string name) =>
        ConnectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Single(part => string.Equals(part[0], name, StringComparison.OrdinalIgnoreCase))[1];

    /// <summary>Stops the local server (closing its input, then killing it if need be).</summary>
    public ValueTask DisposeAsync() => _process?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose() => _process?.Dispose();

    /// <summary>The port from cosmos-server.js's <c>{"ready":true,"port":N}</c> line.</summary>
    private static int? ParseReadyPort(string line)
    {
        if (!line.StartsWith('{'))
        {
            return null;
        }

        using var ready = JsonDocument.Parse(line);
        return ready.RootElement.TryGetProperty("ready", out var isReady) && isReady.ValueKind == JsonValueKind.True
            ? ready.RootElement.GetProperty("port").GetInt32()
            : null;
    }
}
