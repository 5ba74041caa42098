using System.ComponentModel.DataAnnotations;

namespace ChannelFunctions.Core.Storage;

/// <summary>
/// How long the app keeps what it stores, bound from the <c>Retention</c> configuration section: one number of days for
/// every store of personal data (Cosmos DB time-to-live on the event containers and everything derived from them, the
/// Storage lifecycle policy on kept and dead-lettered events). In Azure the infrastructure applies it
/// (<c>RETENTION_DAYS</c>, infra/core/database/cosmos-nosql.bicep and infra/core/storage/data-storage-account.bicep);
/// locally, containers the app creates get the same time-to-live.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Retention";

    /// <summary>Cosmos DB's largest time-to-live, in seconds (a 32-bit integer: about 68 years).</summary>
    public const int MaxTimeToLiveSeconds = int.MaxValue;

    /// <summary>
    /// Days a stored item is kept after it was written; <c>0</c> keeps everything forever. At most 36,500 (100 years);
    /// Cosmos DB's time-to-live stops at <see cref="MaxTimeToLiveSeconds"/>, so anything past about 68 years is kept that long.
    /// </summary>
    [Range(0, 36500)]
    public int Days { get; set; } = 400;

    /// <summary>
    /// The Cosmos DB default time-to-live these days make, in seconds: <c>null</c> (no time-to-live) when
    /// <see cref="Days"/> is <c>0</c>.
    /// </summary>
    public int? DefaultTimeToLiveSeconds =>
        Days == 0 ? null : (int)Math.Min((long)Days * 86_400, MaxTimeToLiveSeconds);
}
