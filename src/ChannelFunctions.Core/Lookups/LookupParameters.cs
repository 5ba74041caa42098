namespace ChannelFunctions.Core.Lookups;

/// <summary>The parameter names of the lookup endpoints, as the routes, query strings and error maps spell them.</summary>
public static class LookupParameters
{
    /// <summary>Route: the conversation.</summary>
    public const string ConversationId = "conversationId";
    /// <summary>Route: the channel; also a filter of the conversation's events.</summary>
    public const string ChannelId = "channelId";
    /// <summary>Route: the interaction.</summary>
    public const string InteractionId = "interactionId";
    /// <summary>Route: the agent.</summary>
    public const string AgentId = "agentId";
    /// <summary>Filter: a type or a name.</summary>
    public const string Type = "type";
    /// <summary>Filter: the earliest <c>data.timestamp</c>, inclusive.</summary>
    public const string From = "from";
    /// <summary>Filter: the latest <c>data.timestamp</c>, exclusive.</summary>
    public const string To = "to";
    /// <summary>The page size.</summary>
    public const string Limit = "limit";
    /// <summary>Where the previous page ended.</summary>
    public const string ContinuationToken = "continuationToken";
}
