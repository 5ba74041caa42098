using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Validation;

/// <summary>The members of an event the contract reads, in the order the rules check them.</summary>
internal enum ContractMember
{
    SpecVersion,
    Id,
    Source,
    Type,
    DataContentType,
    DataBase64,
    Subject,
    Time,
    Data,
    Timestamp,
    Channel,
    ConversationId,
    InteractionId,
    ChannelId,
    Party,
    Role,
    AgentId,
    UserId,

    /// <summary>The first of <see cref="ChannelEventTypes.DataStringMembers"/>; the others follow it.</summary>
    DataString,
}

/// <summary>Where one member the contract reads was found, and what its value is.</summary>
[StructLayout(LayoutKind.Auto)]
internal struct MemberValue
{
    /// <summary>The value's first token; <see cref="JsonTokenType.None"/> when the member is absent.</summary>
    public JsonTokenType Token;

    /// <summary>Where a string's unescaped UTF-8 starts: in the event, or in the scratch buffer when <see cref="Unescaped"/>.</summary>
    public int Start;

    /// <summary>The length of a string's unescaped UTF-8.</summary>
    public int Length;

    /// <summary>The string had escapes and its text is in the scratch buffer.</summary>
    public bool Unescaped;

    /// <summary>The string escapes an unpaired surrogate, so it is no text.</summary>
    public bool NotText;
}

/// <summary>
/// The table of the members the contract reads: each one's path (as reasons name it) written once, from which its
/// name and the object it belongs to follow.
/// </summary>
internal static class ContractMembers
{
    /// <summary>The scope of the root object; a member's own index is the scope of its object's members.</summary>
    public const int Root = -1;

    /// <summary>The scope of every object the contract does not read into.</summary>
    public const int Other = -2;

    private static readonly string[] FixedPaths =
    [
        "specversion", "id", "source", "type", "datacontenttype", "data_base64", "subject", "time", "data",
        "data.timestamp", "data.channel", "data.channel.conversationId", "data.channel.interactionId",
        "data.channel.channelId", "data.channel.party", "data.channel.party.role", "data.channel.party.agentId",
        "data.channel.party.userId",
    ];

    /// <summary>Every member's path, by <see cref="ContractMember"/>.</summary>
    public static string[] Paths { get; } =
        [.. FixedPaths, .. ChannelEventTypes.DataStringMembers.Select(member => $"data.{member}")];

    /// <summary>How many members the contract reads.</summary>
    public static int Count => Paths.Length;

    private static readonly (byte[] Name, ContractMember Member)[][] ByScope = BuildScopes();

    /// <summary>The member a name is in its object's scope, or <c>null</c> when the contract does not read it.</summary>
    public static ContractMember? Find(int scope, ReadOnlySpan<byte> name)
    {
        if (scope == Other)
        {
            return null;
        }

        foreach (var (candidate, member) in ByScope[scope + 1])
        {
            // Lengths first: most names differ there, and the call to compare costs more than the check.
            if (candidate.Length == name.Length && name.SequenceEqual(candidate))
            {
                return member;
            }
        }

        return null;
    }

    /// <summary>The scope an object value of <paramref name="member"/> opens.</summary>
    public static int ScopeOf(ContractMember? member) =>
        member is { } m && ByScope[(int)m + 1].Length > 0 ? (int)m : Other;

    /// <summary>The member of a data string of an event type (<see cref="ChannelEventRule.DataStrings"/>).</summary>
    public static ContractMember DataString(string name)
    {
        var members = ChannelEventTypes.DataStringMembers;
        for (var i = 0; i < members.Count; i++)
        {
            if (members[i] == name)
            {
                return ContractMember.DataString + i;
            }
        }

        throw new InvalidOperationException($"{name} is not among ChannelEventTypes.DataStringMembers.");
    }

    // Index 0 is the root's members; index m + 1 the members of member m's object (empty unless it is one).
    private static (byte[] Name, ContractMember Member)[][] BuildScopes()
    {
        var paths = Paths;
        return [.. Enumerable.Range(Root, paths.Length + 1).Select(scope =>
            paths.Select((path, index) => (path, index))
                .Where(member => ParentOf(paths, member.path) == scope)
                .Select(member => (Encoding.UTF8.GetBytes(member.path[(member.path.LastIndexOf('.') + 1)..]), (ContractMember)member.index))
                .ToArray())];
    }

    private static int ParentOf(string[] paths, string path)
    {
        var dot = path.LastIndexOf('.');
        return dot < 0 ? Root : Array.IndexOf(paths, path[..dot]);
    }
}
