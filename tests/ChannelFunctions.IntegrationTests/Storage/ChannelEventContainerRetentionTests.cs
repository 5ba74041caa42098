using ChannelFunctions.Core.Storage;
using ChannelFunctions.IntegrationTests.Servers;
using Microsoft.Extensions.Options;

namespace ChannelFunctions.IntegrationTests.Storage;

/// <summary>
/// A container the app creates for itself (local runs) gets the retention's default time-to-live, as the
/// infrastructure gives the containers in Azure; none when retention is 0.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ChannelEventContainerRetentionTests(ServersFixture servers)
{
    [Theory]
    [InlineData(2, 172_800)]
    [InlineData(0, null)]
    public async Task The_created_container_expires_items_after_the_retention(int days, int? expectedSeconds)
    {
        var database = $"it-ttl-{Guid.NewGuid():N}"[..20];
        using var container = new ChannelEventContainer(
            servers.CosmosClient,
            Options.Create(new CosmosOptions { DatabaseName = database, ContainerName = "events", CreateIfNotExists = true }),
            Options.Create(new RetentionOptions { Days = days }));
        try
        {
            var created = await container.GetAsync(CancellationToken.None);
            var properties = (await created.ReadContainerAsync()).Resource;

            Assert.Equal(expectedSeconds, properties.DefaultTimeToLive);
            Assert.Equal(ChannelEventContainer.PartitionKeyPath, properties.PartitionKeyPath);
        }
        finally
        {
            await servers.CosmosClient.GetDatabase(database).DeleteAsync();
        }
    }
}
