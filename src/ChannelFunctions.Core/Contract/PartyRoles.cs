namespace ChannelFunctions.Core.Contract;

/// <summary>
/// The <c>data.channel.party.role</c> values of the contract: one table, the only place a role and what it requires
/// are written.
/// </summary>
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

    private static readonly (string Role, bool RequiresAgentId)[] Table =
    [
        (External, false),
        (Agent, true),
        (Monitor, true),
        (Voicemail, false),
    ];

    /// <summary>All roles the contract allows, in the order error messages list them.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Table.Select(row => row.Role)];

    /// <summary>Whether <paramref name="text"/> is a role of the contract; roles are case-sensitive.</summary>
    public static bool IsRole(string? text) => Array.Exists(Table, row => row.Role == text);

    /// <summary>Whether a role must carry <c>party.agentId</c>.</summary>
    public static bool RequiresAgentId(string role) => Array.Exists(Table, row => row.Role == role && row.RequiresAgentId);
}
