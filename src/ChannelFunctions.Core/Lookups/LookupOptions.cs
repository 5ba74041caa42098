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
