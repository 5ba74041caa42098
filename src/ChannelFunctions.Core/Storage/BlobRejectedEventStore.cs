using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Documents;
using Microsoft.Extensions.Options;

namespace ChannelFunctions.Core.Storage;

/// <summary>
/// Keeps rejected events as JSON blobs named <c>{fate}/{sha256 of the raw bytes}.json</c> (the fate's name,
/// <see cref="EventFates.Name"/>): one per distinct event and fate, written once (a redelivery finds it there and changes nothing). Each blob holds the reasons,
/// when and how the event arrived, and the raw event: as text when it is UTF-8, else base64.
/// </summary>
public sealed class BlobRejectedEventStore : IRejectedEventStore, IDisposable
{
    // Kept for people to read: indented, and non-ASCII left as it is (a blob is never rendered as HTML).
    private static readonly JsonWriterOptions RelaxedIndented = new()
    {
        Indented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly BlobContainerClient _container;
    private readonly RejectedEventsOptions _options;
    private readonly bool _createIfNotExists;
    private readonly SemaphoreSlim _creation = new(1, 1);
    private bool _created;

    /// <summary>Uses the app's one <see cref="BlobServiceClient"/>.</summary>
    public BlobRejectedEventStore(BlobServiceClient service, IOptions<RejectedEventsOptions> options)
    {
        _options = options.Value;
        _container = service.GetBlobContainerClient(options.Value.ContainerName);
        _createIfNotExists = options.Value.CreateIfNotExists;
    }

    /// <summary>The blob name of a rejected event.</summary>
    public static string NameFor(EventFate fate, ReadOnlySpan<byte> raw) =>
        $"{fate.Name()}/{Convert.ToHexStringLower(SHA256.HashData(raw))}.json";

    /// <inheritdoc />
    public async Task<bool> KeepAsync(RejectedEvent rejected, CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var blob = _container.GetBlobClient(NameFor(rejected.Fate, rejected.Raw.Span));
        var upload = new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            Metadata = new Dictionary<string, string>
            {
                ["kind"] = rejected.Fate.Name(),
                ["receivedat"] = ChannelEventDocument.FormatTime(rejected.ReceivedAt),
            },
        };
        try
        {
            await blob.UploadAsync(BinaryData.FromBytes(Serialize(rejected)), upload, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409 || ex.ErrorCode == BlobErrorCode.BlobAlreadyExists)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<KeptRejectedEvent> ListAsync(
        EventFate? fate, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var prefix = fate is { } only ? only.Name() + "/" : null;
        await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken)
                           .ConfigureAwait(false))
        {
            // Judged by the listing's size: a blob too large is reported, not downloaded.
            if (_options.TooLargeToReplay(item.Properties.ContentLength) is { } tooLarge)
            {
                yield return new KeptRejectedEvent(item.Name, item.Properties.CreatedOn, null, tooLarge);
                continue;
            }

            var content = await _container.GetBlobClient(item.Name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            yield return Read(item.Name, item.Properties.CreatedOn, content.Value.Content.ToMemory());
        }
    }

    /// <inheritdoc />
    public void Dispose() => _creation.Dispose();

    /// <summary>The JSON a rejected event is kept as.</summary>
    public static byte[] Serialize(RejectedEvent rejected)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, RelaxedIndented))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", rejected.Fate.Name());
            writer.WriteStartArray("reasons");
            foreach (var reason in rejected.Reasons)
            {
                writer.WriteStringValue(reason);
            }

            writer.WriteEndArray();
            writer.WriteString("receivedAt", ChannelEventDocument.FormatTime(rejected.ReceivedAt));
            writer.WriteStartObject("delivery");
            writer.WriteString("via", rejected.Delivery.Via);
            writer.WriteString("deliveryId", rejected.Delivery.DeliveryId);
            writer.WriteNumber("batchSize", rejected.Delivery.BatchSize);
            writer.WriteNumber("index", rejected.Index);
            writer.WriteEndObject();
            writer.WriteString("eventId", rejected.Identity.Id);
            writer.WriteString("source", rejected.Identity.Source);
            writer.WriteString("type", rejected.Identity.Type);
            writer.WriteString("conversationId", rejected.Identity.ConversationId);
            if (Utf8.IsValid(rejected.Raw.Span))
            {
                writer.WriteString("raw", rejected.Raw.Span);
            }
            else
            {
                writer.WriteBase64String("rawBase64", rejected.Raw.Span);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Reads a kept blob back as the event and reasons <see cref="Serialize"/> wrote; a blob that is not that (one this
    /// app did not write, or cut short) is reported with what is wrong, never thrown.
    /// </summary>
    public static KeptRejectedEvent Read(string name, DateTimeOffset? writtenAt, ReadOnlyMemory<byte> blob)
    {
        try
        {
            using var document = JsonDocument.Parse(blob);
            return new KeptRejectedEvent(name, writtenAt, Deserialize(document.RootElement), null);
        }
        catch (JsonException ex)
        {
            return new KeptRejectedEvent(name, writtenAt, null, $"the blob is not JSON ({ex.Message})");
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            return new KeptRejectedEvent(name, writtenAt, null, $"the blob is not a rejected event as this app keeps them ({ex.Message})");
        }
    }

    /// <exception cref="FormatException">A member is missing or not of its kind.</exception>
    /// <exception cref="InvalidOperationException">A value is not of its kind, or its text escapes an unpaired surrogate.</exception>
    private static RejectedEvent Deserialize(JsonElement root)
    {
        var delivery = Member(root, "delivery", JsonValueKind.Object);
        return new RejectedEvent
        {
            Fate = EventFates.TryParse(Member(root, "kind", JsonValueKind.String).GetString(), out var fate)
                ? fate
                : throw new FormatException("'kind' is not a fate's name"),
            Reasons = [.. Member(root, "reasons", JsonValueKind.Array).EnumerateArray().Select(reason => reason.GetString()
                ?? throw new FormatException("'reasons' holds a null"))],
            Raw = root.TryGetProperty("raw", out var text)
                ? Encoding.UTF8.GetBytes(text.GetString() ?? throw new FormatException("'raw' is null"))
                : Member(root, "rawBase64", JsonValueKind.String).GetBytesFromBase64(),
            ReceivedAt = Member(root, "receivedAt", JsonValueKind.String).GetDateTimeOffset(),
            Delivery = new Delivery(
                Member(delivery, "via", JsonValueKind.String).GetString()!,
                Member(delivery, "deliveryId", null).GetString(),
                Member(delivery, "batchSize", JsonValueKind.Number).GetInt32()),
            Index = Member(delivery, "index", JsonValueKind.Number).GetInt32(),
            Identity = new EventIdentity(
                Member(root, "eventId", null).GetString(),
                Member(root, "source", null).GetString(),
                Member(root, "type", null).GetString(),
                Member(root, "conversationId", null).GetString()),
        };
    }

    /// <summary>A member that must be there, of a kind (any, when <paramref name="kind"/> is <c>null</c>).</summary>
    private static JsonElement Member(JsonElement parent, string name, JsonValueKind? kind) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && (kind is null || value.ValueKind == kind)
            ? value
            : throw new FormatException(kind is null ? $"'{name}' is missing" : $"'{name}' is missing or not a JSON {kind.Value.ToString().ToLowerInvariant()}");

    private async ValueTask EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (!_createIfNotExists || _created)
        {
            return;
        }

        await _creation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_created)
            {
                await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                _created = true;
            }
        }
        finally
        {
            _creation.Release();
        }
    }
}
