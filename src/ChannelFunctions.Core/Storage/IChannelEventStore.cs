using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Storage;

/// <summary>What happened when an event was added to the store.</summary>
public enum AddOutcome
{
    /// <summary>The event was stored now.</summary>
    Created,

    /// <summary>
    /// The same event was already stored: same source and id, and the same content by the duplicate rule
    /// (<see cref="Documents.DuplicateRule"/>), whatever re-serialization either went through. Nothing changed.
    /// </summary>
    Duplicate,

    /// <summary>Another event with the same source and id but a real difference in content was stored first: kept as it was.</summary>
    Conflicting,

    /// <summary>
    /// Not stored for good, retrying cannot help: the store refused the document (for example too large), or the
    /// event's content broke this app's own handling of it (writing its document, comparing it with a stored one).
    /// </summary>
    Refused,
}

/// <summary>The outcome of adding one event, with the store's reason when it refused or found a conflict.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Detail">Why, for <see cref="AddOutcome.Refused"/> and <see cref="AddOutcome.Conflicting"/>.</param>
public readonly record struct AddResult(AddOutcome Outcome, string? Detail = null);

/// <summary>
/// Stores validated channel events, at most once per CloudEvents identity (<c>source</c> + <c>id</c>).
/// Throws only when the store is unavailable after its own retries, so the delivery can be retried; whatever one
/// event's content causes is that event's <see cref="AddOutcome.Refused"/>, with the reason.
/// </summary>
public interface IChannelEventStore
{
    /// <summary>Adds one event; never overwrites a stored one.</summary>
    Task<AddResult> AddAsync(ChannelEvent channelEvent, DateTimeOffset receivedAt, CancellationToken cancellationToken);
}
