using System.Text;

namespace ChannelFunctions.Core.Contract;

/// <summary>
/// The <c>data.channel.party.role</c> values of the contract: one table, the only place a role and what it requires
/// are written; readers of text and of UTF-8 both look roles up here.
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

    private static readonly (string Role, byte[] Utf8, bool RequiresAgentId)[] Table =
    [
        (External, Encoding.UTF8.GetBytes(External), false),
        (Agent, Encoding.UTF8.GetBytes(Agent), true),
        (Monitor, Encoding.UTF8.GetBytes(Monitor), true),
        (Voicemail, Encoding.UTF8.GetBytes(Voicemail), false),
    ];

    /// <summary>All roles the contract allows, in the order error messages list them.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Table.Select(row => row.Role)];

    /// <summary>Whether a role must carry <c>party.agentId</c>.</summary>
    public static bool RequiresAgentId(string role)
    {
        foreach (var row in Table)
        {
            if (row.Role == role)
            {
                return row.RequiresAgentId;
            }
        }

        return false;
    }

    /// <summary>Finds a role given as UTF-8, case-sensitively; <paramref name="role"/> is the table's own string.</summary>
    public static bool TryGet(ReadOnlySpan<byte> utf8, out string role)
    {
        foreach (var row in Table)
        {
            if (utf8.SequenceEqual(row.Utf8))
            {
                role = row.Role;
                return true;
            }
        }

        role = string.Empty;
        return false;
    }
}
