using System.Diagnostics;
using System.Globalization;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Relay;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChannelFunctions.Relay;

/// <summary>
/// The endpoint a VCC webhook subscription points at: verifies the <c>Vonage-Signature</c>, then hands the CloudEvent
/// on unchanged (to the Event Grid topic, or straight to ingest when no topic is configured) and answers 200 only
/// once it was accepted. Anonymous at the Functions level: the signature is the authentication.
/// </summary>
public sealed partial class VccWebhookRelay(
    VccSignatureVerifier verifier,
    IRelayPublisher publisher,
    RelayRejections rejections,
    IOptions<RelayOptions> options,
    ILogger<VccWebhookRelay> logger)
{
    /// <summary>The function's name.</summary>
    public const string Name = nameof(VccWebhookRelay);

    /// <summary>The route under the host's <c>api</c> prefix: <c>POST /api/vcc/events</c>.</summary>
    public const string Route = "vcc/events";

    private const int ReadChunkBytes = 8 * 1024;

    /// <summary>Relays one webhook request.</summary>
    [Function(Name)]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route)] HttpRequest request,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (verifier.ConfigurationProblem is { } problem)
        {
            // The caller is anonymous: what is wrong (setting names, secrets' shapes) goes to the log only.
            LogNotConfigured(logger, problem);
            return Unavailable(request, RelayOptions.DefaultRetryAfter);
        }

        var relay = options.Value;
        var body = await ReadBoundedAsync(request, relay.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            LogTooLarge(logger, relay.MaxBodyBytes);
            return Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large",
                $"The body must be at most {relay.MaxBodyBytes} bytes.");
        }

        var signature = await verifier.VerifyAsync(request.Headers[VccSignature.HeaderName], body).ConfigureAwait(false);
        if (!signature.IsAccepted)
        {
            LogRefused(logger, signature.Failure!, body.Length);
            return Problem(StatusCodes.Status401Unauthorized, "Invalid signature",
                $"The {VccSignature.HeaderName} header is missing or does not verify.");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(relay.PublishTimeout);
        EventFate? fate;
        try
        {
            var shape = CloudEventJson.ShapeOf(body);
            if (shape == BodyShape.TooDeep)
            {
                // The host's Event Grid extension could not read the batch it would be delivered in: every event of
                // that batch would go to the dead-letter container. Refused here, signed, so kept.
                string[] reasons = [$"event: must nest at most {CloudEventJson.MaxEventDepth} levels deep, so that the Functions host can read the Event Grid batch it is delivered in"];
                await rejections.KeepAsync(EventFate.Invalid, reasons, body, context.InvocationId, deadline.Token).ConfigureAwait(false);
                LogNotAnObject(logger, body.Length, reasons[0]);
                return Problem(StatusCodes.Status400BadRequest, "CloudEvent nested too deep",
                    $"The body must be one CloudEvent nested at most {CloudEventJson.MaxEventDepth} levels deep ({reasons[0]}). It was kept as rejected.");
            }

            if (shape != BodyShape.SingleObject)
            {
                // Signed by VCC, so kept for a person to look at, like every event refused for good.
                var reasons = string.Join("; ", await rejections.KeepMalformedAsync(body, context.InvocationId, deadline.Token).ConfigureAwait(false));
                LogNotAnObject(logger, body.Length, reasons);
                return Problem(StatusCodes.Status400BadRequest, "Not a single CloudEvent",
                    $"The body must be one CloudEvent in structured mode, a single JSON object ({reasons}). It was kept as rejected.");
            }

            fate = await publisher.PublishAsync(body, context.InvocationId, deadline.Token).ConfigureAwait(false);
        }
        catch (RelayUnavailableException ex)
        {
            LogUnavailable(logger, ex, ex.Message);
            return Unavailable(request, ex.RetryAfter);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogTimedOut(logger, relay.PublishTimeout);
            return Unavailable(request, RelayOptions.DefaultRetryAfter);
        }

        LogRelayed(logger, fate?.Name() ?? "published", body.Length, signature.Failure is null ? "signed" : signature.Failure,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return TypedResults.Ok();
    }

    /// <summary>Reads the body, but never more than <paramref name="limit"/> bytes; <c>null</c> when it is larger.</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream((int)Math.Min(request.ContentLength ?? ReadChunkBytes, limit));
        var chunk = new byte[ReadChunkBytes];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title);

    /// <summary>One generic 503 for every cause: the log says which it was.</summary>
    private static ProblemHttpResult Unavailable(HttpRequest request, TimeSpan retryAfter)
    {
        // VCC retries failed deliveries for 24 hours; Retry-After tells it (and any other sender) when to come back.
        request.HttpContext.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return Problem(StatusCodes.Status503ServiceUnavailable, "Events cannot be accepted now", "Retry later.");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "VCC webhook relay refused a request because it is not configured: {Problem}")]
    private static partial void LogNotConfigured(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "VCC webhook relay refused a body over {MaxBodyBytes} bytes")]
    private static partial void LogTooLarge(ILogger logger, int maxBodyBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "VCC webhook relay refused a request of {BodyBytes} bytes: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason, int bodyBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "VCC webhook relay refused and kept a signed body of {BodyBytes} bytes that is not a single CloudEvent it can publish: {Reasons}")]
    private static partial void LogNotAnObject(ILogger logger, int bodyBytes, string reasons);

    [LoggerMessage(Level = LogLevel.Warning, Message = "VCC webhook relay could not hand the event on: {Reason}; answered 503")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "VCC webhook relay gave up publishing after {PublishTimeout}; answered 503")]
    private static partial void LogTimedOut(ILogger logger, TimeSpan publishTimeout);

    // Debug: one request per event; the ingest meter counts what becomes of each (docs/telemetry.md).
    [LoggerMessage(Level = LogLevel.Debug, Message = "VCC webhook relay handed on an event of {BodyBytes} bytes ({Signature}): {Outcome} in {ElapsedMs:F1} ms")]
    private static partial void LogRelayed(ILogger logger, string outcome, int bodyBytes, string signature, double elapsedMs);
}
