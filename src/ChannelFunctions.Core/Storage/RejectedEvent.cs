using ChannelFunctions.Core.Validation;

namespace ChannelFunctions.Core.Storage;

/// <summary>Why an event was not stored as a channel event.</summary>
public enum RejectionKind
{
    /// <summary>It broke the contract.</summary>
    Invalid,

    /// <summary>A well-formed CloudEvent of a type this app does not ingest.</summary>
    Unsupported,

    /// <summary>Same source and id as a stored event, different content: the first one was kept.</summary>
    Conflicting,

    /// <summary>Valid, but the store refused it for good (for example too large).</summary>
    Refused,
}

/// <summary>How an event reached this app.</summary>
/// <param name="Via">The path it came by: <c>eventgrid</c>, <c>relay</c>, <c>cli</c> or <c>replay</c>.</param>
/// <param name="DeliveryId">The id of the delivery, such as the function invocation id, when there is one.</param>
/// <param name="BatchSize">How many events the delivery carried.</param>
public sealed record Delivery(string Via, string? DeliveryId, int BatchSize);

/// <summary>An event that was not stored as a channel event, with everything a person needs to look at it and replay it.</summary>
public sealed record RejectedEvent
{
    /// <summary>Why it was not stored.</summary>
    public required RejectionKind Kind { get; init; }

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

/// <summary>A rejected event as kept in the store, with its name there.</summary>
/// <param name="Name">The name under which the store keeps it.</param>
/// <param name="Event">The event and its reasons.</param>
public sealed record KeptRejectedEvent(string Name, RejectedEvent Event);

/// <summary>Keeps events that were not stored as channel events, so that nothing is lost and each can be replayed.</summary>
public interface IRejectedEventStore
{
    /// <summary>Keeps one event. Returns <c>false</c> when the same bytes were already kept with the same kind.</summary>
    Task<bool> KeepAsync(RejectedEvent rejected, CancellationToken cancellationToken);

    /// <summary>Lists kept events, optionally of one kind only, newest storage order not guaranteed.</summary>
    IAsyncEnumerable<KeptRejectedEvent> ListAsync(RejectionKind? kind, CancellationToken cancellationToken);
}
