using ChannelFunctions.Core;
using ChannelFunctions.Core.Storage;
using ChannelFunctions.TestServers;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChannelFunctions.Benchmarks;

/// <summary>
/// The local Cosmos DB protocol server with one container of channel events and the app's store over it, for the
/// benchmarks that write or read; started in a [GlobalSetup], disposed in the [GlobalCleanup]. With a round trip,
/// the store speaks to the server through a <see cref="LoopbackProxy"/> that adds it to every request, as a
/// network to Cosmos DB in Azure would. With <see cref="CosmosProtocolServer.ConnectionStringVariable"/> set, it
/// is that account instead, over its real network (no proxy), and <c>Cosmos__AllowBulkExecution=true</c> in the
/// environment turns on the SDK's bulk execution: how docs/performance.md measures what the local server cannot.
/// </summary>
internal sealed class LocalCosmos : IDisposable
{
    private readonly CosmosProtocolServer _server;
    private readonly LoopbackProxy? _proxy;
    private readonly CosmosClient _client;

    private LocalCosmos(CosmosProtocolServer server, string containerName, TimeSpan? roundTrip, bool sdkDefaults)
    {
        _server = server;
        if (roundTrip is { } latency && !server.IsExternal)
        {
            _proxy = LoopbackProxy.StartWithLatency(LoopbackProxy.EndpointOf(server.AccountEndpoint), latency);
        }

        var connectionString = _proxy is null ? server.ConnectionString : server.ConnectionStringVia(_proxy);
        // The app's client, as the function app builds it, or (to compare) one with the SDK's defaults.
        _client = sdkDefaults
            ? new CosmosClient(connectionString, new CosmosClientOptions { ConnectionMode = ConnectionMode.Gateway, LimitToEndpoint = true })
            : ServiceCollectionExtensions.CreateCosmosClient(
                new CosmosOptions
                {
                    ConnectionString = connectionString,
                    AllowBulkExecution = bool.TryParse(Environment.GetEnvironmentVariable("Cosmos__AllowBulkExecution"), out var bulk) && bulk,
                },
                credential: null!);
        Container = new ChannelEventContainer(_client, Options.Create(
            new CosmosOptions { DatabaseName = "benchmarks", ContainerName = containerName, CreateIfNotExists = true }));
        Store = new CosmosChannelEventStore(Container, NullLogger<CosmosChannelEventStore>.Instance);
    }

    /// <summary>The container, created on first use.</summary>
    public ChannelEventContainer Container { get; }

    /// <summary>The app's Cosmos store over <see cref="Container"/>.</summary>
    public CosmosChannelEventStore Store { get; }

    /// <summary>
    /// Starts a server of its own on a free loopback port (or uses the account the environment names), spoken to
    /// directly or, given a round trip, through a latency proxy; with the app's client options or, with
    /// <paramref name="sdkDefaults"/>, the SDK's.
    /// </summary>
    public static LocalCosmos Start(string containerName, TimeSpan? roundTrip = null, bool sdkDefaults = false) =>
        new(CosmosProtocolServer.StartAsync().GetAwaiter().GetResult(), containerName, roundTrip, sdkDefaults);

    public void Dispose()
    {
        Container.Dispose();
        _client.Dispose();
        _proxy?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _server.Dispose();
    }
}
