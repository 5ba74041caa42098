using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Documents;
using ChannelFunctions.Core.Lookups;
using ChannelFunctions.Lookups;
using ChannelFunctions.Tests.Lookups;
using ChannelFunctions.Tests.Timeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using static ChannelFunctions.Tests.Lookups.LookupTestSupport;

namespace ChannelFunctions.Tests.Functions;

public sealed class LookupFunctionsTests
{
    private const string Window = "?from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z";
    private readonly Mock<IChannelEventQueries> _queries = new(MockBehavior.Strict);
    private readonly LookupRequests _requests = Requests();
    private readonly ConversationScript _script = ConversationScript.InboundCallWithTransfer();

    private List<ChannelEvent> Stored => ConversationTimelineTests.Stored(_script);

    private List<JsonElement> CloudEvents => [.. _script.Events.Select(raw => JsonDocument.Parse(raw).RootElement)];

    /// <summary>Stored events as the queries hand them over: their bytes, for the answer to write as they are.</summary>
    private static List<VerbatimJson> Verbatim(IEnumerable<JsonElement> events) =>
        [.. events.Select(e => new VerbatimJson(JsonMarshal.GetRawUtf8Value(e).ToArray()))];

    private LookupEndpoint Endpoint => new(_requests, _queries.Object, NullLogger<LookupEndpoint>.Instance);

    /// <summary>Calls a function with a real request for <paramref name="path"/>, its route value set as the worker sets it.</summary>
    private static async Task<HttpAnswer> CallAsync(string path, string query, (string Name, string Value) route, Func<HttpRequest, Task<IResult>> run)
    {
        var request = HttpTestContext.Get(path, query, new Dictionary<string, string> { [route.Name] = route.Value });
        return await (await run(request)).ExecuteAsync(request);
    }

    private Task<HttpAnswer> GetConversation(string id, string query = "", string? accept = null) =>
        CallAsync($"/api/conversations/{id}", query, ("conversationId", id), r =>
        {
            if (accept is not null)
            {
                r.Headers.Accept = accept;
            }

            return new GetConversation(Endpoint).RunAsync(r, id, CancellationToken.None);
        });

    private Task<HttpAnswer> GetConversationEvents(string id, string query = "") =>
        CallAsync($"/api/conversations/{id}/events", query, ("conversationId", id),
            r => new GetConversationEvents(Endpoint).RunAsync(r, id, CancellationToken.None));

    private Task<HttpAnswer> GetChannel(string id) =>
        CallAsync($"/api/channels/{id}", "", ("channelId", id),
            r => new GetChannel(Endpoint).RunAsync(r, id, CancellationToken.None));

    private Task<HttpAnswer> GetInteractionEvents(string id, string query = "") =>
        CallAsync($"/api/interactions/{id}/events", query, ("interactionId", id),
            r => new GetInteractionEvents(Endpoint).RunAsync(r, id, CancellationToken.None));

    private Task<HttpAnswer> GetAgentEvents(string id, string query = "") =>
        CallAsync($"/api/agents/{Uri.EscapeDataString(id)}/events", query, ("agentId", id),
            r => new GetAgentEvents(Endpoint).RunAsync(r, id, CancellationToken.None));

