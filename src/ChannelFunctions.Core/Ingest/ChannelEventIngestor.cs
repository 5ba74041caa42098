using ChannelFunctions.Core.Storage;
using ChannelFunctions.Core.Telemetry;
using ChannelFunctions.Core.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChannelFunctions.Core.Ingest;

/// <summary>
/// Ingests deliveries of raw CloudEvents: validates each event on its own, stores valid channel events and keeps
/// every other event, with its reasons, in the rejected-event store. One bad event never blocks its batch. When a
/// store fails (after the SDKs' own retries) the exception propagates so the whole delivery is retried; since
/// storing is idempotent, a redelivery is safe.
/// </summary>
public sealed partial class ChannelEventIngestor(
    ChannelEventValidator validator,
    IChannelEventStore events,
    IRejectedEventStore rejected,
    IOptions<IngestOptions> options,
    TimeProvider time,
    ILogger<ChannelEventIngestor> logger)
{
    /// <summary>Ingests one delivery, writing up to <see cref="IngestOptions.MaxConcurrency"/> events at once.</summary>
    public async Task<IngestReport> IngestAsync(
        IReadOnlyList<ReadOnlyMemory<byte>> batch, Delivery delivery, CancellationToken cancellationToken)
    {
        var outcomes = new EventOutcome[batch.Count];
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.Value.MaxConcurrency,
            CancellationToken = cancellationToken,
        };
        using var batchActivity = IngestTelemetry.StartBatch(delivery, batch.Count);
        // On the first failure no further event starts, but writes under way are let finish (the caller's token,
        // not the loop's): what they stored is then a duplicate on redelivery instead of work to redo.
        await Parallel.ForEachAsync(Enumerable.Range(0, batch.Count), parallel, async (index, _) =>
        {
            using var activity = IngestTelemetry.StartEvent(index);
            outcomes[index] = IngestTelemetry.Completed(
                activity, await IngestOneAsync(batch[index], delivery, index, cancellationToken).ConfigureAwait(false));
        }).ConfigureAwait(false);

        var report = new IngestReport(outcomes);
        LogBatch(logger, delivery.Via, delivery.DeliveryId, batch.Count, report.Count(EventFate.Stored),
            report.Count(EventFate.Duplicate), report.Count(EventFate.Invalid), report.Count(EventFate.Unsupported),
            report.Count(EventFate.Conflicting), report.Count(EventFate.Refused));
        return report;
    }

    private async Task<EventOutcome> IngestOneAsync(
        ReadOnlyMemory<byte> raw, Delivery delivery, int index, CancellationToken cancellationToken)
    {
        var receivedAt = time.GetUtcNow();
        var verdict = validator.Validate(raw);
        var identity = verdict.Identity;
        if (verdict.Event is not { } channelEvent)
        {
            var kind = verdict.Verdict == Verdict.Unsupported ? RejectionKind.Unsupported : RejectionKind.Invalid;
            var reasons = verdict.Errors.Select(error => error.ToString()).ToArray();
            return await KeepAsync(kind, reasons, raw, receivedAt, delivery, index, identity, cancellationToken).ConfigureAwait(false);
        }

        var added = await events.AddAsync(channelEvent, receivedAt, cancellationToken).ConfigureAwait(false);
        switch (added.Outcome)
        {
            case AddOutcome.Created:
                LogStored(logger, identity.Id, identity.Type, identity.ConversationId);
                return new EventOutcome(index, EventFate.Stored, identity, []);
            case AddOutcome.Duplicate:
                LogDuplicate(logger, identity.Id, identity.Type, identity.ConversationId);
                return new EventOutcome(index, EventFate.Duplicate, identity, []);
            default:
                var kind = added.Outcome == AddOutcome.Conflicting ? RejectionKind.Conflicting : RejectionKind.Refused;
                return await KeepAsync(kind, [added.Detail ?? added.Outcome.ToString()], raw, receivedAt, delivery, index, identity, cancellationToken)
                    .ConfigureAwait(false);
        }
    }

    private async Task<EventOutcome> KeepAsync(
        RejectionKind kind, string[] reasons, ReadOnlyMemory<byte> raw, DateTimeOffset receivedAt,
        Delivery delivery, int index, EventIdentity identity, CancellationToken cancellationToken)
    {
        var kept = await rejected.KeepAsync(
            new RejectedEvent
            {
                Kind = kind,
                Reasons = reasons,
                Raw = raw,
                ReceivedAt = receivedAt,
                Delivery = delivery,
                Index = index,
                Identity = identity,
            },
            cancellationToken).ConfigureAwait(false);
        var fate = kind switch
        {
            RejectionKind.Unsupported => EventFate.Unsupported,
            RejectionKind.Conflicting => EventFate.Conflicting,
            RejectionKind.Refused => EventFate.Refused,
            _ => EventFate.Invalid,
        };
        LogKept(logger, fate, identity.Id, identity.Type, identity.ConversationId, index, string.Join("; ", reasons), kept);
        return new EventOutcome(index, fate, identity, reasons);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored event {EventId} of type {EventType} in conversation {ConversationId}")]
    private static partial void LogStored(ILogger logger, string? eventId, string? eventType, string? conversationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Duplicate event {EventId} of type {EventType} in conversation {ConversationId} was already stored; nothing changed")]
    private static partial void LogDuplicate(ILogger logger, string? eventId, string? eventType, string? conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kept {Fate} event {EventId} of type {EventType} in conversation {ConversationId} (index {Index}): {Reasons} (newly kept: {NewlyKept})")]
    private static partial void LogKept(ILogger logger, EventFate fate, string? eventId, string? eventType, string? conversationId, int index, string reasons, bool newlyKept);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingested {BatchSize} events via {Via} (delivery {DeliveryId}): {Stored} stored, {Duplicates} duplicate, {Invalid} invalid, {Unsupported} unsupported, {Conflicting} conflicting, {Refused} refused")]
    private static partial void LogBatch(ILogger logger, string via, string? deliveryId, int batchSize, int stored, int duplicates, int invalid, int unsupported, int conflicting, int refused);
}
