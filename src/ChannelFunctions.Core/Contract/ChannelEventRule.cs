namespace ChannelFunctions.Core.Contract;

/// <summary>What one supported event type adds to the channel family's common rules.</summary>
/// <param name="Type">The full CloudEvents <c>type</c>, for example <c>channel.alerted.v0</c>.</param>
/// <param name="CarriesReason">Whether the type may carry <c>data.reason</c>, a string when present.</param>
public sealed record ChannelEventRule(string Type, bool CarriesReason = false)
{
    /// <summary>The type without its version suffix, for example <c>channel.alerted</c>.</summary>
    public string Name => Type[..Type.LastIndexOf('.')];

    /// <summary>What the event means for the channel's phases: <see cref="ChannelPhaseRules"/>, by <see cref="Name"/>.</summary>
    public ChannelPhaseRule Phase => ChannelPhaseRules.TryGet(Name, out var phase)
        ? phase
        : throw new InvalidOperationException($"{Name} has no line in ChannelPhaseRules.");
}
