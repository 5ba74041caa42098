using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Storage;
using ChannelFunctions.Core.Validation;

namespace ChannelFunctions.Core.Relay;

/// <summary>
/// Keeps what the relay refuses for good after VCC signed it (a body that is not one CloudEvent, an event the topic
/// finds malformed), in the rejected-event store with its reasons, so that no signed input is lost.
/// </summary>
public sealed class RelayRejections(IRejectedEventStore rejected, ChannelEventValidator validator, TimeProvider time)
{
    /// <summary>Keeps a signed body that is not a single CloudEvent object; returns the validator's reasons.</summary>
    /// <exception cref="RelayUnavailableException">The rejected-event store is unavailable.</exception>
    public async Task<IReadOnlyList<string>> KeepMalformedAsync(ReadOnlyMemory<byte> body, string? deliveryId, CancellationToken cancellationToken)
    {
        var result = validator.Validate(body);
        string[] reasons = result.Errors.Count > 0
            ? [.. result.Errors.Select(error => error.ToString())]
            : ["event: must be a single JSON object"];
        await KeepAsync(EventFate.Invalid, reasons, body, deliveryId, result.Identity, cancellationToken).ConfigureAwait(false);
        return reasons;
    }

    /// <summary>Keeps a relayed event with the given fate and reasons.</summary>
    /// <exception cref="RelayUnavailableException">The rejected-event store is unavailable.</exception>
    public Task KeepAsync(EventFate fate, IReadOnlyList<string> reasons, ReadOnlyMemory<byte> body, string? deliveryId, CancellationToken cancellationToken) =>
        KeepAsync(fate, reasons, body, deliveryId, validator.Validate(body).Identity, cancellationToken);

    private async Task KeepAsync(
        EventFate fate, IReadOnlyList<string> reasons, ReadOnlyMemory<byte> body, string? deliveryId, EventIdentity identity,
        CancellationToken cancellationToken)
    {
        try
        {
            await rejected.KeepAsync(
                new RejectedEvent
                {
                    Fate = fate,
                    Reasons = reasons,
                    Raw = body,
                    ReceivedAt = time.GetUtcNow(),
                    Delivery = new Delivery("relay", deliveryId, 1),
                    Index = 0,
                    Identity = identity,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not kept means VCC must resend it later; the blob store outlived its SDK's retries.
            throw new RelayUnavailableException("the rejected-event store is unavailable", RelayOptions.DefaultRetryAfter, ex);
        }
    }
}
