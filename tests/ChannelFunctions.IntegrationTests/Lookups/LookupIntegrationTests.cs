using System.Text;
using System.Text.Json;
using ChannelFunctions.Core;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Documents;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Lookups;
using ChannelFunctions.Core.Storage;
using ChannelFunctions.Core.Timeline;
using ChannelFunctions.Core.Validation;
using ChannelFunctions.IntegrationTests.Ingest;
using ChannelFunctions.IntegrationTests.Servers;
using ChannelFunctions.Lookups;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Xunit.Abstractions;

namespace ChannelFunctions.IntegrationTests.Lookups;

/// <summary>
/// The lookup functions over events ingested by the real ingest path (validator, ingestor, Cosmos store) into the
/// Cosmos DB protocol server: paging, filters, the summary, the channel, and the cross-partition queries.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class LookupIntegrationTests(ServersFixture servers, ITestOutputHelper output)
{
    private const string Conversation1 = "3e71f453-116a-3abc-7769-bc678ef6e080";
    private const string Interaction1 = "1371f451-116a-4abc-8869-bc678ef67070";
    private const string Conversation2 = "9a71f453-116a-3abc-7769-bc678ef6e0ff";
    private const string Interaction2 = "9b71f451-116a-4abc-8869-bc678ef670ff";
    private static readonly ChannelEventValidator Validator = new();

    /// <summary>The ingest stack plus the lookups and their functions, with Debug logs collected.</summary>
    internal static Task<IngestStack> CreateStackAsync(ServersFixture servers, CosmosClient? client = null, Container? container = null) =>
        IngestStack.CreateAsync(servers, client, container, configure: (services, configuration) => services
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddFakeLogging())
            .AddChannelFunctionsLookups(configuration)
            .AddSingleton<LookupEndpoint>().AddSingleton<GetConversation>().AddSingleton<GetConversationEvents>().AddSingleton<GetChannel>()
            .AddSingleton<GetInteractionEvents>().AddSingleton<GetAgentEvents>());

    private static readonly ConversationScript First = ConversationScript.InboundCallWithTransfer(Conversation1, Interaction1);
    private static readonly ConversationScript Second = ConversationScript.InboundCallWithTransfer(Conversation2, Interaction2, First.Start.AddDays(1));

    /// <summary>A stack holding the scripts' events, ingested as <see cref="IngestAsync"/> does.</summary>
    private async Task<IngestStack> StackWithAsync(params ConversationScript[] scripts)
    {
        var stack = await CreateStackAsync(servers);
        await IngestAsync(stack, scripts);
        return stack;
    }

    /// <summary>Ingests the scripts' events in a shuffled order, in small batches, with some delivered twice.</summary>
    private static async Task IngestAsync(IngestStack stack, params ConversationScript[] scripts)
    {
        var random = new Random(7);
        var delivered = scripts.SelectMany(s => s.Events).ToList();
        delivered.AddRange(delivered.Where((_, i) => i % 5 == 0).ToList());
        var shuffled = delivered.ToArray();
        random.Shuffle(shuffled);
        foreach (var batch in shuffled.Chunk(7))
        {
            await stack.DeliverAsync(batch);
        }
    }

    private static List<ChannelEvent> Stored(ConversationScript script) =>
        [.. script.Events.Select(raw => Validator.Validate(raw).Event!)];

    /// <summary>The CloudEvents ids of events in the order the lookups promise: data.timestamp, then document id.</summary>
    private static List<string> ExpectedOrder(IEnumerable<ChannelEvent> events) =>
        [.. events.OrderBy(e => e.Timestamp).ThenBy(e => e.DocumentId, StringComparer.Ordinal).Select(e => e.EventId)];

    private static Task<HttpAnswer> CallAsync(IngestStack stack, string path, string query, Func<HttpRequest, Task<IResult>> run) =>
        CallAsync(HttpTestContext.Get(path, query), run);

    private static async Task<HttpAnswer> CallAsync(HttpRequest request, Func<HttpRequest, Task<IResult>> run) =>
        await (await run(request)).ExecuteAsync(request);

    /// <summary>Follows the pages of a paged endpoint by its continuation tokens, checking each Link header on the way.</summary>
    private static async Task<List<string>> PageThroughAsync(string path, string query, Func<HttpRequest, Task<IResult>> run)
    {
        var ids = new List<string>();
        var next = query;
        for (var pages = 0; pages < 100; pages++)
        {
            var answer = await CallAsync(HttpTestContext.Get(path, next), run);
            Assert.Equal(200, answer.Status);
            var body = answer.Json;
            ids.AddRange(body.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()!));
            if (body.GetProperty("continuationToken").GetString() is not { } token)
            {
                Assert.False(answer.Headers.ContainsKey("Link"));
                return ids;
            }

            var link = answer.Headers.Link.ToString();
            Assert.StartsWith($"<{path}?", link, StringComparison.Ordinal);
            Assert.EndsWith(">; rel=\"next\"", link, StringComparison.Ordinal);
            next = link[(path.Length + 1)..link.IndexOf('>', StringComparison.Ordinal)];
            Assert.Contains("continuationToken=" + Uri.EscapeDataString(token), next, StringComparison.Ordinal);
        }

        throw new InvalidOperationException("more than 100 pages");
    }

    private void ReportCharges(IngestStack stack)
    {
        foreach (var record in stack.Get<FakeLogCollector>().GetSnapshot().Where(r => r.Message.Contains(" RU ", StringComparison.Ordinal) && r.Message.StartsWith("Cosmos DB query", StringComparison.Ordinal)))
        {
            output.WriteLine($"{record.Level}: {record.Message}");
        }
    }

    [Fact]
    public async Task Paging_with_small_limits_returns_every_event_exactly_once_in_order()
    {
        await using var stack = await StackWithAsync(First);
        var script = First;
        var function = stack.Get<GetConversationEvents>();
        var path = $"/api/conversations/{Conversation1}/events";
        var expected = ExpectedOrder(Stored(script));

        foreach (var limit in new[] { 2, 3, 16, 1000 })
        {
            var ids = await PageThroughAsync(path, $"?limit={limit}", r => function.RunAsync(r, Conversation1, CancellationToken.None));
            Assert.Equal(expected, ids);
        }

        var charges = stack.Get<FakeLogCollector>().GetSnapshot()
            .Where(r => r.Level == LogLevel.Debug && r.Message.StartsWith("Cosmos DB query conversation-events", StringComparison.Ordinal)).ToList();
        Assert.Equal(8 + 6 + 1 + 1, charges.Count);
        ReportCharges(stack);
    }

    [Fact]
    public async Task Filters_narrow_the_conversation_events()
    {
        await using var stack = await StackWithAsync(First);
        var script = First;
        var function = stack.Get<GetConversationEvents>();
        var path = $"/api/conversations/{Conversation1}/events";
        var stored = Stored(script);
        var customer = ConversationScript.Customer(Interaction1).ChannelId;
        Task<List<string>> Read(string query) => PageThroughAsync(path, query, r => function.RunAsync(r, Conversation1, CancellationToken.None));

        Assert.Equal(ExpectedOrder(stored.Where(e => e.Type.StartsWith("channel.ended.", StringComparison.Ordinal))), await Read("?type=channel.ended&limit=2"));
        Assert.Equal(ExpectedOrder(stored.Where(e => e.Type == "channel.ended.v1")), await Read("?type=channel.ended.v1"));
        Assert.Equal(ExpectedOrder(stored.Where(e => e.ChannelId == customer)), await Read($"?channelId={customer}&limit=4"));
        var from = script.Start.AddSeconds(95);
        var to = script.Start.AddSeconds(241);
        Assert.Equal(
            ExpectedOrder(stored.Where(e => e.Timestamp >= from && e.Timestamp < to)),
            await Read("?from=2026-03-02T09:01:35Z&to=2026-03-02T09:04:01Z&limit=3"));
    }

    [Fact]
    public async Task The_summary_over_cosmos_is_the_summary_of_the_unit_path()
    {
        await using var stack = await StackWithAsync(First, Second);
        var script = First;
        var function = stack.Get<GetConversation>();

        var answer = await CallAsync(stack, $"/api/conversations/{Conversation1}", "", r => function.RunAsync(r, Conversation1, CancellationToken.None));

        Assert.Equal(200, answer.Status);
        var unitPath = JsonSerializer.Serialize(ConversationTimeline.Build(Stored(script)), LookupJson.Options);
        Assert.Equal(unitPath, answer.Body);
        Assert.Equal(16, answer.Json.GetProperty("eventCount").GetInt32());
        output.WriteLine(answer.Body);
        ReportCharges(stack);
    }

    [Fact]
    public async Task A_channel_is_found_across_partitions_and_read_from_its_own()
    {
        await using var stack = await StackWithAsync(First);
        var script = First;
        var agent = ConversationScript.FirstAgent(Interaction1).ChannelId;
        var function = stack.Get<GetChannel>();

        var answer = await CallAsync(stack, $"/api/channels/{agent}", "", r => function.RunAsync(r, agent, CancellationToken.None));

        Assert.Equal(200, answer.Status);
        Assert.Equal(Conversation1, answer.Json.GetProperty("conversationId").GetString());
        var unitPath = ConversationTimeline.Build(Stored(script))!.Channels.Single(c => c.ChannelId == agent);
        Assert.Equal(JsonSerializer.Serialize(unitPath, LookupJson.Options), answer.Json.GetProperty("channel").GetRawText());
        Assert.Equal(
            ExpectedOrder(Stored(script).Where(e => e.ChannelId == agent)),
            answer.Json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()!));

        Assert.False(answer.Json.GetProperty("eventsTruncated").GetBoolean());

        var missing = "00000000-0000-0000-0000-0000000000aa";
        Assert.Equal(404, (await CallAsync(stack, $"/api/channels/{missing}", "", r => function.RunAsync(r, missing, CancellationToken.None))).Status);
        ReportCharges(stack);
    }

    [Fact]
    public async Task A_channel_answer_holds_its_earliest_events_up_to_the_byte_bound_and_the_phases_of_all()
    {
        const int bound = 2048;
        await using var stack = await IngestStack.CreateAsync(servers, configure: (services, configuration) => services
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddFakeLogging())
            .AddChannelFunctionsLookups(configuration)
            .Configure<LookupOptions>(options => options.MaxChannelEventBytes = bound)
            .AddSingleton<LookupEndpoint>().AddSingleton<GetChannel>());
        await IngestAsync(stack, First);
        var agent = ConversationScript.FirstAgent(Interaction1).ChannelId;
        var all = ExpectedOrder(Stored(First).Where(e => e.ChannelId == agent));
        var function = stack.Get<GetChannel>();

        var answer = await CallAsync(stack, $"/api/channels/{agent}", "", r => function.RunAsync(r, agent, CancellationToken.None));

        Assert.Equal(200, answer.Status);
        var events = answer.Json.GetProperty("events").EnumerateArray().ToList();
        Assert.InRange(events.Count, 1, all.Count - 1);
        Assert.Equal(all.Take(events.Count), events.Select(e => e.GetProperty("id").GetString()!));
        Assert.InRange(events.Sum(e => Encoding.UTF8.GetByteCount(e.GetRawText())), 1, bound);
        Assert.True(answer.Json.GetProperty("eventsTruncated").GetBoolean());
        Assert.Equal($"/api/conversations/{Conversation1}/events?channelId={agent}", answer.Json.GetProperty("moreEvents").GetString());
        var unitPath = ConversationTimeline.Build(Stored(First))!.Channels.Single(c => c.ChannelId == agent);
        Assert.Equal(JsonSerializer.Serialize(unitPath, LookupJson.Options), answer.Json.GetProperty("channel").GetRawText());
    }

    [Fact]
    public async Task Interaction_and_agent_queries_cross_partitions_and_keep_to_their_key_and_window()
    {
        await using var stack = await StackWithAsync(First, Second);
        var (first, second) = (First, Second);
        var interactions = stack.Get<GetInteractionEvents>();
        var agents = stack.Get<GetAgentEvents>();
        var all = Stored(first).Concat(Stored(second)).ToList();

        foreach (var interaction in new[] { Interaction1, Interaction2 })
        {
            var ids = await PageThroughAsync($"/api/interactions/{interaction}/events", "?limit=3",
                r => interactions.RunAsync(r, interaction, CancellationToken.None));
            Assert.Equal(ExpectedOrder(all.Where(e => e.InteractionId == interaction)), ids);
        }

        var bothDays = await PageThroughAsync("/api/agents/1544/events", "?from=2026-03-02T00:00:00Z&to=2026-03-04T00:00:00Z&limit=2",
            r => agents.RunAsync(r, "1544", CancellationToken.None));
        Assert.Equal(ExpectedOrder(all.Where(e => e.AgentId == "1544")), bothDays);
        Assert.Equal(10, bothDays.Count);

        var firstDay = await PageThroughAsync("/api/agents/1544/events", "?from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z&limit=4",
            r => agents.RunAsync(r, "1544", CancellationToken.None));
        Assert.Equal(ExpectedOrder(Stored(first).Where(e => e.AgentId == "1544")), firstDay);
        ReportCharges(stack);
    }

    [Fact]
    public async Task A_token_of_one_conversation_is_refused_by_another_and_an_unknown_conversation_is_not_found()
    {
        await using var stack = await StackWithAsync(First, Second);
        var events = stack.Get<GetConversationEvents>();
        var page = await CallAsync(stack, $"/api/conversations/{Conversation1}/events", "?limit=2", r => events.RunAsync(r, Conversation1, CancellationToken.None));
        var token = Uri.EscapeDataString(page.Json.GetProperty("continuationToken").GetString()!);

        var foreign = await CallAsync(stack, $"/api/conversations/{Conversation2}/events", $"?limit=2&continuationToken={token}",
            r => events.RunAsync(r, Conversation2, CancellationToken.None));

        Assert.Equal(400, foreign.Status);
        Assert.Equal(ContinuationTokens.ForeignRule, foreign.Json.GetProperty("errors").GetProperty("continuationToken")[0].GetString());
        var unknown = "00000000-0000-0000-0000-0000000000bb";
        var summary = stack.Get<GetConversation>();
        Assert.Equal(404, (await CallAsync(stack, $"/api/conversations/{unknown}", "", r => summary.RunAsync(r, unknown, CancellationToken.None))).Status);
    }

    [Fact]
    public async Task A_stopped_store_answers_503_with_retry_after()
    {
        await using var cosmos = await CosmosProtocolServer.StartLocalAsync();
        using var client = cosmos.CreateClient(o => o.RequestTimeout = TimeSpan.FromSeconds(5));
        var database = (await client.CreateDatabaseAsync("lookup-outage")).Database;
        var container = (await database.CreateContainerAsync(ChannelEventContainer.Properties("events"))).Container;
        await using var stack = await CreateStackAsync(servers, client, container);
        await IngestAsync(stack, First);
        var summary = stack.Get<GetConversation>();
        var events = stack.Get<GetConversationEvents>();
        Assert.Equal(200, (await CallAsync(stack, $"/api/conversations/{Conversation1}", "", r => summary.RunAsync(r, Conversation1, CancellationToken.None))).Status);
        await cosmos.DisposeAsync();

        foreach (var answer in new[]
                 {
                     await CallAsync(stack, $"/api/conversations/{Conversation1}", "", r => summary.RunAsync(r, Conversation1, CancellationToken.None)),
                     await CallAsync(stack, $"/api/conversations/{Conversation1}/events", "?limit=2", r => events.RunAsync(r, Conversation1, CancellationToken.None)),
                 })
        {
            Assert.Equal(503, answer.Status);
            Assert.Equal("application/problem+json", answer.ContentType);
            Assert.Equal("5", answer.Headers.RetryAfter.ToString());
        }
    }
}
