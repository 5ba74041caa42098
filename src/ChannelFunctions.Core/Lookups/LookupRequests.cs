using System.Globalization;
using ChannelFunctions.Core.Contract;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace ChannelFunctions.Core.Lookups;

/// <summary>
/// Parses and validates the lookups' route and query parameters into queries, host-free. Every rule a parameter
/// breaks is reported against its name; unknown query parameters (such as the function key's <c>code</c>) are ignored.
/// </summary>
public sealed class LookupRequests(ContinuationTokens tokens, IOptions<LookupOptions> options)
{
    /// <summary>The longest agent id accepted.</summary>
    public const int MaxAgentIdLength = 128;

    /// <summary>A conversation by id.</summary>
    public LookupRequest<string> Conversation(string? conversationId) => Id(LookupParameters.ConversationId, conversationId);

    /// <summary>A channel by id.</summary>
    public LookupRequest<string> Channel(string? channelId) => Id(LookupParameters.ChannelId, channelId);

    /// <summary>A page of a conversation's events, with <c>type</c>, <c>channelId</c>, <c>from</c>, <c>to</c> filters.</summary>
    public LookupRequest<EventQuery> ConversationEvents(string? conversationId, IEnumerable<KeyValuePair<string, StringValues>> query)
    {
        var parser = new Parser(query);
        var id = parser.Guid(LookupParameters.ConversationId, conversationId);
        var type = parser.Type();
        var channelId = parser.OptionalGuid(LookupParameters.ChannelId);
        var (from, to) = parser.Window(required: false, max: null);
        return Page(parser, EventScope.Conversation, id, new EventFilter(type, channelId, from, to));
    }

    /// <summary>A page of an interaction's events, optionally within <c>from</c>…<c>to</c>.</summary>
    public LookupRequest<EventQuery> InteractionEvents(string? interactionId, IEnumerable<KeyValuePair<string, StringValues>> query)
    {
        var parser = new Parser(query);
        var id = parser.Guid(LookupParameters.InteractionId, interactionId);
        var (from, to) = parser.Window(required: false, max: null);
        return Page(parser, EventScope.Interaction, id, new EventFilter(From: from, To: to));
    }

    /// <summary>A page of an agent's events within the required window <c>from</c>…<c>to</c>, with a <c>type</c> filter.</summary>
    public LookupRequest<EventQuery> AgentEvents(string? agentId, IEnumerable<KeyValuePair<string, StringValues>> query)
    {
        var parser = new Parser(query);
        var id = parser.AgentId(agentId);
        var type = parser.Type();
        var (from, to) = parser.Window(required: true, max: options.Value.MaxAgentWindow);
        return Page(parser, EventScope.Agent, id, new EventFilter(type, From: from, To: to));
    }

    private static LookupRequest<string> Id(string name, string? value)
    {
        var parser = new Parser([]);
        var id = parser.Guid(name, value);
        return new LookupRequest<string>(parser.Errors.Count == 0 ? id : null, parser.Errors);
    }

    private LookupRequest<EventQuery> Page(Parser parser, EventScope scope, string? key, EventFilter filter)
    {
        var limit = parser.Limit();
        var token = parser.Single(LookupParameters.ContinuationToken);
        if (parser.Errors.Count > 0 || key is null)
        {
            return new LookupRequest<EventQuery>(null, parser.Errors);
        }

        var query = new EventQuery(scope, key, filter, limit);
        if (token is not null)
        {
            if (!tokens.TryUnprotect(query.Fingerprint, token, out var storeToken, out var rule))
            {
                parser.Fail(LookupParameters.ContinuationToken, rule);
                return new LookupRequest<EventQuery>(null, parser.Errors);
            }

            query = query with { StoreContinuation = storeToken };
        }

        return new LookupRequest<EventQuery>(query, parser.Errors);
    }

    /// <summary>Reads parameters one by one, collecting every broken rule.</summary>
    private sealed class Parser(IEnumerable<KeyValuePair<string, StringValues>> query)
    {
        // Names compare as ASP.NET Core's query collection does: ignoring case.
        private readonly Dictionary<string, StringValues> _query = query
            .GroupBy(pair => pair.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.Select(pair => pair.Value).Aggregate(StringValues.Concat), StringComparer.OrdinalIgnoreCase);

        public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

        public void Fail(string name, string rule) =>
            Errors[name] = Errors.TryGetValue(name, out var rules) ? [.. rules, rule] : [rule];

        public string? Single(string name)
        {
            if (!_query.TryGetValue(name, out var values) || values.Count == 0)
            {
                return null;
            }

            if (values.Count > 1)
            {
                Fail(name, "must be given at most once");
                return null;
            }

            return values[0] ?? string.Empty;
        }

        public string? Guid(string name, string? value)
        {
            if (ContractFormats.TryParseGuid(value, out var id))
            {
                return id;
            }

            Fail(name, ContractFormats.GuidRule);
            return null;
        }

        public string? OptionalGuid(string name) => Single(name) is { } value ? Guid(name, value) : null;

        public string? AgentId(string? value)
        {
            if (value is { Length: > 0 and <= MaxAgentIdLength } && !value.Any(char.IsControl))
            {
                return value;
            }

            Fail(LookupParameters.AgentId, $"must be 1 to {MaxAgentIdLength} characters without control characters");
            return null;
        }

        public string? Type()
        {
            if (Single(LookupParameters.Type) is not { } type)
            {
                return null;
            }

            if (ChannelEventTypes.TryGet(type, out _) || ChannelEventTypes.IsName(type))
            {
                return type;
            }

            Fail(LookupParameters.Type, "must be a channel event type such as channel.held.v1, or a name such as channel.held for every version");
            return null;
        }

        public (DateTimeOffset? From, DateTimeOffset? To) Window(bool required, TimeSpan? max)
        {
            var from = Time(LookupParameters.From, required);
            var to = Time(LookupParameters.To, required);
            if (from is { } start && to is { } end)
            {
                if (start > end)
                {
                    Fail(LookupParameters.From, "must not be after to");
                }
                else if (max is { } widest && end - start > widest)
                {
                    Fail(LookupParameters.To, $"must be at most {Describe(widest)} after from");
                }
            }

            return (from, to);
        }

        public int Limit()
        {
            if (Single(LookupParameters.Limit) is not { } text)
            {
                return Paging.DefaultLimit;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= Paging.MaxLimit)
            {
                return limit;
            }

            Fail(LookupParameters.Limit, $"must be a whole number from 1 to {Paging.MaxLimit}");
            return Paging.DefaultLimit;
        }

        private DateTimeOffset? Time(string name, bool required)
        {
            if (Single(name) is not { } text)
            {
                if (required && !Errors.ContainsKey(name))
                {
                    Fail(name, "is required: this query needs a bounded time window");
                }

                return null;
            }

            if (ContractFormats.TryParseTime(text, out var time))
            {
                return time;
            }

            Fail(name, ContractFormats.TimeRule);
            return null;
        }

        private static string Describe(TimeSpan span) =>
            span.TotalDays >= 1 && span.Ticks % TimeSpan.TicksPerDay == 0
                ? $"{span.TotalDays.ToString(CultureInfo.InvariantCulture)} days"
                : span.ToString("c", CultureInfo.InvariantCulture);
    }
}
