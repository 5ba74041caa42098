using System.Text;
using ChannelFunctions.Core.Documents;

namespace ChannelFunctions.Core.Lookups;

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
    /// to it, so a token from another conversation or other filters is refused. Computed once, with the query.
    /// </summary>
    public string Fingerprint { get; } = FingerprintOf(Scope, Key, Filter);

    private static string FingerprintOf(EventScope scope, string key, EventFilter filter)
    {
        var text = new StringBuilder()
            .Append(scope).Append('\n').Append(key).Append('\n')
            .Append(filter.Type).Append('\n').Append(filter.ChannelId).Append('\n');
        Append(text, filter.From).Append('\n');
        return Append(text, filter.To).ToString();
    }

    private static StringBuilder Append(StringBuilder text, DateTimeOffset? time) =>
        time is { } value ? text.Append(ChannelEventDocument.FormatTime(value)) : text.Append('-');
}
