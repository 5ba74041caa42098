using System.Net;
using System.Text.Json;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Documents;
using ChannelFunctions.Core.Storage;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Fields = ChannelFunctions.Core.Documents.ChannelEventDocument.Fields;

namespace ChannelFunctions.Core.Lookups;

/// <summary>
/// The lookups over Cosmos DB, with the stream API and parameterized queries only. Conversation and channel
/// reads are single-partition (<see cref="PartitionKey"/> set); interaction and agent reads are cross-partition on
/// their keys, each with the composite index of its ORDER BY in <c>Storage/indexing-policy.json</c>.
/// Every query orders by <c>timestamp</c> then <c>id</c>, so pages never skip or repeat an event, and logs its
/// request charge at Debug level.
/// </summary>
public sealed partial class CosmosChannelEventQueries(
    ChannelEventContainer container,
    ContinuationTokens tokens,
    IOptions<LookupOptions> options,
    ILogger<CosmosChannelEventQueries> logger) : IChannelEventQueries
{
    /// <summary>How many round trips one page may take before it is returned short (cross-partition pages can be empty).</summary>
    public const int MaxRoundTripsPerPage = 16;

    /// <summary>Events per page when reading up to a byte bound: at most a few MB past the bound (events are at most 64 KiB by default).</summary>
    private const int BoundedPageItems = 32;

    /// <inheritdoc />
    public async Task<TimelineEvents> ReadConversationAsync(string conversationId, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition($"SELECT {ChannelEventProjection.Select} FROM c ORDER BY {OrderBy(EventScope.Conversation)}");
        var (rows, truncated) = await ReadAllAsync("conversation-timeline", query, new PartitionKey(conversationId), cancellationToken)
            .ConfigureAwait(false);
        return new TimelineEvents([.. rows.Select(row => ChannelEventProjection.Read(row.Span))], truncated);
    }

    /// <inheritdoc />
    public async Task<ChannelEvents?> ReadChannelAsync(string channelId, CancellationToken cancellationToken)
    {
        // channelId is not the partition key, but a channel lives in exactly one conversation: find that partition
        // with an index-only cross-partition point filter (TOP 1, no ORDER BY), then read the channel from it alone.
        var find = new QueryDefinition($"SELECT TOP 1 VALUE {Path(Fields.ConversationId)} FROM c WHERE {Path(Fields.ChannelId)} = @channelId")
            .WithParameter("@channelId", channelId);
        var (found, _) = await ReadPageAsync("channel-partition", find, partitionKey: null, limit: 1, continuation: null, cancellationToken, maxRoundTrips: int.MaxValue)
            .ConfigureAwait(false);
        if (found.Count == 0 || StringIn(found[0].Span) is not { } conversationId)
        {
            return null;
        }

        var partition = new PartitionKey(conversationId);
        // The phases need every event's fields (small rows); the answer's CloudEvents are read separately, up to
        // a byte bound, so a channel of many large events neither makes a huge answer nor a huge allocation.
        var timeline = new QueryDefinition(
                $"SELECT {ChannelEventProjection.Select} FROM c WHERE {Path(Fields.ChannelId)} = @channelId ORDER BY {OrderBy(EventScope.Conversation)}")
            .WithParameter("@channelId", channelId);
        var (rows, truncated) = await ReadAllAsync("channel-timeline", timeline, partition, cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return null;
        }

        var events = new QueryDefinition(
                $"SELECT VALUE {Path(Fields.Event)} FROM c WHERE {Path(Fields.ChannelId)} = @channelId ORDER BY {OrderBy(EventScope.Conversation)}")
            .WithParameter("@channelId", channelId);
        var (cloudEvents, eventsTruncated) = await ReadBoundedAsync("channel-events", events, partition, options.Value.MaxChannelEventBytes, cancellationToken)
            .ConfigureAwait(false);
        return new ChannelEvents(conversationId, [.. rows.Select(row => ChannelEventProjection.Read(row.Span))], [.. cloudEvents.Select(row => new VerbatimJson(row))], truncated, eventsTruncated);
    }

    /// <inheritdoc />
    public async Task<EventPage> ReadEventsAsync(EventQuery query, CancellationToken cancellationToken)
    {
        var (definition, partitionKey) = Build(query);
        try
        {
            var (rows, continuation) = await ReadPageAsync(
                    $"{query.Scope.ToString().ToLowerInvariant()}-events", definition, partitionKey, query.Limit, query.StoreContinuation, cancellationToken)
                .ConfigureAwait(false);
            return new EventPage([.. rows.Select(row => new VerbatimJson(row))], continuation is null ? null : tokens.Protect(query.Fingerprint, continuation));
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.BadRequest && query.StoreContinuation is not null)
        {
            throw new InvalidContinuationException("The store refused the continuation token.", ex);
        }
    }

    /// <summary>The query of a page: <c>SELECT VALUE c.event</c> with the scope's and the filters' conditions.</summary>
    internal static (QueryDefinition Query, PartitionKey? PartitionKey) Build(EventQuery query)
    {
        var conditions = new List<string>();
        var parameters = new List<(string Name, object Value)>();
        void Where(string field, string op, string name, object value)
        {
            conditions.Add($"{Path(field)} {op} {name}");
            parameters.Add((name, value));
        }

        switch (query.Scope)
        {
            case EventScope.Interaction:
                Where(Fields.InteractionId, "=", "@interactionId", query.Key);
                break;
            case EventScope.Agent:
                Where(Fields.AgentId, "=", "@agentId", query.Key);
                break;
        }

        var filter = query.Filter;
        if (filter.Type is { } type && ChannelEventTypes.IsName(type))
        {
            // A name stands for each of its versions; the document keeps only the full type (channel.held.v1).
            conditions.Add($"STARTSWITH({Path(Fields.Type)}, @type)");
            parameters.Add(("@type", type + "."));
        }
        else if (filter.Type is { } fullType)
        {
            Where(Fields.Type, "=", "@type", fullType);
        }

        if (filter.ChannelId is { } channelId)
        {
            Where(Fields.ChannelId, "=", "@channelId", channelId);
        }

        if (filter.From is { } from)
        {
            Where(Fields.Timestamp, ">=", "@from", ChannelEventDocument.FormatTime(from));
        }

        if (filter.To is { } to)
        {
            Where(Fields.Timestamp, "<", "@to", ChannelEventDocument.FormatTime(to));
        }

        var where = conditions.Count == 0 ? string.Empty : $" WHERE {string.Join(" AND ", conditions)}";
        var definition = new QueryDefinition($"SELECT VALUE {Path(Fields.Event)} FROM c{where} ORDER BY {OrderBy(query.Scope)}");
        foreach (var (name, value) in parameters)
        {
            definition = definition.WithParameter(name, value);
        }

        return (definition, query.Scope == EventScope.Conversation ? new PartitionKey(query.Key) : null);
    }

    /// <summary>
    /// The ORDER BY of a scope. Cross-partition scopes lead with their (equality-filtered) key, so the query is
    /// served by the composite index (key, timestamp, id); the order is still timestamp, then id.
    /// </summary>
    internal static string OrderBy(EventScope scope) => scope switch
    {
        EventScope.Interaction => $"{Path(Fields.InteractionId)}, {Path(Fields.Timestamp)}, {Path(Fields.Id)}",
        EventScope.Agent => $"{Path(Fields.AgentId)}, {Path(Fields.Timestamp)}, {Path(Fields.Id)}",
        _ => $"{Path(Fields.Timestamp)}, {Path(Fields.Id)}",
    };

    private static string Path(string field) => $"c.{field}";

    private static string? StringIn(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        return reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
    }

    private async Task<(List<ReadOnlyMemory<byte>> Rows, bool Truncated)> ReadAllAsync(
        string name, QueryDefinition query, PartitionKey partitionKey, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxTimelineEvents;
        // One more than the cap tells whether there were more.
        var (rows, _) = await ReadPageAsync(name, query, partitionKey, max + 1, continuation: null, cancellationToken, maxRoundTrips: int.MaxValue)
            .ConfigureAwait(false);
        var truncated = rows.Count > max;
        if (truncated)
        {
            rows.RemoveRange(max, rows.Count - max);
        }

        return (rows, truncated);
    }

    /// <summary>
    /// The earliest rows whose JSON, together, is at most <paramref name="maxBytes"/> bytes, read in small pages so no
    /// more than a page past the bound is ever held; <c>Truncated</c> when rows were left out.
    /// </summary>
    private async Task<(List<ReadOnlyMemory<byte>> Rows, bool Truncated)> ReadBoundedAsync(
        string name, QueryDefinition query, PartitionKey partitionKey, int maxBytes, CancellationToken cancellationToken)
    {
        var kept = new List<ReadOnlyMemory<byte>>();
        long bytes = 0;
        string? continuation = null;
        do
        {
            List<ReadOnlyMemory<byte>> page;
            (page, continuation) = await ReadPageAsync(name, query, partitionKey, BoundedPageItems, continuation, cancellationToken, maxRoundTrips: 1)
                .ConfigureAwait(false);
            foreach (var row in page)
            {
                bytes += row.Length;
                if (bytes > maxBytes)
                {
                    return (kept, true);
                }

                kept.Add(row);
            }
        }
        while (continuation is not null);

        return (kept, false);
    }

    private async Task<(List<ReadOnlyMemory<byte>> Rows, string? Continuation)> ReadPageAsync(
        string name, QueryDefinition query, PartitionKey? partitionKey, int limit, string? continuation,
        CancellationToken cancellationToken, int maxRoundTrips = MaxRoundTripsPerPage)
    {
        var target = await container.GetAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<ReadOnlyMemory<byte>>();
        var charge = 0d;
        var roundTrips = 0;
        do
        {
            var requestOptions = new QueryRequestOptions
            {
                PartitionKey = partitionKey,
                MaxItemCount = Math.Min(limit - rows.Count, Paging.MaxLimit),
                ResponseContinuationTokenLimitInKb = 4,
            };
            using var iterator = target.GetItemQueryStreamIterator(query, continuation, requestOptions);
            if (!iterator.HasMoreResults)
            {
                continuation = null;
                break;
            }

            using var response = await iterator.ReadNextAsync(cancellationToken).ConfigureAwait(false);
            roundTrips++;
            charge += response.Headers.RequestCharge;
            response.EnsureSuccessStatusCode();
            rows.AddRange(await CosmosPage.RowsAsync(response.Content, cancellationToken).ConfigureAwait(false));

            continuation = response.ContinuationToken;
        }
        while (continuation is not null && rows.Count < limit && roundTrips < maxRoundTrips);

        LogCharge(logger, name, rows.Count, roundTrips, charge, continuation is not null);
        return (rows, continuation);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Cosmos DB query {Query} read {Count} items in {RoundTrips} round trips for {RequestCharge} RU (more: {HasMore})")]
    private static partial void LogCharge(ILogger logger, string query, int count, int roundTrips, double requestCharge, bool hasMore);
}
