using System.Collections.Frozen;

namespace ChannelFunctions.Core.Contract;

/// <summary>What one supported event type adds to the common channel envelope and <c>data.channel</c> rules.</summary>
/// <param name="Type">The full CloudEvents <c>type</c>, for example <c>channel.alerted.v0</c>.</param>
/// <param name="DataStrings">Optional <c>data</c> members this type may carry; each must be a string when present.</param>
public sealed record ChannelEventRule(string Type, params string[] DataStrings)
{
    /// <summary>The type without its version suffix, for example <c>channel.alerted</c>.</summary>
    public string Name => Type[..Type.LastIndexOf('.')];

    /// <summary>The version suffix, for example <c>v0</c>.</summary>
    public string Version => Type[(Type.LastIndexOf('.') + 1)..];

    /// <summary>What the event means for the channel's phases: <see cref="ChannelPhaseRules"/>, by <see cref="Name"/>.</summary>
    public ChannelPhaseRule Phase => ChannelPhaseRules.TryGet(Name, out var phase)
        ? phase
        : throw new InvalidOperationException($"{Name} has no line in ChannelPhaseRules.");
}

/// <summary>
/// The VCC channel event family this app ingests. One line per type and version: adding a type or a
/// version is a one-line change here (a new name also needs its line in <see cref="ChannelPhaseRules"/>, which
/// says what it means for the channel's phases). Any type not listed is kept as unsupported, never lost.
/// </summary>
public static class ChannelEventTypes
{
    private static readonly ChannelEventRule[] Table =
    [
        new("channel.alerted.v0"),
        new("channel.alerted.v1"),
        new("channel.connected.v0"),
        new("channel.connected.v1"),
        new("channel.connectionfailed.v0", "reason"),
        new("channel.connectionfailed.v1", "reason"),
        new("channel.held.v0"),
        new("channel.held.v1"),
        new("channel.retrieved.v0"),
        new("channel.retrieved.v1"),
        new("channel.disconnected.v0"),
        new("channel.disconnected.v1"),
        new("channel.wrapstarted.v0"),
        new("channel.wrapstarted.v1"),
        new("channel.ended.v0", "reason"),
        new("channel.ended.v1", "reason"),
        new("channel.parked.v0"),
        new("channel.parked.v1"),
        new("channel.unparked.v0"),
        new("channel.unparked.v1"),
        new("channel.interrupted.v0"),
        new("channel.interrupted.v1"),
        new("channel.resumed.v0"),
        new("channel.resumed.v1"),
    ];

    private static readonly FrozenDictionary<string, ChannelEventRule> ByType =
        Table.ToFrozenDictionary(rule => rule.Type, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, ChannelEventRule>.AlternateLookup<ReadOnlySpan<char>> ByTypeSpan =
        ByType.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string> NameSet =
        Table.Select(rule => rule.Name).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Every supported type, in table order.</summary>
    public static IReadOnlyList<ChannelEventRule> All => Table;

    /// <summary>Whether <paramref name="name"/> is the name (type without version) of a supported type.</summary>
    public static bool IsName(string name) => NameSet.Contains(name);

    /// <summary>Finds the rule for a CloudEvents <c>type</c>; types are case-sensitive as CloudEvents says.</summary>
    public static bool TryGet(string type, out ChannelEventRule rule) => ByType.TryGetValue(type, out rule!);

    /// <summary>Finds the rule for a CloudEvents <c>type</c> given as characters, without making a string of them.</summary>
    public static bool TryGet(ReadOnlySpan<char> type, out ChannelEventRule rule) => ByTypeSpan.TryGetValue(type, out rule!);

    /// <summary>
    /// Every optional <c>data</c> member any type carries (<see cref="ChannelEventRule.DataStrings"/>), once each, in
    /// table order: what a reader must look out for before it knows the event's type.
    /// </summary>
    public static IReadOnlyList<string> DataStringMembers { get; } =
        [.. Table.SelectMany(rule => rule.DataStrings).Distinct(StringComparer.Ordinal)];
}
