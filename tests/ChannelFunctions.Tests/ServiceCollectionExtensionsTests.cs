using ChannelFunctions.Core;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Storage;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChannelFunctions.Tests;

public sealed class ServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddLogging()
            .AddChannelFunctionsCore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

    [Fact]
    public void Missing_store_settings_fail_with_a_message_naming_them()
    {
        using var services = Build([]);

        var cosmos = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<CosmosOptions>>().Value);
        var blobs = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RejectedEventsOptions>>().Value);

        Assert.Contains("Cosmos__AccountEndpoint", cosmos.Message, StringComparison.Ordinal);
        Assert.Contains("RejectedEvents__BlobServiceUri", blobs.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_range_limits_fail_with_a_message_naming_them()
    {
        using var services = Build(new() { ["Ingest:MaxConcurrency"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<IngestOptions>>().Value);

        Assert.Contains("MaxConcurrency", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("36501")]
    public void A_retention_out_of_range_fails_with_a_message_naming_it(string days)
    {
        using var services = Build(new() { ["Retention:Days"] = days });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RetentionOptions>>().Value);

        Assert.Contains("Days", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Retention_defaults_to_400_days_and_binds_0_as_keep_forever()
    {
        using var defaults = Build([]);
        using var forever = Build(new() { ["Retention:Days"] = "0" });

        Assert.Equal(400, defaults.GetRequiredService<IOptions<RetentionOptions>>().Value.Days);
        Assert.Null(forever.GetRequiredService<IOptions<RetentionOptions>>().Value.DefaultTimeToLiveSeconds);
    }

    [Fact]
    public void Binds_settings_and_makes_one_gateway_mode_client()
    {
        using var services = Build(new()
        {
            ["Cosmos:AccountEndpoint"] = "https://example.documents.azure.com:443/",
            ["Cosmos:DatabaseName"] = "db",
            ["RejectedEvents:BlobServiceUri"] = "https://example.blob.core.windows.net/",
            ["Ingest:MaxConcurrency"] = "8",
        });

        var client = services.GetRequiredService<CosmosClient>();

        Assert.Same(client, services.GetRequiredService<CosmosClient>());
        Assert.Equal(ConnectionMode.Gateway, client.ClientOptions.ConnectionMode);
        Assert.Equal(new Uri("https://example.documents.azure.com:443/"), client.Endpoint);
        Assert.Equal("db", services.GetRequiredService<IOptions<CosmosOptions>>().Value.DatabaseName);
        Assert.Equal("channel-events", services.GetRequiredService<IOptions<CosmosOptions>>().Value.ContainerName);
        Assert.Equal(8, services.GetRequiredService<IOptions<IngestOptions>>().Value.MaxConcurrency);
        Assert.NotNull(services.GetRequiredService<ChannelEventIngestor>());
    }
}
