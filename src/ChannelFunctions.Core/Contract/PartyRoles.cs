namespace ChannelFunctions.Core.Contract;

/// <summary>The <c>data.channel.party.role</c> values of the contract.</summary>
public static class PartyRoles
{
    /// <summary>The customer or another party outside the contact center.</summary>
    public const string External = "external";

    /// <summary>An agent's channel; carries an <c>agentId</c>.</summary>
    public const string Agent = "agent";

    /// <summary>A supervisor monitoring a call; carries an <c>agentId</c>.</summary>
    public const string Monitor = "monitor";

    /// <summary>A voicemail leg.</summary>
    public const string Voicemail = "voicemail";

    /// <summary>All roles the contract allows, in the order error messages list them.</summary>
    public static IReadOnlyList<string> All { get; } = [External, Agent, Monitor, Voicemail];

    /// <summary>Whether a role must carry <c>party.agentId</c>.</summary>
    public static bool RequiresAgentId(string role) => role is Agent or Monitor;
}
