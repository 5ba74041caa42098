using System.ComponentModel.DataAnnotations;

namespace ChannelFunctions.Core.Metrics;

/// <summary>Settings of the contact-centre figures, bound from the <c>Metrics</c> configuration section.</summary>
public sealed class MetricsOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Metrics";

    /// <summary>
    /// The service-level threshold (<c>Metrics__ServiceLevelSeconds</c>): an answered inbound conversation is within
    /// the service level when its <c>waitMs</c> is at most this many seconds.
    /// </summary>
    [Range(1, 3600)]
    public int ServiceLevelSeconds { get; set; } = 20;
}
