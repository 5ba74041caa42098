using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Documents;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Storage;
using ChannelFunctions.Core.Validation;
using ChannelFunctions.IntegrationTests.Servers;
using Microsoft.Azure.Cosmos;
using Xunit.Abstractions;

namespace ChannelFunctions.IntegrationTests.Ingest.Faults;

/// <summary>
/// Event Grid's view of ingest under faults: 10,000 deliveries (8,000 distinct events, some invalid or unsupported,
/// and 2,000 duplicates), shuffled, in batches of 100, four batches at a time, through the ingest function wired as
/// the app wires it, while Cosmos DB requests are throttled, refused, time out after reaching the server, fail
/// before it, and lose their connections at random points (a loopback proxy resets them). A failed batch is
/// redelivered, as Event Grid would, up to <see cref="MaxAttempts"/> times. Afterwards, read with a client without
/// faults: every valid event is stored once and equals what was sent, every other event is kept in the blob
/// container with its reasons, and none is both.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class IngestUnderFaultsTests(ServersFixture servers, ITestOutputHelper output)
{
    private const int Seed = 20261126;
    private const int DistinctEvents = 8_000;
    private const int Duplicates = 2_000;
    private const int BatchSize = 100;
    private const int BatchesAtOnce = 4;
    private const int MaxAttempts = 30;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Under_faults_every_valid_event_is_stored_once_and_every_other_kept_once()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var clock = Stopwatch.StartNew();
        var random = new Random(Seed);
        var events = Generate(random);
        var validator = new ChannelEventValidator();
        var verdicts = events.ToDictionary(raw => raw, raw => validator.Validate(raw));
        var deliveries = Shuffle(random, [.. events, .. Enumerable.Range(0, Duplicates).Select(_ => events[random.Next(events.Length)])]);
        var batches = deliveries.Chunk(BatchSize).Select(batch => batch.Select(raw => new BinaryData(raw)).ToArray()).ToArray();

        var faults = new CosmosFaults(Seed)
        {
            // Per document request. A batch makes 100 to 250 of them, so about a quarter of the batch deliveries fail.
            ThrottleRate = 0.02,
            UnavailableRate = 0.0005,
            TimeoutAfterSendingRate = 0.0004,
            FailBeforeSendingRate = 0.0003,
            UnavailableAfterRetriesRate = 0.0003,
        };
        await using var proxy = servers.Cosmos.IsExternal ? null : LoopbackProxy.Start(CosmosEndpoint(), Seed, dropShare: 0.15, meanBudget: 1_000_000);
        using var client = FaultyClient(faults, proxy);
        var container = await servers.CreateContainerAsync(deadline.Token);
        await using var stack = await IngestStack.CreateAsync(servers, client, client.GetContainer(container.Database.Id, container.Id));

        var (attempts, redeliveries, deadLettered) = await DeliverAsync(stack, batches, deadline.Token);
        var delivered = clock.Elapsed;

        var stored = await ReadStoredEventsAsync(container, deadline.Token);
        var kept = new List<KeptRejectedEvent>();
        await foreach (var item in stack.Rejected.ListAsync(null, deadline.Token))
        {
            kept.Add(item);
        }

        var valid = events.Where(raw => verdicts[raw].IsValid).ToArray();
        var refused = events.Where(raw => !verdicts[raw].IsValid).ToArray();
        var byteIdentical = valid.Count(raw => stored.TryGetValue(IdOf(verdicts[raw]), out var s) && s.Bytes.AsSpan().SequenceEqual(raw));
        output.WriteLine($"seed {Seed}: {deliveries.Length} deliveries of {events.Length} distinct events ({valid.Length} valid, {refused.Length} invalid or unsupported) in {batches.Length} batches");
        output.WriteLine($"{attempts} batch deliveries, {redeliveries} of them redeliveries, {deadLettered} dead-lettered; delivered in {delivered.TotalSeconds:F1} s, checked in {(clock.Elapsed - delivered).TotalSeconds:F1} s");
        output.WriteLine($"injected: {faults.Describe()}; {proxy?.Dropped ?? 0} connections reset by the proxy");
        output.WriteLine($"stored: {stored.Count} documents ({byteIdentical} byte-identical to the input, the rest equal as JSON values); kept: {kept.Count} blobs");

        Assert.Equal(0, deadLettered);
        Assert.True(redeliveries > 0, "the faults should have made some batches fail");
        Assert.Equal(0, faults.ThrottledThroughRetries);

        // Every valid event stored exactly once (one document per id, no others), equal to what was sent.
        Assert.Equal(valid.Length, stored.Count);
        foreach (var raw in valid)
        {
            Assert.True(stored.TryGetValue(IdOf(verdicts[raw]), out var document), $"not stored: {Encoding.UTF8.GetString(raw)}");
            using var sent = JsonDocument.Parse(raw);
            Assert.True(JsonElement.DeepEquals(sent.RootElement, document.Event.RootElement), $"stored differently: {Encoding.UTF8.GetString(raw)}");
        }

        // Every other event kept once, under its own name, with the validator's reasons; nothing else kept.
        Assert.Equal(refused.Length, kept.Count);
        var keptByName = kept.ToDictionary(item => item.Name);
        foreach (var raw in refused)
        {
            var verdict = verdicts[raw];
            var kind = verdict.Fate!.Value;
            Assert.True(keptByName.TryGetValue(BlobRejectedEventStore.NameFor(kind, raw), out var item), $"not kept: {Encoding.UTF8.GetString(raw)}");
            Assert.Equal(raw, item.Event!.Raw.ToArray());
            Assert.Equal(verdict.Errors.Select(error => error.ToString()), item.Event!.Reasons);
        }

        // None both: no kept event is a stored one.
        Assert.DoesNotContain(kept, item => item.Event!.Identity is { Id: { } id, Source: { } source } && stored.ContainsKey(EventIdentity.Key(source, id)));

        foreach (var document in stored.Values)
        {
            document.Event.Dispose();
        }
    }

    /// <summary>Distinct events: 95% valid across the channel family and 200 conversations, 4% invalid, 1% unsupported.</summary>
    private static byte[][] Generate(Random random) => [.. Enumerable.Range(0, DistinctEvents).Select(i =>
    {
        var conversationId = $"00000000-0000-4000-8000-{random.Next(200):D12}";
        var rule = ChannelEventTypes.All[random.Next(ChannelEventTypes.All.Count)];
        var kind = random.Next(100);
        return kind switch
        {
            0 => TestEvents.With(e => { e["id"] = $"bad-role-{i}"; TestEvents.Party(e)["role"] = "boss"; }),
            1 => TestEvents.With(e => { e["id"] = $"no-subject-{i}"; e.Remove("subject"); }),
            2 => TestEvents.With(e => { e["id"] = $"bad-ids-{i}"; TestEvents.Channel(e)["conversationId"] = "not-a-guid"; e["time"] = "yesterday"; }),
            3 => TestEvents.With(e => { e["id"] = $"no-agent-{i}"; TestEvents.Party(e).Remove("agentId"); }),
            4 => TestEvents.Valid("agent.presencechanged.v0", id: $"presence-{i}", conversationId: conversationId),
            _ => TestEvents.With(e =>
            {
                e["type"] = rule.Type;
                e["id"] = $"event-{i}";
                TestEvents.Channel(e)["conversationId"] = conversationId;
                if (rule.CarriesReason)
                {
                    e["data"]!["reason"] = "released";
                }

                if (i % 7 == 0)
                {
                    e["vccregion"] = "eu-west";
                    e["data"]!["queue"] = new System.Text.Json.Nodes.JsonObject { ["id"] = i, ["name"] = "sales" };
                }
            }),
        };
    })];

    private static T[] Shuffle<T>(Random random, T[] items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }

        return items;
    }

    /// <summary>
    /// Delivers every batch as Event Grid would: several at once, and each failed one again later, until it succeeds
    /// or has had <see cref="MaxAttempts"/> attempts (then it would be dead-lettered).
    /// </summary>
    private static async Task<(int Attempts, int Redeliveries, int DeadLettered)> DeliverAsync(
        IngestStack stack, BinaryData[][] batches, CancellationToken cancellationToken)
    {
        var queue = new ConcurrentQueue<(int Batch, int Attempt)>(batches.Select((_, index) => (index, 1)));
        var outstanding = batches.Length;
        int attempts = 0, redeliveries = 0, deadLettered = 0;
        var workers = Enumerable.Range(0, BatchesAtOnce).Select(_ => Task.Run(async () =>
        {
            while (Volatile.Read(ref outstanding) > 0)
            {
                if (!queue.TryDequeue(out var delivery))
                {
                    await Task.Delay(5, cancellationToken);
                    continue;
                }

                Interlocked.Increment(ref attempts);
                if (delivery.Attempt > 1)
                {
                    Interlocked.Increment(ref redeliveries);
                }

                try
                {
                    await stack.Function.RunAsync(batches[delivery.Batch], new TestFunctionContext(), cancellationToken);
                    Interlocked.Decrement(ref outstanding);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    if (delivery.Attempt >= MaxAttempts)
                    {
                        Interlocked.Increment(ref deadLettered);
                        Interlocked.Decrement(ref outstanding);
                    }
                    else
                    {
                        queue.Enqueue((delivery.Batch, delivery.Attempt + 1));
                    }
                }
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers);
        return (attempts, redeliveries, deadLettered);
    }

    private IPEndPoint CosmosEndpoint() => LoopbackProxy.EndpointOf(servers.Cosmos.AccountEndpoint);

    /// <summary>A Gateway-mode client with the faults in its pipeline, through the proxy when there is one.</summary>
    private CosmosClient FaultyClient(CosmosFaults faults, LoopbackProxy? proxy)
    {
        var parts = servers.Cosmos.ConnectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2)).ToDictionary(part => part[0], part => part[1], StringComparer.OrdinalIgnoreCase);
        var endpoint = new UriBuilder(parts["AccountEndpoint"]);
        if (proxy is not null)
        {
            endpoint.Port = proxy.Port;
        }

        var options = new CosmosClientOptions
        {
            ConnectionMode = ConnectionMode.Gateway,
            LimitToEndpoint = true,
            MaxRetryAttemptsOnRateLimitedRequests = 20,
            MaxRetryWaitTimeOnRateLimitedRequests = TimeSpan.FromSeconds(30),
            HttpClientFactory = () => new HttpClient(faults.Http(new SocketsHttpHandler
            {
                // The local server's certificate is self-signed (the connection string says so too).
                SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            })),
        };
        options.CustomHandlers.Add(faults.Sdk());
        return new CosmosClient(endpoint.Uri.ToString(), parts["AccountKey"], options);
    }

    private static string IdOf(ValidationResult verdict) => EventIdentity.Key(verdict.Event!.Source, verdict.Event.EventId);

    /// <summary>Every stored document's id and event, read without faults.</summary>
    private static async Task<Dictionary<string, (JsonDocument Event, byte[] Bytes)>> ReadStoredEventsAsync(Container container, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<string, (JsonDocument, byte[])>();
        using var iterator = container.GetItemQueryStreamIterator("SELECT c.id, c.event FROM c");
        while (iterator.HasMoreResults)
        {
            using var page = await iterator.ReadNextAsync(cancellationToken);
            page.EnsureSuccessStatusCode();
            using var json = await JsonDocument.ParseAsync(page.Content, cancellationToken: cancellationToken);
            foreach (var document in json.RootElement.GetProperty("Documents").EnumerateArray())
            {
                var bytes = Encoding.UTF8.GetBytes(document.GetProperty("event").GetRawText());
                stored.Add(document.GetProperty("id").GetString()!, (JsonDocument.Parse(bytes), bytes));
            }
        }

        return stored;
    }
}