    private void StoreFails(Exception failure)
    {
        _queries.Setup(q => q.ReadConversationAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(failure);
        _queries.Setup(q => q.ReadChannelAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(failure);
        _queries.Setup(q => q.ReadEventsAsync(It.IsAny<EventQuery>(), It.IsAny<CancellationToken>())).ThrowsAsync(failure);
    }

    private void PageIs(EventScope scope, string key, EventPage page) =>
        _queries.Setup(q => q.ReadEventsAsync(It.Is<EventQuery>(e => e.Scope == scope && e.Key == key), It.IsAny<CancellationToken>())).ReturnsAsync(page);

    private static void AssertProblem(HttpAnswer answer, int status, string title)
    {
        Assert.Equal(status, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        var problem = answer.Json;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Equal(title, problem.GetProperty("title").GetString());
        var section = status switch { 400 => "15.5.1", 404 => "15.5.5", _ => "15.6.4" };
        Assert.Equal($"https://tools.ietf.org/html/rfc9110#section-{section}", problem.GetProperty("type").GetString());
        Assert.True(problem.TryGetProperty("traceId", out _), "IProblemDetailsService adds the trace id");
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    private static void AssertBadRequest(HttpAnswer answer, string parameter, string rule)
    {
        AssertProblem(answer, 400, "The request's parameters are not valid.");
        var errors = answer.Json.GetProperty("errors");
        Assert.Contains(rule, errors.GetProperty(parameter).EnumerateArray().Select(e => e.GetString()));
        Assert.Contains($"{parameter}: {rule}", answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    // ---- GET /api/conversations/{conversationId}

    [Fact]
    public async Task The_conversation_summary_is_its_timeline_as_camel_case_json()
    {
        _queries.Setup(q => q.ReadConversationAsync(ConversationId, It.IsAny<CancellationToken>())).ReturnsAsync(new TimelineEvents(Stored, false));

        var answer = await GetConversation(ConversationId.ToUpperInvariant());

        Assert.Equal(200, answer.Status);
        Assert.Equal("application/json; charset=utf-8", answer.ContentType);
        var summary = answer.Json;
        Assert.Equal(ConversationId, summary.GetProperty("conversationId").GetString());
        Assert.Equal(16, summary.GetProperty("eventCount").GetInt32());
        Assert.Equal("2026-03-02T09:00:00Z", summary.GetProperty("firstTimestamp").GetString());
        Assert.Equal("2026-03-02T09:08:00Z", summary.GetProperty("lastTimestamp").GetString());
        Assert.False(summary.GetProperty("truncated").GetBoolean());
        var customer = summary.GetProperty("channels")[0];
        Assert.Equal("external", customer.GetProperty("party").GetProperty("role").GetString());
        var alerting = customer.GetProperty("phases")[0];
        Assert.Equal(("alerting", 0d), (alerting.GetProperty("phase").GetString(), alerting.GetProperty("durationMs").GetDouble()));
        Assert.Equal(("ended", "released"), (customer.GetProperty("ending").GetProperty("outcome").GetString(), customer.GetProperty("ending").GetProperty("reason").GetString()));
        var agent = summary.GetProperty("channels")[1];
        Assert.Equal("1544", agent.GetProperty("party").GetProperty("agentId").GetString());
        Assert.Equal(["alerting", "connected", "wrap"], agent.GetProperty("phases").EnumerateArray().Select(p => p.GetProperty("phase").GetString()));
        Assert.Equal(162750, agent.GetProperty("phases")[1].GetProperty("durationMs").GetDouble());
        Assert.Equal(3, summary.GetProperty("interactions")[0].GetProperty("channelIds").GetArrayLength());
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8")]
    [InlineData("application/json;q=0.5, text/html")]
    public async Task The_conversation_is_its_timeline_page_for_a_client_that_prefers_html(string accept)
    {
        _queries.Setup(q => q.ReadConversationAsync(ConversationId, It.IsAny<CancellationToken>())).ReturnsAsync(new TimelineEvents(Stored, false));

        var page = await GetConversation(ConversationId, accept: accept);
        var json = await GetConversation(ConversationId);

        Assert.Equal(200, page.Status);
        Assert.Equal("text/html; charset=utf-8", page.ContentType);
        var lanes = ConversationTimelinePageTests.ReadPage(page.Body).Lanes;
        Assert.Equal(ConversationTimelinePageTests.ReadJson(json.Body).Select(l => l.ToString()), lanes.Select(l => l.ToString()));
        Assert.Equal(3, lanes.Count);
    }

    [Theory]
    [InlineData("*/*")]
    [InlineData("application/json")]
    [InlineData("application/json, text/html")]
    [InlineData("text/html;q=0.5, application/*")]
    [InlineData("text/plain")]
    public async Task The_conversation_stays_json_unless_html_is_preferred(string accept)
    {
        _queries.Setup(q => q.ReadConversationAsync(ConversationId, It.IsAny<CancellationToken>())).ReturnsAsync(new TimelineEvents(Stored, false));

        var answer = await GetConversation(ConversationId, accept: accept);

        Assert.Equal("application/json; charset=utf-8", answer.ContentType);
        Assert.Equal(ConversationId, answer.Json.GetProperty("conversationId").GetString());
    }

    [Fact]
    public async Task A_truncated_conversation_says_so()
    {
        _queries.Setup(q => q.ReadConversationAsync(ConversationId, It.IsAny<CancellationToken>())).ReturnsAsync(new TimelineEvents(Stored, true));

        Assert.True((await GetConversation(ConversationId)).Json.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task A_conversation_without_events_is_not_found()
    {
        _queries.Setup(q => q.ReadConversationAsync(ConversationId, It.IsAny<CancellationToken>())).ReturnsAsync(new TimelineEvents([], false));

        var answer = await GetConversation(ConversationId);

        AssertProblem(answer, 404, "Conversation not found.");
        Assert.Contains(ConversationId, answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("3e71f453116a3abc7769bc678ef6e080")]
    public async Task A_conversation_id_must_be_a_guid(string id) =>
        AssertBadRequest(await GetConversation(id), "conversationId", "must be a GUID like 3e71f453-116a-3abc-7769-bc678ef6e080");

    // ---- GET /api/conversations/{conversationId}/events

    [Fact]
    public async Task Conversation_events_come_verbatim_with_a_next_link()
    {
        var events = CloudEvents.Take(2).ToList();
        _queries.Setup(q => q.ReadEventsAsync(
                new EventQuery(EventScope.Conversation, ConversationId, new EventFilter("channel.alerted", ChannelId, null, null), 2), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new EventPage(Verbatim(events), "next-token"));

        var answer = await GetConversationEvents(ConversationId, $"?type=channel.alerted&channelId={ChannelId}&limit=2&code=secret");

        Assert.Equal(200, answer.Status);
        Assert.Equal(2, answer.Json.GetProperty("events").GetArrayLength());
        Assert.True(JsonElement.DeepEquals(events[0], answer.Json.GetProperty("events")[0]));
        Assert.Contains("\"datacontenttype\":\"application/json\"", answer.Body, StringComparison.Ordinal);
        Assert.Equal("next-token", answer.Json.GetProperty("continuationToken").GetString());
        Assert.Equal(
            $"</api/conversations/{ConversationId}/events?type=channel.alerted&channelId={ChannelId}&limit=2&continuationToken=next-token>; rel=\"next\"",
            answer.Headers.Link.ToString());
    }

    [Fact]
    public async Task The_last_page_has_no_token_and_no_link()
    {
        PageIs(EventScope.Conversation, ConversationId, new EventPage([], null));

        var answer = await GetConversationEvents(ConversationId);

        Assert.Equal(200, answer.Status);
        Assert.Equal(JsonValueKind.Null, answer.Json.GetProperty("continuationToken").ValueKind);
        Assert.Empty(answer.Json.GetProperty("events").EnumerateArray());
        Assert.False(answer.Headers.ContainsKey("Link"));
    }

    [Fact]
    public async Task A_continuation_token_reaches_the_store_unwrapped_and_the_link_replaces_it()
    {
        var query = new EventQuery(EventScope.Conversation, ConversationId, new EventFilter(), 3);
        var token = Tokens().Protect(query.Fingerprint, "store-continuation");
        var continued = query with { StoreContinuation = "store-continuation" };
        _queries.Setup(q => q.ReadEventsAsync(continued, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new EventPage(Verbatim(CloudEvents.Skip(3).Take(3)), "token-3"));

        var answer = await GetConversationEvents(ConversationId, $"?limit=3&continuationToken={Uri.EscapeDataString(token)}");

        Assert.Equal(200, answer.Status);
        Assert.Equal($"</api/conversations/{ConversationId}/events?limit=3&continuationToken=token-3>; rel=\"next\"", answer.Headers.Link.ToString());
    }

    public static TheoryData<string, string, string> ConversationEventsBadInput() => new()
    {
        { "?type=channel.unknown.v0", "type", "must be a channel event type such as channel.held.v1, or a name such as channel.held for every version" },
        { "?channelId=abc", "channelId", "must be a GUID like 3e71f453-116a-3abc-7769-bc678ef6e080" },
        { "?from=yesterday", "from", "must be an RFC 3339 date-time, for example 2022-08-30T14:34:36.088Z" },
        { "?to=2026-03-02", "to", "must be an RFC 3339 date-time, for example 2022-08-30T14:34:36.088Z" },
        { "?from=2026-03-02T10:00:00Z&to=2026-03-02T09:00:00Z", "from", "must not be after to" },
        { "?limit=0", "limit", "must be a whole number from 1 to 1000" },
        { "?limit=1001", "limit", "must be a whole number from 1 to 1000" },
        { "?limit=abc", "limit", "must be a whole number from 1 to 1000" },
        { "?limit=1&limit=2", "limit", "must be given at most once" },
        { "?continuationToken=forged", "continuationToken", ContinuationTokens.NotIssuedRule },
    };

    [Theory]
    [MemberData(nameof(ConversationEventsBadInput))]
    public async Task Conversation_events_refuse_bad_input(string query, string parameter, string rule) =>
        AssertBadRequest(await GetConversationEvents(ConversationId, query), parameter, rule);

    [Fact]
    public async Task Conversation_events_refuse_a_bad_id() =>
        AssertBadRequest(await GetConversationEvents("x"), "conversationId", "must be a GUID like 3e71f453-116a-3abc-7769-bc678ef6e080");

    [Fact]
    public async Task A_token_from_another_conversation_or_filter_is_refused()
    {
        var other = new EventQuery(EventScope.Conversation, "4e71f453-116a-3abc-7769-bc678ef6e080", new EventFilter(), 3);
        var foreign = Uri.EscapeDataString(Tokens().Protect(other.Fingerprint, "store-continuation"));
        var filtered = Uri.EscapeDataString(Tokens().Protect(new EventQuery(EventScope.Conversation, ConversationId, new EventFilter("channel.held"), 3).Fingerprint, "c"));

        AssertBadRequest(await GetConversationEvents(ConversationId, $"?continuationToken={foreign}"), "continuationToken", ContinuationTokens.ForeignRule);
        AssertBadRequest(await GetConversationEvents(ConversationId, $"?type=channel.ended&continuationToken={filtered}"), "continuationToken", ContinuationTokens.ForeignRule);
    }

    [Fact]
    public async Task A_continuation_the_store_refuses_is_a_bad_request()
    {
        StoreFails(new InvalidContinuationException("refused"));

        AssertBadRequest(await GetConversationEvents(ConversationId), "continuationToken", ContinuationTokens.NotIssuedRule);
    }

    // ---- GET /api/channels/{channelId}

    [Fact]
    public async Task A_channel_answers_its_phases_and_events()
    {
        var customer = Stored.Where(e => e.ChannelId == ChannelId).ToList();
        var raw = CloudEvents.Where(e => e.GetProperty("subject").GetString() == ChannelId).ToList();
        _queries.Setup(q => q.ReadChannelAsync(ChannelId, It.IsAny<CancellationToken>())).ReturnsAsync(new ChannelEvents(ConversationId, customer, Verbatim(raw), false));

        var answer = await GetChannel(ChannelId);

        Assert.Equal(200, answer.Status);
        Assert.Equal(ConversationId, answer.Json.GetProperty("conversationId").GetString());
        var channel = answer.Json.GetProperty("channel");
        Assert.Equal(ChannelId, channel.GetProperty("channelId").GetString());
        Assert.Equal(["alerting", "connected", "held", "connected"], channel.GetProperty("phases").EnumerateArray().Select(p => p.GetProperty("phase").GetString()));
        Assert.Equal(6, answer.Json.GetProperty("events").GetArrayLength());
        Assert.True(JsonElement.DeepEquals(raw[2], answer.Json.GetProperty("events")[2]));
        Assert.False(answer.Json.GetProperty("eventsTruncated").GetBoolean());
        Assert.Equal(JsonValueKind.Null, answer.Json.GetProperty("moreEvents").ValueKind);
    }

    [Fact]
    public async Task A_channel_whose_events_passed_the_byte_bound_says_so_and_where_the_rest_are()
    {
        var customer = Stored.Where(e => e.ChannelId == ChannelId).ToList();
        var raw = CloudEvents.Where(e => e.GetProperty("subject").GetString() == ChannelId).Take(2).ToList();
        _queries.Setup(q => q.ReadChannelAsync(ChannelId, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ChannelEvents(ConversationId, customer, Verbatim(raw), Truncated: false, EventsTruncated: true));

        var answer = await GetChannel(ChannelId);

        Assert.Equal(200, answer.Status);
        Assert.Equal(4, answer.Json.GetProperty("channel").GetProperty("phases").GetArrayLength());
        Assert.Equal(2, answer.Json.GetProperty("events").GetArrayLength());
        Assert.True(answer.Json.GetProperty("eventsTruncated").GetBoolean());
        Assert.Equal($"/api/conversations/{ConversationId}/events?channelId={ChannelId}", answer.Json.GetProperty("moreEvents").GetString());
    }

    [Fact]
    public async Task An_unknown_channel_is_not_found()
    {
        _queries.Setup(q => q.ReadChannelAsync(ChannelId, It.IsAny<CancellationToken>())).ReturnsAsync((ChannelEvents?)null);

        AssertProblem(await GetChannel(ChannelId), 404, "Channel not found.");
    }

    [Fact]
    public async Task A_channel_id_must_be_a_guid() =>
        AssertBadRequest(await GetChannel("740109c1"), "channelId", "must be a GUID like 3e71f453-116a-3abc-7769-bc678ef6e080");

    // ---- GET /api/interactions/{interactionId}/events

    [Fact]
    public async Task Interaction_events_are_paged()
    {
        PageIs(EventScope.Interaction, InteractionId, new EventPage(Verbatim(CloudEvents.Take(5)), "t"));

        var answer = await GetInteractionEvents(InteractionId, "?limit=5&from=2026-03-02T09:00:00Z");

        Assert.Equal(200, answer.Status);
        Assert.Equal(5, answer.Json.GetProperty("events").GetArrayLength());
        Assert.Equal($"</api/interactions/{InteractionId}/events?limit=5&from=2026-03-02T09%3A00%3A00Z&continuationToken=t>; rel=\"next\"", answer.Headers.Link.ToString());
    }

    public static TheoryData<string, string, string, string> InteractionEventsBadInput() => new()
    {
        { "nope", "", "interactionId", "must be a GUID like 3e71f453-116a-3abc-7769-bc678ef6e080" },
        { InteractionId, "?from=x", "from", "must be an RFC 3339 date-time, for example 2022-08-30T14:34:36.088Z" },
        { InteractionId, "?from=2026-03-03T00:00:00Z&to=2026-03-02T00:00:00Z", "from", "must not be after to" },
        { InteractionId, "?limit=-1", "limit", "must be a whole number from 1 to 1000" },
        { InteractionId, "?continuationToken=abc.def", "continuationToken", ContinuationTokens.NotIssuedRule },
    };

    [Theory]
    [MemberData(nameof(InteractionEventsBadInput))]
    public async Task Interaction_events_refuse_bad_input(string id, string query, string parameter, string rule) =>
        AssertBadRequest(await GetInteractionEvents(id, query), parameter, rule);

    // ---- GET /api/agents/{agentId}/events

    [Fact]
    public async Task Agent_events_within_the_window_are_paged()
    {
        PageIs(EventScope.Agent, "1544", new EventPage(Verbatim(CloudEvents.Take(1)), null));

        var answer = await GetAgentEvents("1544", Window + "&limit=1");

        Assert.Equal(200, answer.Status);
        Assert.Equal(1, answer.Json.GetProperty("events").GetArrayLength());
        var expected = new EventQuery(EventScope.Agent, "1544",
            new EventFilter(From: new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), To: new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero)), 1);
        _queries.Verify(q => q.ReadEventsAsync(expected, It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task Agent_events_filter_by_type()
    {
        PageIs(EventScope.Agent, "1544", new EventPage(Verbatim(CloudEvents.Take(1)), null));

        var answer = await GetAgentEvents("1544", Window + "&type=channel.connected.v0");

        Assert.Equal(200, answer.Status);
        _queries.Verify(q => q.ReadEventsAsync(It.Is<EventQuery>(query => query.Filter.Type == "channel.connected.v0"), It.IsAny<CancellationToken>()));
    }

    public static TheoryData<string, string, string, string> AgentEventsBadInput() => new()
    {
        { "1544", "", "from", "is required: this query needs a bounded time window" },
        { "1544", "?from=2026-03-01T00:00:00Z", "to", "is required: this query needs a bounded time window" },
        { "1544", "?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z", "to", "must be at most 31 days after from" },
        { "1544", "?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "from", "must not be after to" },
        { "1544", "?from=2026-03-01&to=2026-03-02", "from", "must be an RFC 3339 date-time, for example 2022-08-30T14:34:36.088Z" },
        { "1544", Window + "&limit=5000", "limit", "must be a whole number from 1 to 1000" },
        { "1544", Window + "&continuationToken=x.y", "continuationToken", ContinuationTokens.NotIssuedRule },
        { "1544", Window + "&type=channel.bogus", "type", "must be a channel event type such as channel.held.v1, or a name such as channel.held for every version" },
        { new string('9', 129), Window, "agentId", "must be 1 to 128 characters without control characters" },
    };

    [Theory]
    [MemberData(nameof(AgentEventsBadInput))]
    public async Task Agent_events_refuse_bad_input(string agentId, string query, string parameter, string rule) =>
        AssertBadRequest(await GetAgentEvents(agentId, query), parameter, rule);

    // ---- store outages: 503 with Retry-After on every endpoint

    public static TheoryData<Exception, string> Outages() => new()
    {
        { new ThrottledException(), "1" },
        { new CosmosException("unavailable", HttpStatusCode.ServiceUnavailable, 0, "activity", 0), "5" },
        { new CosmosException("timeout", HttpStatusCode.RequestTimeout, 0, "activity", 0), "5" },
        { new CosmosException("gone", HttpStatusCode.NotFound, 0, "activity", 0), "5" },
        { new HttpRequestException("connection refused"), "5" },
        { new TimeoutException("no answer"), "5" },
        { new TaskCanceledException("the SDK gave up"), "5" },
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public async Task A_store_outage_is_503_with_retry_after_on_every_endpoint(Exception failure, string retryAfter)
    {
        StoreFails(failure);

        foreach (var answer in new[]
                 {
                     await GetConversation(ConversationId), await GetConversationEvents(ConversationId), await GetChannel(ChannelId),
                     await GetInteractionEvents(InteractionId), await GetAgentEvents("1544", Window),
                 })
        {
            AssertProblem(answer, 503, "The event store is unavailable.");
            Assert.Equal(retryAfter, answer.Headers.RetryAfter.ToString());
        }
    }

    [Fact]
    public async Task A_cosmos_bad_request_is_a_bug_not_an_outage()
    {
        StoreFails(new CosmosException("syntax", HttpStatusCode.BadRequest, 0, "activity", 0));

        await Assert.ThrowsAsync<CosmosException>(() => GetConversation(ConversationId));
    }

    [Fact]
    public async Task A_client_that_leaves_is_not_an_outage()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        StoreFails(new OperationCanceledException(cancelled.Token));
        var request = HttpTestContext.Get($"/api/conversations/{ConversationId}");

        await Assert.ThrowsAsync<OperationCanceledException>(() =>
            new GetConversation(Endpoint).RunAsync(request, ConversationId, cancelled.Token));
    }

    /// <summary>A 429 whose store asks for a retry after 800 ms, which rounds up to 1 s.</summary>
    private sealed class ThrottledException() : CosmosException("throttled", (HttpStatusCode)429, 3200, "activity", 0)
    {
        public override TimeSpan? RetryAfter => TimeSpan.FromMilliseconds(800);
    }
}
