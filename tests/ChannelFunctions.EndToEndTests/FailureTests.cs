using System.Net;
using ChannelFunctions.Core.Storage;
using ChannelFunctions.EndToEndTests.Fixtures;
using ChannelFunctions.EndToEndTests.TestHost;
using Xunit.Abstractions;

namespace ChannelFunctions.EndToEndTests;

/// <summary>
/// A worker killed mid-batch and a store that goes away: what Event Grid sees (the host's answer) and what is
/// stored once it redelivers. Each test starts its own worker, so the shared one is never killed.
/// </summary>
[Collection(WorkerCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class FailureTests(WorkerFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task A_worker_killed_mid_batch_and_redelivered_stores_every_event_once()
    {
        var dataName = $"e2e-kill-{Guid.NewGuid():N}"[..20];
        var settings = AppUnderTest.SampleSettings(fixture.Storage.ConnectionString, fixture.Cosmos.ConnectionString, dataName);
        // One write at a time, so the batch is still being stored when the worker dies.
        settings["Ingest__MaxConcurrency"] = "1";
        var conversation = Guid.NewGuid().ToString();
        var events = Enumerable.Range(0, 120).Select(i => EventGridIngestTests.Event(conversation, $"kill-{i:D4}")).ToArray();
        var container = fixture.Cosmos.CreateClient().GetContainer(dataName, "channel-events");
        var body = EventGridDelivery.Batch(events);

        int storedWhenKilled;
        await using (var first = await WorkerFixture.StartWorkerAsync(settings))
        {
            using var _ = new WorkerLogScope(first, output);
            var delivery = first.DeliverEventGridAsync(WorkerFixture.IngestFunction, HttpMethod.Post, EventGridDelivery.NotificationHeaders, body);
            storedWhenKilled = await WaitForSomeStoredAsync(container, conversation, delivery);
            first.Kill();
            var answer = await delivery;
            output.WriteLine($"killed with {storedWhenKilled} stored; the host answered {(int)answer.Status} {answer.Body}");
            Assert.Equal(HttpStatusCode.InternalServerError, answer.Status);
        }

        Assert.InRange(storedWhenKilled, 1, events.Length - 1);
        await using var second = await WorkerFixture.StartWorkerAsync(settings);
        using (new WorkerLogScope(second, output))
        {
            var redelivered = await second.DeliverEventGridAsync(WorkerFixture.IngestFunction, HttpMethod.Post, EventGridDelivery.NotificationHeaders, body);
            Assert.Equal(HttpStatusCode.Accepted, redelivered.Status);
        }

        Assert.Equal(events.Length, await EventGridIngestTests.CountAsync(container, conversation));
        foreach (var item in events)
        {
            Assert.NotNull(await EventGridIngestTests.ReadStoredAsync(container, item));
        }

        using var rejected = WorkerFixture.RejectedStore(fixture.Storage, dataName);
        Assert.Empty(await EventGridIngestTests.KeptAsync(rejected));
    }

    [Fact]
    public async Task A_store_outage_fails_the_invocation_so_event_grid_retries()
    {
        var cosmos = await CosmosProtocolServer.StartLocalAsync();
        var dataName = $"e2e-outage-{Guid.NewGuid():N}"[..20];
        var settings = AppUnderTest.SampleSettings(fixture.Storage.ConnectionString, cosmos.ConnectionString, dataName);
        var conversation = Guid.NewGuid().ToString();
        await using var worker = await WorkerFixture.StartWorkerAsync(settings);
        using var _ = new WorkerLogScope(worker, output);
        Assert.Equal(HttpStatusCode.Accepted, (await worker.DeliverAsync(EventGridIngestTests.Event(conversation, "before"))).Status);

        await cosmos.DisposeAsync();
        var during = await worker.DeliverAsync(EventGridIngestTests.Event(conversation, "during"));

        Assert.Equal(HttpStatusCode.InternalServerError, during.Status);
        Assert.False(worker.HasExited);
        // The failure is logged whatever the trace sampling: an Error of the worker runtime naming the function.
        Assert.Contains(worker.Logs.All, l => l.Level == Protocol.RpcLog.Types.Level.Error && l.Message.Contains("'IngestChannelEvents'", StringComparison.Ordinal));
        using var rejected = WorkerFixture.RejectedStore(fixture.Storage, dataName);
        Assert.Empty(await EventGridIngestTests.KeptAsync(rejected));
    }

    private static async Task<int> WaitForSomeStoredAsync(Microsoft.Azure.Cosmos.Container container, string conversation, Task delivery)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (!timeout.IsCancellationRequested && !delivery.IsCompleted)
        {
            try
            {
                var count = await EventGridIngestTests.CountAsync(container, conversation);
                if (count >= 5)
                {
                    return count;
                }
            }
            catch (Microsoft.Azure.Cosmos.CosmosException exception) when (exception.StatusCode == HttpStatusCode.NotFound)
            {
                // The worker has not created its container yet.
            }

            await Task.Delay(20, timeout.Token);
        }

        throw new InvalidOperationException("The batch finished (or stalled) before the test could kill the worker mid-batch.");
    }
}
