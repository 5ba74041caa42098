using System.ComponentModel.DataAnnotations;

namespace ChannelFunctions.Core.Ingest;

/// <summary>Limits and concurrency of ingest, bound from the <c>Ingest</c> configuration section.</summary>
public sealed class IngestOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Ingest";

    /// <summary>How many events of one batch are written at once. Event Grid batches hold up to 5,000 events.</summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>The largest event accepted, in bytes. VCC events are under 1 KiB; Event Grid allows 1 MiB.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxEventBytes { get; set; } = 64 * 1024;

    /// <summary>The deepest JSON nesting accepted. VCC events nest four levels.</summary>
    [Range(4, 256)]
    public int MaxJsonDepth { get; set; } = 32;

    /// <summary>The longest string accepted in a field the validator reads (ids, types, roles, times).</summary>
    [Range(64, 64 * 1024)]
    public int MaxFieldLength { get; set; } = 1024;
}
