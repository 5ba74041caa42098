using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using ChannelFunctions.Core.Storage;
using ChannelFunctions.IntegrationTests.Servers;
using Microsoft.Extensions.Options;

namespace ChannelFunctions.IntegrationTests.Storage;

/// <summary>
/// Both readers replay uses, the kept rejected events and Event Grid's dead letters, judge a blob's size by the
/// listing (<c>RejectedEvents__MaxReplayBlobBytes</c>) and never download one that is larger: counted at the client's
/// pipeline, against Azurite.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ReplayBlobSizeLimitTests(ServersFixture servers)
{
    private const string Big = "2-big.json";

    [Theory]
    [InlineData(4096, false)]
    [InlineData(16384, true)]
    public async Task A_blob_over_the_limit_is_reported_by_its_listed_size_and_not_downloaded(int limit, bool downloaded)
    {
        var kept = await servers.CreateBlobContainerAsync();
        var deadLetters = await servers.CreateBlobContainerAsync();
        var big = BinaryData.FromString($$"""[{"padding":"{{new string('x', 8000)}}"}]""");
        await kept.UploadBlobAsync($"refused/{Big}", big);
        await deadLetters.UploadBlobAsync($"EVGT-ABC123/INGEST-CHANNEL-EVENTS/2026/12/2/9/{Big}", big);
        var requests = new RequestLog();
        var clientOptions = new BlobClientOptions();
        clientOptions.AddPolicy(requests, HttpPipelinePosition.PerCall);
        var client = new BlobServiceClient(servers.Storage.BlobConnectionString, clientOptions);
        var options = Options.Create(new RejectedEventsOptions { ContainerName = kept.Name, DeadLetterContainerName = deadLetters.Name, MaxReplayBlobBytes = limit });
        using var store = new BlobRejectedEventStore(client, options);

        var keptBig = Assert.Single(await store.ListAsync(null, CancellationToken.None).ToListAsync());
        var deadLetteredBig = Assert.Single(Assert.Single(await new EventGridDeadLetters(client, options).ListAsync(null, CancellationToken.None).ToListAsync()));

        var tooLarge = $"the blob is {big.ToMemory().Length} bytes, more than RejectedEvents__MaxReplayBlobBytes ({limit}); not read";
        Assert.Equal(downloaded ? 2 : 0, requests.Downloads(Big));
        Assert.Null(keptBig.Event);
        Assert.Equal(downloaded ? "the blob is not a rejected event as this app keeps them ('delivery' is missing or not a JSON object)" : tooLarge, keptBig.Problem);
        Assert.Equal(downloaded ? null : tooLarge, deadLetteredBig.Problem);
    }

    /// <summary>Every request a blob client sends, by method and path.</summary>
    private sealed class RequestLog : HttpPipelineSynchronousPolicy
    {
        private readonly ConcurrentQueue<(string Method, string Path)> _requests = new();

        /// <summary>How many blob downloads (GETs of the blob itself, not listings) end with this name.</summary>
        public int Downloads(string name) =>
            _requests.Count(request => request.Method == "GET" && request.Path.EndsWith("/" + name, StringComparison.Ordinal));

        public override void OnSendingRequest(HttpMessage message) =>
            _requests.Enqueue((message.Request.Method.Method, message.Request.Uri.Path));
    }
}
