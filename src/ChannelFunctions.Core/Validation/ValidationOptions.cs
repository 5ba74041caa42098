using System.ComponentModel.DataAnnotations;
using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Validation;

/// <summary>The limits of <see cref="ChannelEventValidator"/>, bound from the <c>Validation</c> configuration section.</summary>
public sealed class ValidationOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Validation";

    /// <summary>The largest event accepted, in bytes. VCC events are under 1 KiB; Event Grid allows 1 MiB.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxEventBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// The deepest JSON nesting accepted. VCC events nest four levels; an event deeper than
    /// <see cref="CloudEventJson.MaxEventDepth"/> never reaches the worker through Event Grid, so that is the ceiling.
    /// </summary>
    [Range(4, CloudEventJson.MaxEventDepth)]
    public int MaxJsonDepth { get; set; } = 32;

    /// <summary>The longest string accepted in a field the validator reads (ids, types, roles, times).</summary>
    [Range(64, 64 * 1024)]
    public int MaxFieldLength { get; set; } = 1024;
}
