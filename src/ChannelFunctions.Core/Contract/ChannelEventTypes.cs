using System.Collections.Frozen;

namespace ChannelFunctions.Core.Contract;

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
        new("channel.connectionfailed.v0", CarriesReason: true),
        new("channel.connectionfailed.v1", CarriesReason: true),
        new("channel.held.v0"),
        new("channel.held.v1"),
        new("channel.retrieved.v0"),
        new("channel.retrieved.v1"),
        new("channel.disconnected.v0"),
        new("channel.disconnected.v1"),
        new("channel.wrapstarted.v0"),
        new("channel.wrapstarted.v1"),
        new("channel.ended.v0", CarriesReason: true),
        new("channel.ended.v1", CarriesReason: true),
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

    private static readonly FrozenSet<string> NameSet =
        Table.Select(rule => rule.Name).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Every supported type, in table order.</summary>
    public static IReadOnlyList<ChannelEventRule> All => Table;

    /// <summary>Whether <paramref name="name"/> is the name (type without version) of a supported type.</summary>
    public static bool IsName(string name) => NameSet.Contains(name);

    /// <summary>Finds the rule for a CloudEvents <c>type</c>; types are case-sensitive as CloudEvents says.</summary>
    public static bool TryGet(string type, out ChannelEventRule rule) => ByType.TryGetValue(type, out rule!);
}
