namespace ChannelFunctions.Core.Contract;

/// <summary>
/// The name table of <see cref="EventFate"/>: one line per fate, its name (as logs, metrics, blob folders, the CLI
/// and the docs spell it), whether the event is kept in the rejected-event store, and whether ingest gives it (or
/// only replay, reading back what was kept). A new fate is one line here.
/// </summary>
public static class EventFates
{
    private static readonly (EventFate Fate, string Name, bool Kept, bool Ingest)[] Table =
    [
        (EventFate.Stored, "stored", false, true),
        (EventFate.Duplicate, "duplicate", false, true),
        (EventFate.Invalid, "invalid", true, true),
        (EventFate.Unsupported, "unsupported", true, true),
        (EventFate.Conflicting, "conflicting", true, true),
        (EventFate.Refused, "refused", true, true),
        (EventFate.Unreadable, "unreadable", false, false),
    ];

    /// <summary>Every fate, in table order.</summary>
    public static IReadOnlyList<EventFate> All { get; } = [.. Table.Select(row => row.Fate)];

    /// <summary>The fates ingest gives an event (what its log line and the <c>ingest</c> summary count), in table order.</summary>
    public static IReadOnlyList<EventFate> Ingest { get; } = [.. Table.Where(row => row.Ingest).Select(row => row.Fate)];

    /// <summary>The fates whose events are kept in the rejected-event store, with their reasons.</summary>
    public static IReadOnlyList<EventFate> Kept { get; } = [.. Table.Where(row => row.Kept).Select(row => row.Fate)];

    /// <summary>The fate's name: <c>stored</c>, <c>duplicate</c>, <c>invalid</c>, …</summary>
    public static string Name(this EventFate fate) => Table[(int)fate].Name;

    /// <summary>Whether events of this fate are kept in the rejected-event store.</summary>
    public static bool IsKept(this EventFate fate) => Table[(int)fate].Kept;

    /// <summary>Finds a fate by its name, ignoring case.</summary>
    public static bool TryParse(string? name, out EventFate fate)
    {
        foreach (var row in Table)
        {
            if (string.Equals(row.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                fate = row.Fate;
                return true;
            }
        }

        fate = default;
        return false;
    }
}
