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
/// written as received. Creation is conditional on the id, so a redelivery is a no-op and nothing is overwritten.
/// </summary>
public sealed partial class CosmosChannelEventStore(ChannelEventContainer container, ILogger<CosmosChannelEventStore> logger)
    : IChannelEventStore
{
    /// <inheritdoc />
    public async Task<AddResult> AddAsync(ChannelEvent channelEvent, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var target = await container.GetAsync(cancellationToken).ConfigureAwait(false);
        var partitionKey = new PartitionKey(channelEvent.ConversationId);
        var document = ChannelEventDocument.Write(channelEvent, receivedAt);
        using var content = new MemoryStream(document, writable: false);
        using var created = await target.CreateItemStreamAsync(content, partitionKey, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        LogCharge(logger, "create", created.StatusCode, created.Headers.RequestCharge);
        IngestTelemetry.RecordWrite("create", created.StatusCode, created.Diagnostics.GetClientElapsedTime(), created.Headers.RequestCharge);

        switch (created.StatusCode)
        {
            case HttpStatusCode.Created:
                return new AddResult(AddOutcome.Created);
            case HttpStatusCode.Conflict:
                return await CompareWithStoredAsync(target, channelEvent, partitionKey, cancellationToken).ConfigureAwait(false);
            case HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge:
                return new AddResult(AddOutcome.Refused, $"Cosmos DB refused the document: {(int)created.StatusCode} {created.ErrorMessage}");
            default:
                // Throttling, timeouts and outages that outlived the SDK's retries: fail so the batch is redelivered.
                created.EnsureSuccessStatusCode();
                return new AddResult(AddOutcome.Created);
        }
    }

    private async Task<AddResult> CompareWithStoredAsync(
        Container target, ChannelEvent channelEvent, PartitionKey partitionKey, CancellationToken cancellationToken)
    {
        var id = ChannelEventDocument.IdFor(channelEvent.Source, channelEvent.Id);
        using var stored = await target.ReadItemStreamAsync(id, partitionKey, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        LogCharge(logger, "read", stored.StatusCode, stored.Headers.RequestCharge);
        IngestTelemetry.RecordWrite("read", stored.StatusCode, stored.Diagnostics.GetClientElapsedTime(), stored.Headers.RequestCharge);
        stored.EnsureSuccessStatusCode();
        using var document = await JsonDocument.ParseAsync(stored.Content, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return ChannelEventDocument.HasSameEvent(document.RootElement, channelEvent.Raw)
            ? new AddResult(AddOutcome.Duplicate)
            : new AddResult(AddOutcome.Conflicting, $"an event with source '{channelEvent.Source}' and id '{channelEvent.Id}' but different content was stored first (document {id})");
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Cosmos DB {Operation} answered {StatusCode} for {RequestCharge} RU")]
    private static partial void LogCharge(ILogger logger, string operation, HttpStatusCode statusCode, double requestCharge);
}
