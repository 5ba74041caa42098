using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;

namespace ChannelFunctions.Core.Storage;

/// <summary>
/// The Cosmos DB container of channel events. Hands out the container, creating the database and container on
/// first use when <see cref="CosmosOptions.CreateIfNotExists"/> is set (local runs), with the shipped indexing policy
/// and the retention's default time-to-live (<see cref="RetentionOptions"/>).
/// </summary>
public sealed class ChannelEventContainer : IDisposable
{
    /// <summary>The partition key path: events are stored, and mostly read, by conversation.</summary>
    public const string PartitionKeyPath = "/conversationId";

    private readonly CosmosClient _client;
    private readonly CosmosOptions _options;
    private readonly int? _defaultTimeToLive;
    private readonly SemaphoreSlim _creation = new(1, 1);
    private Container? _container;

    /// <summary>Wraps the app's one <see cref="CosmosClient"/>; without <paramref name="retention"/>, a container it creates keeps items forever.</summary>
    public ChannelEventContainer(CosmosClient client, IOptions<CosmosOptions> options, IOptions<RetentionOptions>? retention = null)
    {
        _client = client;
        _options = options.Value;
        _defaultTimeToLive = retention?.Value.DefaultTimeToLiveSeconds;
        if (!_options.CreateIfNotExists)
        {
            _container = client.GetContainer(_options.DatabaseName, _options.ContainerName);
        }
    }

    /// <summary>
    /// The indexing policy the queries need, as JSON: the one source for local creation and the Bicep template.
    /// </summary>
    public static string IndexingPolicyJson { get; } = ReadIndexingPolicy();

    /// <summary>The properties of the container: partition key and indexing policy.</summary>
    public static ContainerProperties Properties(string containerName) => new(containerName, PartitionKeyPath)
    {
        IndexingPolicy = JsonConvert.DeserializeObject<IndexingPolicy>(IndexingPolicyJson)!,
    };

    /// <summary>Gets the container, creating it first if so configured; a failed creation is tried again next time.</summary>
    public async ValueTask<Container> GetAsync(CancellationToken cancellationToken)
    {
        if (_container is { } ready)
        {
            return ready;
        }

        await _creation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_container is null)
            {
                var database = await _client.CreateDatabaseIfNotExistsAsync(
                    _options.DatabaseName, cancellationToken: cancellationToken).ConfigureAwait(false);
                var properties = Properties(_options.ContainerName);
                properties.DefaultTimeToLive = _defaultTimeToLive;
                var container = await database.Database.CreateContainerIfNotExistsAsync(
                    properties, cancellationToken: cancellationToken).ConfigureAwait(false);
                _container = container.Container;
            }

            return _container;
        }
        finally
        {
            _creation.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _creation.Dispose();

    private static string ReadIndexingPolicy()
    {
        using var stream = typeof(ChannelEventContainer).Assembly
            .GetManifestResourceStream("ChannelFunctions.Core.Storage.indexing-policy.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
