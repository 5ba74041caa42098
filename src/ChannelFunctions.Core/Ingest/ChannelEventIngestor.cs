using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Storage;
using ChannelFunctions.Core.Telemetry;
using ChannelFunctions.Core.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChannelFunctions.Core.Ingest;

/// <summary>
/// Ingests deliveries of raw CloudEvents: validates each event on its own, stores valid channel events and keeps
/// every other event, with its reasons, in the rejected-event store. One bad event never blocks its batch: whatever
/// its content causes, in the validator or the store, it is kept with the reason. Only when a store fails (after the
/// SDKs' own retries) does the exception propagate, so the whole delivery is retried; since storing is idempotent
/// and a redelivery is never a conflict, that is safe. Once a delivery's events are stored, every
/// <see cref="IDerivedView"/> gets the accepted ones.
/// </summary>
public sealed partial class ChannelEventIngestor(
    ChannelEventValidator validator,
    IChannelEventStore events,
    IRejectedEventStore rejected,
    IEnumerable<IDerivedView> views,
    IOptions<IngestOptions> options,
    TimeProvider time,
    ILogger<ChannelEventIngestor> logger)
{
    /// <summary>Ingests one delivery, writing up to <see cref="IngestOptions.MaxConcurrency"/> events at once.</summary>
    public async Task<IngestReport> IngestAsync(
        IReadOnlyList<ReadOnlyMemory<byte>> batch, Delivery delivery, CancellationToken cancellationToken)
    {
        var outcomes = new EventOutcome[batch.Count];
        var accepted = new ChannelEvent?[batch.Count];
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
            var (outcome, channelEvent) = await IngestOneAsync(batch[index], delivery, index, cancellationToken).ConfigureAwait(false);
            IngestTelemetry.Completed(outcome.Fate, outcome.Identity, outcome.Reasons);
            outcomes[index] = outcome;
            accepted[index] = channelEvent;
        }).ConfigureAwait(false);

        var acceptedEvents = new AcceptedEvents([.. accepted.OfType<ChannelEvent>()]);
        if (!acceptedEvents.IsEmpty)
        {
            foreach (var view in views)
            {
                await view.ApplyAsync(acceptedEvents, cancellationToken).ConfigureAwait(false);
            }
        }

        var report = new IngestReport(outcomes);
        LogBatch(logger, delivery.Via, delivery.DeliveryId, batch.Count, string.Join(", ", EventFates.Ingest.Select(fate => $"{report.Count(fate)} {fate.Name()}")));
        return report;
    }

    /// <summary>Validates and stores or keeps one event; the event too when it was accepted (stored or duplicate).</summary>
    private async Task<(EventOutcome Outcome, ChannelEvent? Accepted)> IngestOneAsync(
        ReadOnlyMemory<byte> raw, Delivery delivery, int index, CancellationToken cancellationToken)
    {
        var receivedAt = time.GetUtcNow();
        ValidationResult result;
        try
        {
            result = validator.Validate(raw);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The validator refuses what it can name; anything it throws is this event's content too, never the batch's.
            return (await KeepAsync(EventFate.Invalid, [$"the event could not be validated: {ex.GetType().Name}: {ex.Message}"], raw, receivedAt, delivery, index, default, cancellationToken)
                .ConfigureAwait(false), null);
        }

        var identity = result.Identity;
        if (result.Event is not { } channelEvent)
        {
            return (await KeepAsync(result.Fate!.Value, [.. result.Errors.Select(error => error.ToString())], raw, receivedAt, delivery, index, identity, cancellationToken)
                .ConfigureAwait(false), null);
        }

        var added = await events.AddAsync(channelEvent, cancellationToken).ConfigureAwait(false);
        if (added.Fate.IsKept())
        {
            return (await KeepAsync(added.Fate, [added.Detail ?? added.Fate.Name()], raw, receivedAt, delivery, index, identity, cancellationToken)
                .ConfigureAwait(false), null);
        }

        LogAdded(logger, added.Fate, identity.Id, identity.Type, identity.ConversationId);
        return (new EventOutcome(index, added.Fate, identity, []), channelEvent);
    }

    private async Task<EventOutcome> KeepAsync(
        EventFate fate, string[] reasons, ReadOnlyMemory<byte> raw, DateTimeOffset receivedAt,
        Delivery delivery, int index, EventIdentity identity, CancellationToken cancellationToken)
    {
        var kept = await rejected.KeepAsync(
            new RejectedEvent
            {
                Fate = fate,
                Reasons = reasons,
                Raw = raw,
                ReceivedAt = receivedAt,
                Delivery = delivery,
                Index = index,
                Identity = identity,
            },
            cancellationToken).ConfigureAwait(false);
        LogKept(logger, fate.Name(), identity.Id, identity.Type, identity.ConversationId, index, string.Join("; ", reasons), kept);
        return new EventOutcome(index, fate, identity, reasons);
    }

    private static void LogAdded(ILogger logger, EventFate fate, string? eventId, string? eventType, string? conversationId)
    {
        if (fate == EventFate.Stored)
        {
            LogStored(logger, eventId, eventType, conversationId);
        }
        else
        {
            LogDuplicate(logger, eventId, eventType, conversationId);
        }
    }

    // Debug: stored and duplicate events are counted exactly by the meter; a record each would cost more than the
    // write (docs/telemetry.md). Rejected events stay Warnings, findable by their id.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Stored event {EventId} of type {EventType} in conversation {ConversationId}")]
    private static partial void LogStored(ILogger logger, string? eventId, string? eventType, string? conversationId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Duplicate event {EventId} of type {EventType} in conversation {ConversationId} was already stored; nothing changed")]
    private static partial void LogDuplicate(ILogger logger, string? eventId, string? eventType, string? conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kept {Fate} event {EventId} of type {EventType} in conversation {ConversationId} (index {Index}): {Reasons} (newly kept: {NewlyKept})")]
    private static partial void LogKept(ILogger logger, string fate, string? eventId, string? eventType, string? conversationId, int index, string reasons, bool newlyKept);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingested {BatchSize} events via {Via} (delivery {DeliveryId}): {Fates}")]
    private static partial void LogBatch(ILogger logger, string via, string? deliveryId, int batchSize, string fates);
}
