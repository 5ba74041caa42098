using System.Text;
using Azure.Storage.Blobs;
using ChannelFunctions.Core;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Storage;
using ChannelFunctions.Ingest;
using ChannelFunctions.IntegrationTests.Servers;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChannelFunctions.IntegrationTests.Ingest;

/// <summary>
/// The ingest function wired exactly as the app wires it (<c>AddChannelFunctionsCore</c> from configuration), over a
/// fresh Cosmos DB container and blob container of the shared servers.
/// </summary>
internal sealed class IngestStack : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private IngestStack(ServiceProvider services, Container container, BlobContainerClient blobs)
    {
        _services = services;
        Container = container;
        Blobs = blobs;
    }

    public Container Container { get; }

    public BlobContainerClient Blobs { get; }

    public IngestChannelEvents Function => _services.GetRequiredService<IngestChannelEvents>();

    public ChannelEventIngestor Ingestor => _services.GetRequiredService<ChannelEventIngestor>();

    public IRejectedEventStore Rejected => _services.GetRequiredService<IRejectedEventStore>();

    /// <summary>A service of the stack, as the app would resolve it.</summary>
    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>
    /// Builds the stack over a new container of the shared server, or over <paramref name="container"/> of
    /// <paramref name="client"/>, which then replaces the Cosmos client the app would create;
    /// <paramref name="configure"/> adds more of the app (the lookups, say) over the same configuration.
    /// </summary>
    public static async Task<IngestStack> CreateAsync(
        ServersFixture servers, CosmosClient? client = null, Container? container = null,
        Action<IServiceCollection, IConfiguration>? configure = null)
    {
        container ??= await servers.CreateContainerAsync();
        var blobs = await servers.CreateBlobContainerAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cosmos:ConnectionString"] = servers.Cosmos.ConnectionString,
            ["Cosmos:DatabaseName"] = container.Database.Id,
            ["Cosmos:ContainerName"] = container.Id,
            ["RejectedEvents:ConnectionString"] = servers.Storage.BlobConnectionString,
            ["RejectedEvents:ContainerName"] = blobs.Name,
        }).Build();
        var services = new ServiceCollection().AddLogging();
        if (client is not null)
        {
            services.AddSingleton(client);
        }

        services.AddChannelFunctionsCore(configuration).AddSingleton<IngestChannelEvents>();
        configure?.Invoke(services, configuration);
        return new IngestStack(services.BuildServiceProvider(validateScopes: true), container, blobs);
    }

    /// <summary>Delivers a batch to the function as the host would.</summary>
    public Task DeliverAsync(params byte[][] events) =>
        Function.RunAsync([.. events.Select(e => new BinaryData(e))], new TestFunctionContext(), CancellationToken.None);

    /// <summary>Delivers a batch straight to the ingestor, for its report.</summary>
    public Task<IngestReport> IngestAsync(params byte[][] events) =>
        Ingestor.IngestAsync([.. events.Select(e => (ReadOnlyMemory<byte>)e)], new Delivery("test", null, events.Length), CancellationToken.None);

    public Task<int> CountDocumentsAsync() => CountDocumentsAsync(Container);

    /// <summary>How many documents a container holds.</summary>
    public static async Task<int> CountDocumentsAsync(Container container)
    {
        using var iterator = container.GetItemQueryIterator<int>("SELECT VALUE COUNT(1) FROM c");
        var total = 0;
        while (iterator.HasMoreResults)
        {
            total += (await iterator.ReadNextAsync()).Sum();
        }

        return total;
    }

    public async Task<List<string>> BlobNamesAsync()
    {
        var names = new List<string>();
        await foreach (var blob in Blobs.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
