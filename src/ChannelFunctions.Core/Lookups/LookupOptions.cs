using System.ComponentModel.DataAnnotations;

namespace ChannelFunctions.Core.Lookups;

/// <summary>Limits and secrets of the lookups, bound from the <c>Lookups</c> configuration section.</summary>
public sealed class LookupOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Lookups";

    /// <summary>
    /// The widest <c>from</c>…<c>to</c> window the agent query accepts, so it never scans the whole store.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "366.00:00:00")]
    public TimeSpan MaxAgentWindow { get; set; } = TimeSpan.FromDays(31);

    /// <summary>
    /// The HMAC-SHA256 key (base64, at least 32 bytes) that signs continuation tokens. Every instance of the app must
    /// share it, or a page fetched from another instance refuses the token. When unset, each process makes a random
    /// key of its own (fine for one local instance) and logs a warning.
    /// </summary>
    public string? ContinuationTokenKey { get; set; }

    /// <summary>
    /// The key that signed continuation tokens before <see cref="ContinuationTokenKey"/> (base64, at least 32 bytes),
    /// accepted too while a key is rotated; unset when none is. Tokens are always signed with the current key, so once
    /// <see cref="ContinuationTokenLifetime"/> has passed since the rotation no token of the previous key is accepted
    /// anyway and this can be unset.
    /// </summary>
    public string? PreviousContinuationTokenKey { get; set; }

    /// <summary>
    /// How long a continuation token continues its query after it was issued: long enough to read page after page,
    /// short enough that a token copied somewhere, or signed with a key since rotated, stops working.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan ContinuationTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The most events a summary or a channel lookup reads; past it the answer says it is truncated.</summary>
    [Range(100, 100_000)]
    public int MaxTimelineEvents { get; set; } = 10_000;

    /// <summary>
    /// The most bytes of stored CloudEvents one channel lookup returns (its phases are still computed from all its
    /// events). Past it the answer holds the earliest events that fit, says <c>eventsTruncated</c>, and points at the
    /// paged events of the channel (<c>moreEvents</c>). Keeps one answer, and what reading it allocates, bounded.
    /// </summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxChannelEventBytes { get; set; } = 1024 * 1024;
}
