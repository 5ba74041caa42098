using ChannelFunctions.Core.Storage;
using ChannelFunctions.TestServers;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChannelFunctions.Benchmarks;

/// <summary>
/// The local Cosmos DB protocol server with one container of channel events and the app's store over it, for the
/// benchmarks that write or read; started in a [GlobalSetup], disposed in the [GlobalCleanup].
/// </summary>
internal sealed class LocalCosmos : IDisposable
{
    private readonly CosmosProtocolServer _server;
    private readonly CosmosClient _client;

    private LocalCosmos(CosmosProtocolServer server, string containerName)
    {
        _server = server;
        _client = server.CreateClient();
        Container = new ChannelEventContainer(_client, Options.Create(
            new CosmosOptions { DatabaseName = "benchmarks", ContainerName = containerName, CreateIfNotExists = true }));
        Store = new CosmosChannelEventStore(Container, NullLogger<CosmosChannelEventStore>.Instance);
    }

    /// <summary>The container, created on first use.</summary>
    public ChannelEventContainer Container { get; }

    /// <summary>The app's Cosmos store over <see cref="Container"/>.</summary>
    public CosmosChannelEventStore Store { get; }

    /// <summary>Starts a server of its own on a free loopback port.</summary>
    public static LocalCosmos Start(string containerName) =>
        new(CosmosProtocolServer.StartLocalAsync().GetAwaiter().GetResult(), containerName);

    public void Dispose()
    {
        Container.Dispose();
        _client.Dispose();
        _server.Dispose();
    }
}
