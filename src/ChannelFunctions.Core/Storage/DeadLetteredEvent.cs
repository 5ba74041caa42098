namespace ChannelFunctions.Core.Storage;

/// <summary>One event Event Grid dead-lettered, as read back from its dead-letter blob.</summary>
/// <param name="BlobName">The dead-letter blob, e.g. <c>EVGT-ABC/INGEST-CHANNEL-EVENTS/2026/12/1/9/&lt;guid&gt;.json</c>.</param>
/// <param name="Index">The event's place in the blob's array.</param>
/// <param name="Id">The event's <c>id</c>, as it reads (before any validation).</param>
/// <param name="Type">The event's <c>type</c>, as it reads.</param>
/// <param name="DeadLetteredAt">When the blob was written.</param>
/// <param name="Event">The CloudEvent as Event Grid would have delivered it: the blob's object without the attributes
/// dead-lettering added. Empty when <paramref name="Problem"/> is set.</param>
/// <param name="Reason">Event Grid's <c>deadletterreason</c> (e.g. <c>MaxDeliveryAttemptsExceeded</c>).</param>
/// <param name="DeliveryAttempts">Event Grid's <c>deliveryattempts</c>.</param>
/// <param name="LastDeliveryOutcome">Event Grid's <c>lastdeliveryoutcome</c> (e.g. <c>TimedOut</c>, <c>NotFound</c>).</param>
/// <param name="Problem">Why the blob (or this element of it) cannot be replayed; <c>null</c> when it can.</param>
public sealed record DeadLetteredEvent(
    string BlobName,
    int Index,
    string? Id,
    string? Type,
    DateTimeOffset? DeadLetteredAt,
    ReadOnlyMemory<byte> Event,
    string? Reason,
    int? DeliveryAttempts,
    string? LastDeliveryOutcome,
    string? Problem);
