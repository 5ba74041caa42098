using System.Text.Json;
using System.Text.RegularExpressions;
using ChannelFunctions.Core.Lookups;
using ChannelFunctions.Core.Storage;

namespace ChannelFunctions.Tests.Lookups;

public sealed partial class CosmosQueryTextTests
{
    private static readonly DateTimeOffset From = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private static readonly EventQuery[] AllQueries =
    [
        new EventQuery(EventScope.Conversation, LookupTestSupport.ConversationId, new EventFilter(), 10),
        new EventQuery(EventScope.Conversation, LookupTestSupport.ConversationId, new EventFilter("channel.held.v1", LookupTestSupport.ChannelId, From, To), 10),
        new EventQuery(EventScope.Conversation, LookupTestSupport.ConversationId, new EventFilter("channel.held"), 10),
        new EventQuery(EventScope.Interaction, LookupTestSupport.InteractionId, new EventFilter(), 10),
        new EventQuery(EventScope.Interaction, LookupTestSupport.InteractionId, new EventFilter(From: From, To: To), 10),
        new EventQuery(EventScope.Agent, "1544", new EventFilter(From: From, To: To), 10),
    ];

    public static TheoryData<EventQuery> Queries() => [.. AllQueries];

    [Fact]
    public void Conversation_pages_are_single_partition_and_ordered_by_timestamp_then_id()
    {
        var (query, partitionKey) = CosmosChannelEventQueries.Build(
            new EventQuery(EventScope.Conversation, LookupTestSupport.ConversationId, new EventFilter("channel.held", LookupTestSupport.ChannelId, From, To), 10));

        Assert.Equal(
            "SELECT VALUE c.event FROM c WHERE STARTSWITH(c.event.type, @type) AND c.channelId = @channelId AND c.timestamp >= @from AND c.timestamp < @to ORDER BY c.timestamp, c.id",
            query.QueryText);
        Assert.Equal(
            [("@type", (object)"channel.held."), ("@channelId", LookupTestSupport.ChannelId), ("@from", "2026-03-01T00:00:00.0000000Z"), ("@to", "2026-03-02T00:00:00.0000000Z")],
            query.GetQueryParameters());
        Assert.Equal(new Microsoft.Azure.Cosmos.PartitionKey(LookupTestSupport.ConversationId), partitionKey);
    }

    [Fact]
    public void Interaction_and_agent_pages_are_cross_partition_on_their_promoted_field()
    {
        var (interaction, interactionKey) = CosmosChannelEventQueries.Build(new EventQuery(EventScope.Interaction, LookupTestSupport.InteractionId, new EventFilter(), 10));
        var (agent, agentKey) = CosmosChannelEventQueries.Build(new EventQuery(EventScope.Agent, "1544", new EventFilter(From: From, To: To), 10));

        Assert.Equal("SELECT VALUE c.event FROM c WHERE c.interactionId = @interactionId ORDER BY c.interactionId, c.timestamp, c.id", interaction.QueryText);
        Assert.Null(interactionKey);
        Assert.Equal("SELECT VALUE c.event FROM c WHERE c.event.data.channel.party.agentId = @agentId AND c.timestamp >= @from AND c.timestamp < @to ORDER BY c.event.data.channel.party.agentId, c.timestamp, c.id", agent.QueryText);
        Assert.Null(agentKey);
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void Values_only_travel_as_parameters(EventQuery query)
    {
        var (definition, _) = CosmosChannelEventQueries.Build(query);

        Assert.DoesNotContain(query.Key, definition.QueryText, StringComparison.Ordinal);
        Assert.DoesNotContain("'", definition.QueryText, StringComparison.Ordinal);
        Assert.DoesNotContain("\"", definition.QueryText, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void The_indexing_policy_has_every_filtered_path_and_the_composite_index_of_every_order(EventQuery query)
    {
        var (definition, _) = CosmosChannelEventQueries.Build(query);
        var (included, composites) = Policy();

        foreach (Match condition in Condition().Matches(definition.QueryText))
        {
            Assert.Contains($"/{condition.Groups[1].Value.Replace('.', '/')}/?", included);
        }

        var order = definition.QueryText[(definition.QueryText.IndexOf("ORDER BY ", StringComparison.Ordinal) + 9)..]
            .Split(", ").Select(path => "/" + path[2..].Replace('.', '/'));
        Assert.Contains(string.Join(",", order), composites);
    }

    [Fact]
    public void The_indexing_policy_indexes_only_what_the_queries_filter_or_sort_on()
    {
        var (included, composites) = Policy();
        var filtered = AllQueries.SelectMany(query => Condition().Matches(CosmosChannelEventQueries.Build(query).Query.QueryText))
            .Select(match => $"/{match.Groups[1].Value.Replace('.', '/')}/?")
            .Append("/channelId/?") // the channel lookup's cross-partition filter
            .ToHashSet();
        var ordered = AllQueries.Select(query => CosmosChannelEventQueries.OrderBy(query.Scope))
            .Select(order => string.Join(",", order.Split(", ").Select(path => "/" + path[2..].Replace('.', '/'))))
            .ToHashSet();

        Assert.Equal(filtered.Order(), included.Order());
        Assert.Equal(ordered.Order(), composites.Order());
        Assert.Equal(ChannelEventContainer.IndexingPolicyJson, File.ReadAllText(Path.Combine(
            EventGrid.BuildOutputTests.RepositoryRoot(), "src", "ChannelFunctions.Core", "Storage", "indexing-policy.json")));
    }

    private static (List<string> Included, List<string> Composites) Policy()
    {
        using var policy = JsonDocument.Parse(ChannelEventContainer.IndexingPolicyJson);
        var included = policy.RootElement.GetProperty("includedPaths").EnumerateArray().Select(p => p.GetProperty("path").GetString()!).ToList();
        var composites = policy.RootElement.GetProperty("compositeIndexes").EnumerateArray()
            .Select(index =>
            {
                Assert.All(index.EnumerateArray(), path => Assert.Equal("ascending", path.GetProperty("order").GetString()));
                return string.Join(",", index.EnumerateArray().Select(path => path.GetProperty("path").GetString()));
            })
            .ToList();
        return (included, composites);
    }

    [GeneratedRegex(@"c\.([\w.]+) (?:=|>=|<) @\w+")]
    private static partial Regex Condition();
}
