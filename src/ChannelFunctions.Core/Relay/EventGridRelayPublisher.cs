using System.Globalization;
using Azure;
using Azure.Messaging.EventGrid;
using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Relay;

/// <summary>
/// Publishes relayed events to an Event Grid topic (CloudEvents 1.0 schema) with the app's one
/// <see cref="EventGridPublisherClient"/>. The event's bytes are sent as they are, inside a one-element batch, so id,
/// source, time, extensions and data reach the topic unchanged (the SDK's <c>CloudEvent</c> type would re-serialize them).
/// </summary>
public sealed class EventGridRelayPublisher(
    EventGridPublisherClient client, RelayRejections rejections)
    : IRelayPublisher
{
    /// <summary>
    /// Client options that keep a publish, retries included, inside the relay's publish timeout and VCC's 10 seconds:
    /// a short network timeout per try and two quick retries (the SDK honours the topic's Retry-After up to MaxDelay).
    /// </summary>
    public static EventGridPublisherClientOptions ClientOptions()
    {
        var options = new EventGridPublisherClientOptions();
        options.Retry.MaxRetries = 2;
        options.Retry.Mode = Azure.Core.RetryMode.Exponential;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(2);
        return options;
    }

    /// <inheritdoc />
    public async Task<EventFate?> PublishAsync(ReadOnlyMemory<byte> cloudEvent, string? deliveryId, CancellationToken cancellationToken)
    {
        var batch = new byte[cloudEvent.Length + 2];
        batch[0] = (byte)'[';
        cloudEvent.Span.CopyTo(batch.AsSpan(1));
        batch[^1] = (byte)']';
        try
        {
            await client.SendEncodedCloudEventsAsync(batch, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status is 400 or 413)
        {
            // The topic found the event itself malformed or too large: no retry can help, so keep it rather than
            // have VCC resend it for 24 hours and then drop it.
            await rejections.KeepAsync(
                EventFate.Refused, [$"the Event Grid topic refused the event: {ex.Status} {ex.ErrorCode}".TrimEnd()],
                cloudEvent, deliveryId, cancellationToken).ConfigureAwait(false);
            return EventFate.Refused;
        }
        catch (RequestFailedException ex)
        {
            throw new RelayUnavailableException(
                $"the Event Grid topic answered {(ex.Status == 0 ? "nothing" : ex.Status.ToString(CultureInfo.InvariantCulture))}",
                RetryAfter(ex.GetRawResponse()), ex);
        }
    }

    private static TimeSpan RetryAfter(Response? response) =>
        response is not null
        && response.Headers.TryGetValue("Retry-After", out var value)
        && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && seconds is > 0 and <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : RelayOptions.DefaultRetryAfter;
}
