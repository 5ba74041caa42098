using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;

namespace ChannelFunctions.Core.Storage;

/// <summary>
/// Reads what Event Grid dead-lettered into the dead-letter container (<see cref="RejectedEventsOptions.DeadLetterContainerName"/>),
/// in Event Grid's own format for the CloudEvents 1.0 delivery schema: blobs named
/// <c>{TOPIC}/{SUBSCRIPTION}/{yyyy}/{M}/{d}/{H}/{guid}.json</c> (names upper-cased, date parts not zero-padded), each a
/// JSON array of one or more events, each event the delivered CloudEvent plus the attributes <c>deadletterreason</c>,
/// <c>deliveryattempts</c>, <c>lastdeliveryoutcome</c>, <c>lasthttpstatuscode</c>, <c>publishtime</c> and
/// <c>lastdeliveryattempttime</c>. Nothing is deleted: the blobs stay as the record of the outage.
/// </summary>
public sealed class EventGridDeadLetters(BlobServiceClient blobs, IOptions<RejectedEventsOptions> options)
{
    /// <summary>The attributes Event Grid adds to a dead-lettered CloudEvent; removed again before replay.</summary>
    public static IReadOnlySet<string> DeadLetterAttributes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "deadletterreason", "deliveryattempts", "lastdeliveryoutcome", "lasthttpstatuscode", "publishtime", "lastdeliveryattempttime",
    };

    private static readonly byte[][] DeadLetterAttributeNames = [.. DeadLetterAttributes.Select(Encoding.UTF8.GetBytes)];

    /// <summary>
    /// The dead-lettered events, one list per blob (never empty; blobs in name order, which is time order per
    /// subscription). Event Grid delivered each blob's events together, so each list is replayed as one delivery.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<DeadLetteredEvent>> ListAsync(string? prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var container = blobs.GetBlobContainerClient(options.Value.DeadLetterContainerName);
        // Event Grid writes into the container the infrastructure made; none (a local run) means nothing was dead-lettered.
        if (!await container.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            yield break;
        }

        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).ConfigureAwait(false))
        {
            // Judged by the listing's size: a blob too large is reported, not downloaded.
            if (options.Value.TooLargeToReplay(item.Properties.ContentLength) is { } tooLarge)
            {
                yield return [Unreadable(item.Name, 0, item.Properties.CreatedOn, tooLarge)];
                continue;
            }

            var content = await container.GetBlobClient(item.Name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            if (Read(item.Name, item.Properties.CreatedOn, content.Value.Content.ToMemory()) is { Count: > 0 } events)
            {
                yield return events;
            }
        }
    }

    /// <summary>
    /// The events of one dead-letter blob; a blob or element that is not what Event Grid writes is reported, not
    /// skipped. (An empty array has no events.) An event whose names or attributes escape an unpaired surrogate is
    /// still Event Grid's format: it is read (named by its attributes as written) and replayed, and the validator
    /// gives it its fate, as it would have on delivery.
    /// </summary>
    public static IReadOnlyList<DeadLetteredEvent> Read(string blobName, DateTimeOffset? writtenAt, ReadOnlyMemory<byte> blob)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(blob);
        }
        catch (JsonException ex)
        {
            return [Unreadable(blobName, 0, writtenAt, $"the blob is not JSON ({ex.Message})")];
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return [Unreadable(blobName, 0, writtenAt, "the blob is not a JSON array of events, as Event Grid writes them")];
            }

            var events = new List<DeadLetteredEvent>();
            var index = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                events.Add(element.ValueKind == JsonValueKind.Object
                    ? new DeadLetteredEvent(
                        blobName, index, Text(element, "id"), Text(element, "type"), writtenAt, WithoutDeadLetterAttributes(element),
                        Text(element, "deadletterreason"), Number(element, "deliveryattempts"), Text(element, "lastdeliveryoutcome"), null)
                    : Unreadable(blobName, index, writtenAt, $"element {index} is not a JSON object"));
                index++;
            }

            return events;
        }
    }

    /// <summary>
    /// The event as it was delivered: every member but the dead-letter attributes, each name and value byte for byte
    /// (a name that escapes an unpaired surrogate has no .NET string, so names are copied as written too).
    /// </summary>
    private static byte[] WithoutDeadLetterAttributes(JsonElement deadLettered)
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write("{"u8);
        var first = true;
        foreach (var member in deadLettered.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(member);
            if (IsDeadLetterAttribute(name))
            {
                continue;
            }

            buffer.Write(first ? "\""u8 : ",\""u8);
            buffer.Write(name);
            buffer.Write("\":"u8);
            buffer.Write(JsonMarshal.GetRawUtf8Value(member.Value));
            first = false;
        }

        buffer.Write("}"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static bool IsDeadLetterAttribute(ReadOnlySpan<byte> rawName)
    {
        foreach (var attribute in DeadLetterAttributeNames)
        {
            if (rawName.SequenceEqual(attribute))
            {
                return true;
            }
        }

        return false;
    }

    private static DeadLetteredEvent Unreadable(string blobName, int index, DateTimeOffset? writtenAt, string problem) =>
        new(blobName, index, null, null, writtenAt, ReadOnlyMemory<byte>.Empty, null, null, null, problem);

    /// <summary>A string attribute; one that escapes an unpaired surrogate (no .NET string holds it) as written, escapes kept.</summary>
    private static string? Text(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8Value(value)[1..^1]);
        }
    }

    private static int? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;
}
