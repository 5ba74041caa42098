using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Metrics;
using ChannelFunctions.Core.Storage;
using ChannelFunctions.Core.Validation;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChannelFunctions.Core;

/// <summary>Registers the core of ChannelFunctions: options, the one client per Azure service, stores and ingest.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds validation, storage and ingest, bound from the <c>Cosmos</c>, <c>RejectedEvents</c>, <c>Retention</c>,
    /// <c>Validation</c> and <c>Ingest</c> configuration sections. In Azure the clients authenticate with <see cref="DefaultAzureCredential"/>
    /// (managed identity; <c>AZURE_CLIENT_ID</c> picks a user-assigned one); locally with connection strings.
    /// </summary>
    public static IServiceCollection AddChannelFunctionsCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IngestOptions>().Bind(configuration.GetSection(IngestOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ValidationOptions>().Bind(configuration.GetSection(ValidationOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CosmosOptions>().Bind(configuration.GetSection(CosmosOptions.SectionName))
            .Validate(o => o.ConnectionString is not null || o.AccountEndpoint is not null,
                "Cosmos: set Cosmos__AccountEndpoint (Azure, managed identity) or Cosmos__ConnectionString (local emulator).")
            .ValidateOnStart();
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RejectedEventsOptions>().Bind(configuration.GetSection(RejectedEventsOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.ConnectionString is not null || o.BlobServiceUri is not null,
                "RejectedEvents: set RejectedEvents__BlobServiceUri (Azure, managed identity) or RejectedEvents__ConnectionString (Azurite).")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        services.TryAddSingleton(provider => CreateCosmosClient(
            provider.GetRequiredService<IOptions<CosmosOptions>>().Value, provider.GetRequiredService<TokenCredential>()));
        services.TryAddSingleton(provider => CreateBlobServiceClient(
            provider.GetRequiredService<IOptions<RejectedEventsOptions>>().Value, provider.GetRequiredService<TokenCredential>()));
        services.TryAddSingleton<ChannelEventContainer>();
        services.TryAddSingleton<IChannelEventStore, CosmosChannelEventStore>();
        services.TryAddSingleton<IRejectedEventStore, BlobRejectedEventStore>();
        services.TryAddSingleton<EventGridDeadLetters>();
        services.TryAddSingleton(provider => new ChannelEventValidator(provider.GetRequiredService<IOptions<ValidationOptions>>().Value));
        services.TryAddSingleton<ChannelEventIngestor>();
        return services;
    }

    /// <summary>
    /// The app's one Cosmos client: Gateway mode (one HTTPS endpoint, friendly to Flex Consumption's outbound limits),
    /// writes that do not send the document back, and distributed tracing and bulk execution only when configured.
    /// </summary>
    public static CosmosClient CreateCosmosClient(CosmosOptions options, TokenCredential credential)
    {
        var clientOptions = new CosmosClientOptions
        {
            ApplicationName = "ChannelFunctions",
            ConnectionMode = ConnectionMode.Gateway,
            EnableContentResponseOnWrite = false,
            AllowBulkExecution = options.AllowBulkExecution,
            CosmosClientTelemetryOptions = new CosmosClientTelemetryOptions { DisableDistributedTracing = !options.DistributedTracing },
        };
        if (options.ConnectionString is { } connectionString)
        {
            // Emulators answer on one endpoint only; do not follow the regional endpoints they advertise.
            clientOptions.LimitToEndpoint = true;
            return new CosmosClient(connectionString, clientOptions);
        }

        return new CosmosClient(options.AccountEndpoint!.AbsoluteUri, credential, clientOptions);
    }

    /// <summary>The app's one blob client for the rejected-event store.</summary>
    public static BlobServiceClient CreateBlobServiceClient(RejectedEventsOptions options, TokenCredential credential) =>
        options.ConnectionString is { } connectionString
            ? new BlobServiceClient(connectionString)
            : new BlobServiceClient(options.BlobServiceUri, credential);
}
