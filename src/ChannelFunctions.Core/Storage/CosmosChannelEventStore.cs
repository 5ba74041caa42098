using System.Net;
using System.Text.Json;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Documents;
using ChannelFunctions.Core.Telemetry;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;

namespace ChannelFunctions.Core.Storage;

/// <summary>
/// Stores channel events in Cosmos DB, one document per event, with the stream API so the event's bytes are
/// written as received and nothing is serialized twice. Creation is conditional on the id, so a redelivery is a
/// no-op and nothing is overwritten; a redelivery is told from a conflict by <see cref="DuplicateRule"/>.
/// </summary>
/// <remarks>
/// Only the store's own failures throw. What this code does with one event's content (writing its document,
/// comparing it with the stored one) runs apart from the calls to Cosmos DB, and an exception there refuses that
/// event with the reason instead of failing its batch.
/// </remarks>
public sealed partial class CosmosChannelEventStore(ChannelEventContainer container, ILogger<CosmosChannelEventStore> logger)
    : IChannelEventStore
{
    /// <inheritdoc />
    public async Task<AddResult> AddAsync(ChannelEvent channelEvent, CancellationToken cancellationToken)
    {
        byte[] document;
        try
        {
            document = ChannelEventDocument.Write(channelEvent);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Refuse("its document could not be written", ex);
        }

        var target = await container.GetAsync(cancellationToken).ConfigureAwait(false);
        var partitionKey = new PartitionKey(channelEvent.ConversationId);
        using var content = new MemoryStream(document, writable: false);
        using var created = await target.CreateItemStreamAsync(content, partitionKey, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        Observe("create", created);

        switch (created.StatusCode)
        {
            case HttpStatusCode.Created:
                return new AddResult(EventFate.Stored);
            case HttpStatusCode.Conflict:
                return await CompareWithStoredAsync(target, channelEvent, partitionKey, cancellationToken).ConfigureAwait(false);
            case HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge:
                return new AddResult(EventFate.Refused, $"Cosmos DB refused the document: {(int)created.StatusCode} {created.ErrorMessage}");
            default:
                // Throttling, timeouts and outages that outlived the SDK's retries: fail so the batch is redelivered.
                created.EnsureSuccessStatusCode();
                return new AddResult(EventFate.Stored);
        }
    }

    private async Task<AddResult> CompareWithStoredAsync(
        Container target, ChannelEvent channelEvent, PartitionKey partitionKey, CancellationToken cancellationToken)
    {
        var id = channelEvent.DocumentId;
        using var stored = await target.ReadItemStreamAsync(id, partitionKey, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        Observe("read", stored);
        stored.EnsureSuccessStatusCode();
        // Read it all first: a failure while reading is the store's; what the bytes hold is the event's business.
        using var bytes = new MemoryStream();
        await stored.Content.CopyToAsync(bytes, cancellationToken).ConfigureAwait(false);

        bool same;
        try
        {
            using var document = JsonDocument.Parse(bytes.GetBuffer().AsMemory(0, (int)bytes.Length));
            same = ChannelEventDocument.HasSameEvent(document.RootElement, channelEvent.Raw);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Refuse($"it could not be compared with the event stored first under its source and id (document {id})", ex);
        }

        return same
            ? new AddResult(EventFate.Duplicate)
            : new AddResult(EventFate.Conflicting, $"an event with source '{channelEvent.Source}' and id '{channelEvent.EventId}' but different content was stored first (document {id})");
    }

    private static AddResult Refuse(string what, Exception ex) =>
        new(EventFate.Refused, $"{what}: {ex.GetType().Name}: {ex.Message}");

    /// <summary>Logs and records one call's charge and duration, each only when someone listens.</summary>
    private void Observe(string operation, ResponseMessage response)
    {
        // Reading the charge parses a header and the duration walks the diagnostics: this is every write's path.
        if (logger.IsEnabled(LogLevel.Debug))
        {
            LogCharge(logger, operation, response.StatusCode, response.Headers.RequestCharge);
        }

        if (IngestTelemetry.WritesObserved)
        {
            IngestTelemetry.RecordWrite(operation, response.StatusCode, response.Diagnostics.GetClientElapsedTime(), response.Headers.RequestCharge);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Cosmos DB {Operation} answered {StatusCode} for {RequestCharge} RU")]
    private static partial void LogCharge(ILogger logger, string operation, HttpStatusCode statusCode, double requestCharge);
}
