using System.ComponentModel.DataAnnotations;

namespace ChannelFunctions.Core.Ingest;

/// <summary>
/// Concurrency of ingest, bound from the <c>Ingest</c> configuration section. The limits of what an event may be are
/// the validator's (<see cref="Validation.ValidationOptions"/>).
/// </summary>
public sealed class IngestOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Ingest";

    /// <summary>How many events of one batch are written at once. Event Grid batches hold up to 5,000 events.</summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 16;
}
