namespace ChannelFunctions.Core.Lookups;

/// <summary>Whose events a paged query reads.</summary>
public enum EventScope
{
    /// <summary>One conversation: a single-partition query.</summary>
    Conversation,

    /// <summary>One interaction: a cross-partition query on the promoted <c>interactionId</c>.</summary>
    Interaction,

    /// <summary>One agent within a bounded window: a cross-partition query on the event's <c>agentId</c>.</summary>
    Agent,
}
