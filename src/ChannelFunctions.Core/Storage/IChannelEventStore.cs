using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Storage;

/// <summary>What happened when an event was added to the store.</summary>
public enum AddOutcome
{
    /// <summary>The event was stored now.</summary>
    Created,

    /// <summary>The same event (same source, id and content) was already stored: nothing changed.</summary>
    Duplicate,

    /// <summary>Another event with the same source and id but different content was stored first: kept as it was.</summary>
    Conflicting,

    /// <summary>The store refused the document for good (for example too large); retrying cannot help.</summary>
    Refused,
}

/// <summary>The outcome of adding one event, with the store's reason when it refused or found a conflict.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Detail">Why, for <see cref="AddOutcome.Refused"/> and <see cref="AddOutcome.Conflicting"/>.</param>
public readonly record struct AddResult(AddOutcome Outcome, string? Detail = null);

/// <summary>
/// Stores validated channel events, at most once per CloudEvents identity (<c>source</c> + <c>id</c>).
/// Throws when the store is unavailable after its own retries, so the delivery can be retried.
/// </summary>
public interface IChannelEventStore
{
    /// <summary>Adds one event; never overwrites a stored one.</summary>
    Task<AddResult> AddAsync(ChannelEvent channelEvent, DateTimeOffset receivedAt, CancellationToken cancellationToken);
}
