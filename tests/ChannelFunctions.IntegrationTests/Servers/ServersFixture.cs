using Azure.Storage.Blobs;
using ChannelFunctions.Core.Storage;
using Microsoft.Azure.Cosmos;

namespace ChannelFunctions.IntegrationTests.Servers;

/// <summary>
/// The storage and Cosmos DB servers, started once for the <see cref="ServersCollection"/> and
/// shared by its test classes, with helpers that give each test containers of its own.
/// </summary>
public sealed class ServersFixture : IAsyncLifetime
{
    /// <summary>The partition key path of every container <see cref="CreateContainerAsync"/> makes.</summary>
    public const string PartitionKeyPath = ChannelEventContainer.PartitionKeyPath;

    private readonly string _databaseId = UniqueName("it-");
    private readonly List<string> _blobContainers = [];
    private AzuriteServer? _storage;
    private CosmosProtocolServer? _cosmos;
    private CosmosClient? _cosmosClient;
    private Database? _database;

    /// <summary>Azurite, or the storage account named by <see cref="AzuriteServer.ConnectionStringVariable"/>.</summary>
    public AzuriteServer Storage => _storage ?? throw NotStarted();

    /// <summary>The local Cosmos server, or the account named by <see cref="CosmosProtocolServer.ConnectionStringVariable"/>.</summary>
    public CosmosProtocolServer Cosmos => _cosmos ?? throw NotStarted();

    /// <summary>A shared Gateway-mode client for <see cref="Cosmos"/>; do not dispose it.</summary>
    public CosmosClient CosmosClient => _cosmosClient ?? throw NotStarted();

    /// <summary>Starts both servers side by side and creates this run's database.</summary>
    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(NodeServerProcess.ReadinessTimeout * 2);
        var storage = AzuriteServer.StartAsync(timeout.Token);
        var cosmos = CosmosProtocolServer.StartAsync(timeout.Token);
        try
        {
            await Task.WhenAll(storage, cosmos);
            _storage = await storage;
            _cosmos = await cosmos;
            _cosmosClient = _cosmos.CreateClient();
            _database = (await _cosmosClient.CreateDatabaseAsync(_databaseId, cancellationToken: timeout.Token)).Database;
        }
        catch
        {
            // Stop whichever server did start, rather than count on a fixture that failed to start being disposed.
            _storage ??= storage.IsCompletedSuccessfully ? await storage : null;
            _cosmos ??= cosmos.IsCompletedSuccessfully ? await cosmos : null;
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Creates a container with a unique name, partition key <see cref="PartitionKeyPath"/> and
    /// the project's indexing policy (src/ChannelFunctions.Core/Storage/indexing-policy.json).
    /// </summary>
    public async Task<Container> CreateContainerAsync(CancellationToken cancellationToken = default)
    {
        var database = _database ?? throw NotStarted();
        var properties = ChannelEventContainer.Properties(UniqueName("c-"));
        return (await database.CreateContainerAsync(properties, cancellationToken: cancellationToken)).Container;
    }

    /// <summary>Creates a blob container with a unique name.</summary>
    public async Task<BlobContainerClient> CreateBlobContainerAsync(CancellationToken cancellationToken = default)
    {
        var container = new BlobContainerClient(Storage.BlobConnectionString, UniqueName("it-"));
        await container.CreateAsync(cancellationToken: cancellationToken);
        lock (_blobContainers)
        {
            _blobContainers.Add(container.Name);
        }

        return container;
    }

    /// <summary>Removes what the tests created from external accounts, then stops the local servers.</summary>
    public async Task DisposeAsync()
    {
        try
        {
            await DeleteFromExternalAccountsAsync();
        }
        finally
        {
            _database = null;
            _cosmosClient?.Dispose();
            _cosmosClient = null;
            if (_cosmos is not null)
            {
                await _cosmos.DisposeAsync();
                _cosmos = null;
            }

            if (_storage is not null)
            {
                await _storage.DisposeAsync();
                _storage = null;
            }
        }
    }

    /// <summary>Local servers keep everything in memory and take it with them; an external account keeps it.</summary>
    private async Task DeleteFromExternalAccountsAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        if (_database is not null && _cosmos is { IsExternal: true })
        {
            await _database.DeleteAsync(cancellationToken: timeout.Token);
        }

        if (_storage is { IsExternal: true })
        {
            var service = new BlobServiceClient(_storage.BlobConnectionString);
            foreach (var name in _blobContainers)
            {
                await service.DeleteBlobContainerAsync(name, cancellationToken: timeout.Token);
            }
        }
    }

    /// <summary>Lower case letters and digits, valid for databases, containers and blob containers alike.</summary>
    private static string UniqueName(string prefix) => prefix + Guid.NewGuid().ToString("N");

    private static InvalidOperationException NotStarted() =>
        new("The servers are not started: ServersFixture.InitializeAsync did not complete.");
}
