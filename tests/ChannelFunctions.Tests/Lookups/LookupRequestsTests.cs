using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Lookups;
using static ChannelFunctions.Tests.Lookups.LookupTestSupport;

namespace ChannelFunctions.Tests.Lookups;

public sealed class LookupRequestsTests
{
    private static readonly LookupRequests Requests = LookupTestSupport.Requests();

    private static void AssertError<T>(LookupRequest<T> request, string parameter, string rule)
        where T : class
    {
        Assert.False(request.IsValid);
        Assert.Null(request.Value);
        Assert.Contains(rule, Assert.Contains(parameter, request.Errors));
        Assert.Contains($"{parameter}: ", request.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Ids_are_guids_normalized_to_lower_case()
    {
        Assert.Equal(ConversationId, Requests.Conversation(ConversationId.ToUpperInvariant()).Value);
        Assert.Equal(ChannelId, Requests.Channel(ChannelId).Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("42")]
    [InlineData("3e71f453116a3abc7769bc678ef6e080")]
    [InlineData("{3e71f453-116a-3abc-7769-bc678ef6e080}")]
    [InlineData("3e71f453-116a-3abc-7769-bc678ef6e08g")]
    public void Ids_that_are_not_guids_are_refused(string id)
    {
        AssertError(Requests.Conversation(id), LookupParameters.ConversationId, ContractFormats.GuidRule);
        AssertError(Requests.Channel(id), LookupParameters.ChannelId, ContractFormats.GuidRule);
        AssertError(Requests.ConversationEvents(id, []), LookupParameters.ConversationId, ContractFormats.GuidRule);
        AssertError(Requests.InteractionEvents(id, []), LookupParameters.InteractionId, ContractFormats.GuidRule);
    }

    [Fact]
    public void Conversation_events_take_every_filter()
    {
        var request = Requests.ConversationEvents(ConversationId, Query(
            ("type", "channel.held"), ("channelId", ChannelId.ToUpperInvariant()), ("from", "2026-03-02T10:00:00+01:00"),
            ("to", "2026-03-02T09:30:00.123456789Z"), ("limit", "2"), ("code", "function-key"), ("unknown", "x")));

        var query = Assert.IsType<EventQuery>(request.Value);
        Assert.Equal(new EventQuery(EventScope.Conversation, ConversationId,
            new EventFilter("channel.held", ChannelId, new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero).AddTicks(1234567)), 2), query);
    }

    [Fact]
    public void The_default_page_is_100_events_without_filters()
    {
        var query = Requests.ConversationEvents(ConversationId, []).Value!;

        Assert.Equal((Paging.DefaultLimit, new EventFilter(), null), (query.Limit, query.Filter, query.StoreContinuation));
    }

    [Theory]
    [InlineData("channel.alerted.v0")]
    [InlineData("channel.ended.v1")]
    [InlineData("channel.ended")]
    public void Type_is_a_known_type_or_name(string type) =>
        Assert.Equal(type, Requests.ConversationEvents(ConversationId, Query(("type", type))).Value!.Filter.Type);

    [Theory]
    [InlineData("")]
    [InlineData("channel")]
    [InlineData("channel.alerted.v9")]
    [InlineData("agent.presencechanged.v0")]
    [InlineData("CHANNEL.ALERTED.V0")]
    public void Type_refuses_anything_else(string type) =>
        AssertError(Requests.ConversationEvents(ConversationId, Query(("type", type))), LookupParameters.Type, "must be a channel event type such as channel.held.v1, or a name such as channel.held for every version");

    [Fact]
    public void The_channel_filter_is_a_guid() =>
        AssertError(Requests.ConversationEvents(ConversationId, Query(("channelId", "abc"))), LookupParameters.ChannelId, ContractFormats.GuidRule);

    [Theory]
    [InlineData("from")]
    [InlineData("to")]
    public void Times_are_rfc3339(string name)
    {
        foreach (var bad in new[] { "yesterday", "2026-03-02", "2026-03-02T09:00:00", "2026-02-30T09:00:00Z", "" })
        {
            AssertError(Requests.ConversationEvents(ConversationId, Query((name, bad))), name, ContractFormats.TimeRule);
            AssertError(Requests.InteractionEvents(InteractionId, Query((name, bad))), name, ContractFormats.TimeRule);
        }
    }

    [Fact]
    public void From_must_not_be_after_to()
    {
        var window = Query(("from", "2026-03-02T10:00:00Z"), ("to", "2026-03-02T09:00:00Z"));

        AssertError(Requests.ConversationEvents(ConversationId, window), LookupParameters.From, "must not be after to");
        AssertError(Requests.InteractionEvents(InteractionId, window), LookupParameters.From, "must not be after to");
        AssertError(Requests.AgentEvents("1544", window), LookupParameters.From, "must not be after to");
        Assert.True(Requests.ConversationEvents(ConversationId, Query(("from", "2026-03-02T10:00:00Z"), ("to", "2026-03-02T10:00:00Z"))).IsValid);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("-5")]
    [InlineData("+5")]
    [InlineData("1.5")]
    [InlineData("ten")]
    [InlineData("")]
    [InlineData("99999999999999999999")]
    public void Limit_is_a_whole_number_from_1_to_1000(string limit) =>
        AssertError(Requests.ConversationEvents(ConversationId, Query(("limit", limit))), LookupParameters.Limit, "must be a whole number from 1 to 1000");

    [Theory]
    [InlineData("1", 1)]
    [InlineData("1000", 1000)]
    public void Limit_takes_the_bounds(string limit, int expected) =>
        Assert.Equal(expected, Requests.ConversationEvents(ConversationId, Query(("limit", limit))).Value!.Limit);

    [Fact]
    public void A_parameter_given_twice_is_refused() =>
        AssertError(Requests.ConversationEvents(ConversationId, Query(("limit", "5"), ("limit", "6"))), LookupParameters.Limit, "must be given at most once");

    [Fact]
    public void Every_broken_rule_is_reported_at_once()
    {
        var request = Requests.ConversationEvents("nope", Query(("limit", "0"), ("from", "x"), ("type", "y")));

        Assert.Equal(["conversationId", "from", "limit", "type"], request.Errors.Keys.Order());
    }

    [Fact]
    public void A_continuation_token_is_unwrapped_for_its_own_query_only()
    {
        var first = Requests.ConversationEvents(ConversationId, Query(("type", "channel.held"))).Value!;
        var token = Tokens().Protect(first.Fingerprint, "store-token");

        var next = Requests.ConversationEvents(ConversationId, Query(("type", "channel.held"), ("continuationToken", token), ("limit", "7")));
        Assert.Equal("store-token", next.Value!.StoreContinuation);
        Assert.Equal(7, next.Value.Limit);

        AssertError(Requests.ConversationEvents(ConversationId, Query(("type", "channel.ended"), ("continuationToken", token))),
            LookupParameters.ContinuationToken, ContinuationTokens.ForeignRule);
        AssertError(Requests.ConversationEvents("4e71f453-116a-3abc-7769-bc678ef6e080", Query(("type", "channel.held"), ("continuationToken", token))),
            LookupParameters.ContinuationToken, ContinuationTokens.ForeignRule);
        AssertError(Requests.InteractionEvents(ConversationId, Query(("type", "channel.held"), ("continuationToken", token))),
            LookupParameters.ContinuationToken, ContinuationTokens.ForeignRule);
        AssertError(Requests.ConversationEvents(ConversationId, Query(("continuationToken", "forged"))),
            LookupParameters.ContinuationToken, ContinuationTokens.NotIssuedRule);
    }

    [Fact]
    public void An_expired_continuation_token_is_a_broken_rule_of_its_parameter()
    {
        var first = Requests.ConversationEvents(ConversationId, []).Value!;
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-2));
        var token = Tokens(time: clock).Protect(first.Fingerprint, "store-token");

        AssertError(Requests.ConversationEvents(ConversationId, Query(("continuationToken", token))),
            LookupParameters.ContinuationToken, ContinuationTokens.ExpiredRule);
    }

