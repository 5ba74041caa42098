using System.Net;
using System.Text;
using Microsoft.Azure.Cosmos;

namespace ChannelFunctions.IntegrationTests.Ingest.Faults;

/// <summary>
/// Faults for Cosmos DB document requests, drawn from one seeded random source, at two places in the SDK:
/// <see cref="Http"/> sits under the SDK's retries (its <c>HttpClient</c>), <see cref="Sdk"/> above them
/// (<see cref="CosmosClientOptions.CustomHandlers"/>). Which request gets which fault depends on how the
/// concurrent requests interleave; the rates and the seed are fixed.
/// </summary>
internal sealed class CosmosFaults(int seed)
{
    private readonly Random _random = new(seed);
    private int _throttled;
    private int _unavailable;
    private int _timedOutAfterSending;
    private int _failedBeforeSending;
    private int _unavailableAfterRetries;
    private int _throttledThroughRetries;

    /// <summary>Share of document requests answered 429 with <c>x-ms-retry-after-ms</c>, for the SDK to retry.</summary>
    public double ThrottleRate { get; init; }

    /// <summary>Share answered 503 by the gateway.</summary>
    public double UnavailableRate { get; init; }

    /// <summary>Share sent to the server whose answer is then lost to a timeout, as <c>HttpClient</c> reports one.</summary>
    public double TimeoutAfterSendingRate { get; init; }

    /// <summary>Share that fail to connect before anything is sent.</summary>
    public double FailBeforeSendingRate { get; init; }

    /// <summary>Share answered 503 above the SDK's retries, as if they had all failed.</summary>
    public double UnavailableAfterRetriesRate { get; init; }

    /// <summary>The handler under the SDK's retries, over <paramref name="transport"/>.</summary>
    public DelegatingHandler Http(HttpMessageHandler transport) => new HttpFaults(this) { InnerHandler = transport };

    /// <summary>The handler above the SDK's retries.</summary>
    public RequestHandler Sdk() => new SdkFaults(this);

    /// <summary>What was injected, and how many 429s came up through the SDK's retries (expected: none).</summary>
    public string Describe() =>
        $"{_throttled} throttled (429), {_unavailable} unavailable (503), {_timedOutAfterSending} timed out after sending, " +
        $"{_failedBeforeSending} failed before sending, {_unavailableAfterRetries} unavailable above the SDK's retries; " +
        $"429s that came up through the SDK's retries: {_throttledThroughRetries}";

    public int ThrottledThroughRetries => Volatile.Read(ref _throttledThroughRetries);

    private double Next()
    {
        lock (_random)
        {
            return _random.NextDouble();
        }
    }

    private static bool IsDocumentRequest(Uri? uri) => uri?.OriginalString.Contains("/docs", StringComparison.Ordinal) == true;

    private sealed class HttpFaults(CosmosFaults faults) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!IsDocumentRequest(request.RequestUri))
            {
                return await base.SendAsync(request, cancellationToken);
            }

            var draw = faults.Next();
            if ((draw -= faults.ThrottleRate) < 0)
            {
                Interlocked.Increment(ref faults._throttled);
                return Answer(request, (HttpStatusCode)429, ("x-ms-retry-after-ms", "2"), ("x-ms-substatus", "3200"));
            }

            if ((draw -= faults.UnavailableRate) < 0)
            {
                Interlocked.Increment(ref faults._unavailable);
                return Answer(request, HttpStatusCode.ServiceUnavailable);
            }

            if ((draw -= faults.FailBeforeSendingRate) < 0)
            {
                Interlocked.Increment(ref faults._failedBeforeSending);
                throw new HttpRequestException("injected: connection refused", new IOException("injected"));
            }

            var response = await base.SendAsync(request, cancellationToken);
            if ((draw -= faults.TimeoutAfterSendingRate) < 0)
            {
                Interlocked.Increment(ref faults._timedOutAfterSending);
                response.Dispose();
                // What HttpClient throws when its timeout passes; the server did get the request.
                throw new TaskCanceledException("injected: the answer did not come in time", new TimeoutException());
            }

            return response;
        }

        private static HttpResponseMessage Answer(HttpRequestMessage request, HttpStatusCode status, params (string Name, string Value)[] headers)
        {
            var response = new HttpResponseMessage(status)
            {
                RequestMessage = request,
                Content = new StringContent($$"""{"code":"{{(int)status}}","message":"injected fault"}""", Encoding.UTF8, "application/json"),
            };
            response.Headers.TryAddWithoutValidation("x-ms-activity-id", Guid.NewGuid().ToString());
            response.Headers.TryAddWithoutValidation("x-ms-request-charge", "0");
            foreach (var (name, value) in headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            return response;
        }
    }

    private sealed class SdkFaults(CosmosFaults faults) : RequestHandler
    {
        public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
        {
            // Above the retries the SDK addresses item operations by their container (dbs/{db}/colls/{coll}...).
            if (request.RequestUri?.OriginalString.Contains("/colls/", StringComparison.Ordinal) == true
                && faults.Next() < faults.UnavailableAfterRetriesRate)
            {
                Interlocked.Increment(ref faults._unavailableAfterRetries);
                return new ResponseMessage(HttpStatusCode.ServiceUnavailable, request, "injected: unavailable after the SDK's retries");
            }

            var response = await base.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode == 429)
            {
                Interlocked.Increment(ref faults._throttledThroughRetries);
            }

            return response;
        }
    }
}
