using System.Net;
using System.Text;
using ChannelFunctions.IntegrationTests.Servers;
using ChannelFunctions.TestSupport;
using Microsoft.Azure.Cosmos;

namespace ChannelFunctions.IntegrationTests.Storage;

/// <summary>
/// The request counter the cost measurements rely on names each request the SDK sends, against the real local
/// server: a create, a conflicting create, a point read, a replace, an upsert, a query and a delete are one each.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class StoreRequestCounterTests(ServersFixture servers)
{
    [Fact]
    public async Task Each_data_request_is_counted_once_by_container_and_operation()
    {
        var counter = new StoreRequestCounter();
        using var client = servers.Cosmos.CreateClient(options => options.CustomHandlers.Add(counter));
        var shared = await servers.CreateContainerAsync();
        var container = client.GetContainer(shared.Database.Id, shared.Id);
        var key = new PartitionKey("p");
        await container.ReadContainerAsync(); // the SDK's own metadata reads happen before the data requests below
        counter.Reset();

        using (await container.CreateItemStreamAsync(Json("""{"id":"a","conversationId":"p"}"""), key)) { }
        using (var conflict = await container.CreateItemStreamAsync(Json("""{"id":"a","conversationId":"p"}"""), key))
        {
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        }

        using (await container.ReadItemStreamAsync("a", key)) { }
        using (await container.ReplaceItemStreamAsync(Json("""{"id":"a","conversationId":"p","v":2}"""), "a", key)) { }
        using (await container.UpsertItemStreamAsync(Json("""{"id":"b","conversationId":"p"}"""), key)) { }
        using (var query = container.GetItemQueryStreamIterator("SELECT * FROM c", requestOptions: new QueryRequestOptions { PartitionKey = key }))
        {
            while (query.HasMoreResults)
            {
                using var page = await query.ReadNextAsync();
            }
        }

        using (await container.DeleteItemStreamAsync("b", key)) { }

        var data = counter.Counts.Where(count => count.Key.Container == shared.Id).ToDictionary(count => count.Key.Operation, count => count.Value);
        Assert.Equal(2, data["create"]);
        Assert.Equal(1, data["read"]);
        Assert.Equal(1, data["replace"]);
        Assert.Equal(1, data["upsert"]);
        Assert.Equal(1, data["delete"]);
        Assert.Equal(1, data["query"]);
        Assert.Equal(counter.To(shared.Id), data.Values.Sum());
    }

    private static MemoryStream Json(string text) => new(Encoding.UTF8.GetBytes(text));
}
