namespace ChannelFunctions.Core.Contract;

/// <summary>
/// Where the channel family's <c>data</c> members are in a CloudEvent: their paths, written once, as the validator's
/// reasons name them and the lookups' queries read them from the stored event.
/// </summary>
public static class ChannelEventMembers
{
    /// <summary>When the channel changed phase.</summary>
    public const string Timestamp = "data.timestamp";

    /// <summary>The event's reason, for the types that carry one (<see cref="ChannelEventRule.CarriesReason"/>).</summary>
    public const string Reason = "data.reason";

    /// <summary>The channel object.</summary>
    public const string Channel = "data.channel";

    /// <summary>The conversation, a GUID: the partition of the event.</summary>
    public const string ConversationId = "data.channel.conversationId";

    /// <summary>The interaction, a GUID.</summary>
    public const string InteractionId = "data.channel.interactionId";

    /// <summary>The channel, a GUID equal to <c>subject</c>.</summary>
    public const string ChannelId = "data.channel.channelId";

    /// <summary>The party object.</summary>
    public const string Party = "data.channel.party";

    /// <summary>The party's role (<see cref="PartyRoles"/>).</summary>
    public const string Role = "data.channel.party.role";

    /// <summary>The agent, required for the roles that have one.</summary>
    public const string AgentId = "data.channel.party.agentId";

    /// <summary>The party's user, optional.</summary>
    public const string UserId = "data.channel.party.userId";
}
