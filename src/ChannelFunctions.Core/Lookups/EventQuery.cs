using System.Text;
using ChannelFunctions.Core.Documents;

namespace ChannelFunctions.Core.Lookups;

/// <summary>Whose events a paged query reads.</summary>
public enum EventScope
{
    /// <summary>One conversation: a single-partition query.</summary>
    Conversation,

    /// <summary>One interaction: a cross-partition query on the promoted <c>interactionId</c>.</summary>
    Interaction,

    /// <summary>One agent within a bounded window: a cross-partition query on the promoted <c>agentId</c>.</summary>
    Agent,
}

/// <summary>Optional filters of a paged event query; all given ones must hold.</summary>
/// <param name="Type">A full type (<c>channel.held.v1</c>) or a name matching every version (<c>channel.held</c>).</param>
/// <param name="ChannelId">Only this channel's events.</param>
/// <param name="From">Only events with <c>data.timestamp</c> at or after this moment.</param>
/// <param name="To">Only events with <c>data.timestamp</c> before this moment.</param>
public sealed record EventFilter(string? Type = null, string? ChannelId = null, DateTimeOffset? From = null, DateTimeOffset? To = null)
{
    /// <summary>No filter.</summary>
    public static EventFilter None { get; } = new();
}

/// <summary>One page of a paged event query, ordered by <c>data.timestamp</c> then document id.</summary>
/// <param name="Scope">Whose events.</param>
/// <param name="Key">The conversation, interaction or agent id.</param>
/// <param name="Filter">The filters.</param>
/// <param name="Limit">The most events the page holds, 1 to <see cref="Paging.MaxLimit"/>.</param>
public sealed record EventQuery(EventScope Scope, string Key, EventFilter Filter, int Limit)
{
    /// <summary>Where the previous page ended, as the store's own continuation token (already unwrapped).</summary>
    public string? StoreContinuation { get; init; }

    /// <summary>
    /// What identifies the query apart from paging: scope, key and filters, canonical. A continuation token is bound
    /// to it, so a token from another conversation or other filters is refused.
    /// </summary>
    public string Fingerprint
    {
        get
        {
            var text = new StringBuilder()
                .Append(Scope).Append('\n').Append(Key).Append('\n')
                .Append(Filter.Type).Append('\n').Append(Filter.ChannelId).Append('\n');
            Append(text, Filter.From).Append('\n');
            return Append(text, Filter.To).ToString();
        }
    }

    private static StringBuilder Append(StringBuilder text, DateTimeOffset? time) =>
        time is { } value ? text.Append(ChannelEventDocument.FormatTime(value)) : text.Append('-');
}

/// <summary>The page sizes of the paged queries.</summary>
public static class Paging
{
    /// <summary>The page size when <c>limit</c> is not given.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest page size.</summary>
    public const int MaxLimit = 1000;
}
