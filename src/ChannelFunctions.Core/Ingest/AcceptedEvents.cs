using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Ingest;

/// <summary>
/// The events of one delivery that ingest accepted (stored now, or found stored already), by family, in delivery
/// order: what an <see cref="IDerivedView"/> is brought up to date with.
/// </summary>
/// <param name="Channel">The accepted channel events.</param>
public sealed record AcceptedEvents(IReadOnlyList<ChannelEvent> Channel)
{
    /// <summary>Whether no event was accepted.</summary>
    public bool IsEmpty => Channel.Count == 0;
}
