using System.Collections.Concurrent;
using System.Text.Json;
using ChannelFunctions.Benchmarks;
using ChannelFunctions.Core.Lookups;
using ChannelFunctions.IntegrationTests.Servers;
using Xunit.Abstractions;

namespace ChannelFunctions.IntegrationTests.Lookups;

/// <summary>
/// Paging through a conversation's events while more of its events are being ingested: within one pass no event
/// comes twice, the pages keep the promised order, and every event stored before the pass began is in it.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class PagingUnderIngestTests(ServersFixture servers, ITestOutputHelper output)
{
    private const int Seed = 31;
    private const int PageSize = 7;
    private const int StoredFirst = 100;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task No_event_comes_twice_within_a_pass_while_the_conversation_grows()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        await using var stack = await LookupIntegrationTests.CreateStackAsync(servers);
        var random = new Random(Seed);
        var events = LookupBenchmarks.Conversation().ToArray();
        random.Shuffle(events);
        var conversationId = JsonDocument.Parse(events[0]).RootElement.GetProperty("data").GetProperty("channel").GetProperty("conversationId").GetString()!;
        var stored = new ConcurrentDictionary<string, bool>();
        await DeliverAsync(stack, events[..StoredFirst], stored);

        // The rest arrives in small batches while the passes run; their timestamps fall before, among and after the
        // pages already read.
        var ingest = Task.Run(async () =>
        {
            foreach (var batch in events[StoredFirst..].Chunk(2))
            {
                await DeliverAsync(stack, batch, stored);
                await Task.Delay(random.Next(5, 20), deadline.Token);
            }
        }, deadline.Token);

        var passes = 0;
        var whileIngesting = 0;
        while (true)
        {
            var done = ingest.IsCompleted;
            var before = stored.Keys.ToHashSet(StringComparer.Ordinal);
            var seen = await PassAsync(stack, conversationId, deadline.Token);
            passes++;
            whileIngesting += done ? 0 : 1;

            Assert.Equal(seen.Count, seen.Distinct(StringComparer.Ordinal).Count());
            Assert.Subset(seen.ToHashSet(StringComparer.Ordinal), before);
            if (done)
            {
                Assert.Equal(events.Length, seen.Count);
                break;
            }
        }

        await ingest;
        output.WriteLine($"{passes} passes of {PageSize}-event pages, {whileIngesting} of them while {events.Length - StoredFirst} more events were ingested");
        Assert.True(whileIngesting > 0, "no pass ran while the conversation grew");
    }

    private static async Task DeliverAsync(Ingest.IngestStack stack, byte[][] batch, ConcurrentDictionary<string, bool> stored)
    {
        await stack.DeliverAsync(batch);
        foreach (var raw in batch)
        {
            stored[JsonDocument.Parse(raw).RootElement.GetProperty("id").GetString()!] = true;
        }
    }

    /// <summary>Pages through the conversation once, as a client with the API's continuation tokens would.</summary>
    private static async Task<List<string>> PassAsync(Ingest.IngestStack stack, string conversationId, CancellationToken cancellationToken)
    {
        var queries = stack.Get<IChannelEventQueries>();
        var tokens = stack.Get<ContinuationTokens>();
        var query = new EventQuery(EventScope.Conversation, conversationId, new EventFilter(), PageSize);
        var ids = new List<string>();
        (DateTimeOffset, string)? last = null;
        for (var pages = 0; pages < 1000; pages++)
        {
            var page = await queries.ReadEventsAsync(query, cancellationToken);
            foreach (var verbatim in page.Events)
            {
                using var parsed = JsonDocument.Parse(verbatim.Utf8);
                var cloudEvent = parsed.RootElement;
                var id = cloudEvent.GetProperty("id").GetString()!;
                var timestamp = cloudEvent.GetProperty("data").GetProperty("timestamp").GetDateTimeOffset();
                // By data.timestamp, then document id: never backwards within a pass.
                Assert.True(last is null || last.Value.Item1 <= timestamp, $"{id} comes after a later event");
                last = (timestamp, id);
                ids.Add(id);
            }

            if (page.ContinuationToken is not { } token)
            {
                return ids;
            }

            Assert.True(tokens.TryUnprotect(query.Fingerprint, token, out var storeToken, out var rule), rule);
            query = query with { StoreContinuation = storeToken };
        }

        throw new InvalidOperationException("more than 1,000 pages");
    }
}
