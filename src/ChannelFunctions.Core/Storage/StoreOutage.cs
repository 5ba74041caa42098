using System.Net;
using Azure.Identity;
using Microsoft.Azure.Cosmos;

namespace ChannelFunctions.Core.Storage;

/// <summary>
/// Tells a store outage (worth a 503 and a retry) from everything else. Throttling, timeouts, unavailability,
/// authentication and transport failures are outages; a Cosmos 400 is not (the query is ours, so it is a bug).
/// </summary>
public static class StoreOutage
{
    /// <summary>How long clients are told to wait when the store does not say.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>Whether <paramref name="exception"/> means the store is unavailable for now.</summary>
    /// <param name="exception">What the store call threw.</param>
    /// <param name="requestAborted">The caller's own token: its cancellation is the client leaving, not an outage.</param>
    public static bool IsOutage(Exception exception, CancellationToken requestAborted) => exception switch
    {
        CosmosException { StatusCode: HttpStatusCode.BadRequest } => false,
        CosmosException => true,
        HttpRequestException or TimeoutException or AuthenticationFailedException or CredentialUnavailableException => true,
        OperationCanceledException => !requestAborted.IsCancellationRequested,
        _ => false,
    };

    /// <summary>How long to tell the client to wait: the store's own hint (throttling), else <see cref="DefaultRetryAfter"/>.</summary>
    public static TimeSpan RetryAfter(Exception exception) =>
        exception is CosmosException { RetryAfter: { } after } && after > TimeSpan.Zero ? after : DefaultRetryAfter;
}
