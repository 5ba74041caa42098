namespace ChannelFunctions.Core.Lookups;

/// <summary>
/// The routes of the lookups, below the host's route prefix (<see cref="Prefix"/>): the function app's triggers use
/// them, and answers that point at another lookup build their links from them (<see cref="LookupLinks"/>).
/// </summary>
public static class LookupRoutes
{
    /// <summary>The Functions host's route prefix (host.json's default).</summary>
    public const string Prefix = "/api/";

    /// <summary>A conversation's timeline.</summary>
    public const string Conversation = "conversations/{conversationId}";

    /// <summary>A conversation's events, paged.</summary>
    public const string ConversationEvents = "conversations/{conversationId}/events";

    /// <summary>A channel's phases and events.</summary>
    public const string Channel = "channels/{channelId}";

    /// <summary>An interaction's events, paged.</summary>
    public const string InteractionEvents = "interactions/{interactionId}/events";

    /// <summary>An agent's events in a window, paged.</summary>
    public const string AgentEvents = "agents/{agentId}/events";
}