    [Fact]
    public void Agent_events_need_a_bounded_window()
    {
        var request = Requests.AgentEvents("1544", []);

        AssertError(request, LookupParameters.From, "is required: this query needs a bounded time window");
        AssertError(request, LookupParameters.To, "is required: this query needs a bounded time window");
        AssertError(Requests.AgentEvents("1544", Query(("from", "2026-03-01T00:00:00Z"))), LookupParameters.To, "is required: this query needs a bounded time window");
    }

    [Fact]
    public void The_agent_window_is_at_most_the_configured_width()
    {
        var within = Requests.AgentEvents("1544", Query(("from", "2026-03-01T00:00:00Z"), ("to", "2026-04-01T00:00:00Z")));
        Assert.Equal(new EventQuery(EventScope.Agent, "1544",
            new EventFilter(From: new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), To: new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero)), 100), within.Value);

        AssertError(Requests.AgentEvents("1544", Query(("from", "2026-03-01T00:00:00Z"), ("to", "2026-04-01T00:00:00.001Z"))),
            LookupParameters.To, "must be at most 31 days after from");
        AssertError(LookupTestSupport.Requests(TimeSpan.FromHours(6)).AgentEvents("1544", Query(("from", "2026-03-01T00:00:00Z"), ("to", "2026-03-02T00:00:00Z"))),
            LookupParameters.To, "must be at most 06:00:00 after from");
    }

    [Theory]
    [InlineData("")]
    [InlineData("15\n44")]
    public void Agent_ids_are_short_printable_strings(string agentId) =>
        AssertError(Requests.AgentEvents(agentId, Query(("from", "2026-03-01T00:00:00Z"), ("to", "2026-03-02T00:00:00Z"))),
            LookupParameters.AgentId, "must be 1 to 128 characters without control characters");

    [Fact]
    public void Agent_ids_may_be_anything_printable_up_to_128_characters()
    {
        var window = Query(("from", "2026-03-01T00:00:00Z"), ("to", "2026-03-02T00:00:00Z"));

        Assert.True(Requests.AgentEvents(new string('7', 128), window).IsValid);
        Assert.False(Requests.AgentEvents(new string('7', 129), window).IsValid);
        Assert.True(Requests.AgentEvents("agent 'x' \"y\"", window).IsValid);
    }

    [Theory]
    [InlineData("channel.connected.v0")]
    [InlineData("channel.connected")]
    public void Agent_events_filter_by_type_or_name(string type)
    {
        var request = Requests.AgentEvents("1544", Query(("from", "2026-03-01T00:00:00Z"), ("to", "2026-03-02T00:00:00Z"), ("type", type)));

        Assert.Equal(type, request.Value!.Filter.Type);
    }

    [Fact]
    public void Agent_events_refuse_an_unknown_type_as_the_conversation_filter_does() =>
        AssertError(Requests.AgentEvents("1544", Query(("from", "2026-03-01T00:00:00Z"), ("to", "2026-03-02T00:00:00Z"), ("type", "channel.bogus"))),
            LookupParameters.Type, "must be a channel event type such as channel.held.v1, or a name such as channel.held for every version");
}
