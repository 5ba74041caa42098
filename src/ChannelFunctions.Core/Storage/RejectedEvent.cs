using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Storage;

/// <summary>An event that was not stored, with everything a person needs to look at it and replay it.</summary>
public sealed record RejectedEvent
{
    /// <summary>Why it was not stored: one of <see cref="EventFates.Kept"/>.</summary>
    public required EventFate Fate { get; init; }

    /// <summary>Every reason, each naming the field and the rule.</summary>
    public required IReadOnlyList<string> Reasons { get; init; }

    /// <summary>The event's bytes exactly as received.</summary>
    public required ReadOnlyMemory<byte> Raw { get; init; }

    /// <summary>When this app received it.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The delivery it came in.</summary>
    public required Delivery Delivery { get; init; }

    /// <summary>Its position in that delivery, from 0.</summary>
    public required int Index { get; init; }

    /// <summary>Who it says it is, as far as that could be read.</summary>
    public EventIdentity Identity { get; init; }
}
