using System.Diagnostics;
using System.Globalization;
using ChannelFunctions.Core.Lookups;
using ChannelFunctions.Core.Pages;
using ChannelFunctions.Core.Storage;
using ChannelFunctions.Core.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ChannelFunctions.Lookups;

/// <summary>
/// What every lookup function shares, so that each is a few lines: parsing the request (400 for invalid parameters),
/// reading the store (503 with <c>Retry-After</c> for an outage), 503 naming nothing for lookups that are not
/// configured (the log says which setting is wrong), RFC 9457 problem details through ASP.NET Core's
/// <see cref="Results.Problem(string, string, int?, string, string, IDictionary{string, object?})"/>, paged answers with
/// a <c>Link: &lt;…&gt;; rel="next"</c> header, and counting each answer (<see cref="LookupTelemetry"/>).
/// </summary>
public sealed partial class LookupEndpoint(LookupRequests requests, IChannelEventQueries queries, ILogger<LookupEndpoint> logger)
{
    private const string InvalidTitle = "The request's parameters are not valid.";

    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");

    /// <summary>The store's reads, for answers that are not a page of events.</summary>
    public IChannelEventQueries Queries => queries;

    /// <summary>
    /// Parses the request and answers it: 400 when invalid, else the answer, or 503 when the store is out or the
    /// lookups' settings are unusable (parsing reads them too, so it happens inside). Counts it, with its duration,
    /// by <paramref name="endpoint"/> (the function's name) and status.
    /// </summary>
    public async Task<IResult> AnswerAsync<T>(
        string endpoint, HttpRequest request, Func<LookupRequests, LookupRequest<T>> parse, Func<T, Task<IResult>> answer, CancellationToken cancellationToken)
        where T : class
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            var result = await AnswerOrProblemAsync(request, parse, answer, cancellationToken).ConfigureAwait(false);
            status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
            return result;
        }
        finally
        {
            LookupTelemetry.Answered(endpoint, status, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>A paged lookup of events: the page as JSON, with the next page's URL in a <c>Link</c> header.</summary>
    public Task<IResult> PageAsync(
        string endpoint, HttpRequest request, Func<LookupRequests, LookupRequest<EventQuery>> parse, CancellationToken cancellationToken) =>
        AnswerAsync(endpoint, request, parse, async query =>
        {
            var page = await queries.ReadEventsAsync(query, cancellationToken).ConfigureAwait(false);
            if (page.ContinuationToken is { } token)
            {
                request.HttpContext.Response.Headers.Link = $"<{NextPage(request, token)}>; rel=\"next\"";
            }

            return Json(page);
        }, cancellationToken);

    /// <summary>200 with the answer as JSON.</summary>
    public static IResult Json<T>(T answer) => Results.Json(answer, LookupJson.Options);

    /// <summary>200 with an HTML page.</summary>
    public static IResult Html(string page) => Results.Content(page, $"{HtmlPage.MediaType}; charset=utf-8");

    /// <summary>404 problem details.</summary>
    public static IResult NotFound(string title, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);

    /// <summary>
    /// Whether <c>text/html</c>, named explicitly, has a higher quality than JSON (<c>application/json</c>, or the
    /// <c>application/*</c> and <c>*/*</c> ranges that cover it): a browser's <c>text/html,…,*/*;q=0.8</c> gets the
    /// page; no header, <c>*/*</c>, or a tie gets JSON, the default.
    /// </summary>
    public static bool PrefersHtml(RequestHeaders headers)
    {
        double html = 0, json = 0;
        foreach (var range in headers.Accept)
        {
            var quality = range.Quality ?? 1;
            if (range.MediaType.Equals(HtmlPage.MediaType, StringComparison.OrdinalIgnoreCase))
            {
                html = Math.Max(html, quality);
            }
            else if (range.IsSubsetOf(JsonMediaType) || JsonMediaType.IsSubsetOf(range))
            {
                json = Math.Max(json, quality);
            }
        }

        return html > json;
    }

    /// <summary>
    /// The same request with the next page's token: a relative reference with every parameter kept but the old
    /// token and the function key (<c>code</c>), which a client sends in the <c>x-functions-key</c> header instead.
    /// </summary>
    internal static string NextPage(HttpRequest request, string token) =>
        LookupLinks.Build(
            $"{request.PathBase}{request.Path}",
            request.Query
                .Where(p => !p.Key.Equals(LookupParameters.ContinuationToken, StringComparison.OrdinalIgnoreCase)
                            && !p.Key.Equals("code", StringComparison.OrdinalIgnoreCase))
                .SelectMany(p => p.Value.Select(value => KeyValuePair.Create(p.Key, value ?? string.Empty)))
                .Append(KeyValuePair.Create(LookupParameters.ContinuationToken, token)));

    private async Task<IResult> AnswerOrProblemAsync<T>(
        HttpRequest request, Func<LookupRequests, LookupRequest<T>> parse, Func<T, Task<IResult>> answer, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var parsed = parse(requests);
            return parsed.IsValid ? await answer(parsed.Value!).ConfigureAwait(false) : Invalid(parsed);
        }
        catch (OptionsValidationException ex)
        {
            // The caller may be anyone holding a function key: which setting is wrong, and how, is for the log only.
            LogNotConfigured(logger, request.Path, string.Join("; ", ex.Failures));
            return Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Lookups are unavailable.",
                detail: "The service cannot answer lookups now.");
        }
        catch (InvalidContinuationException)
        {
            return Invalid(LookupRequest<T>.Refused(LookupParameters.ContinuationToken, ContinuationTokens.NotIssuedRule));
        }
        catch (Exception ex) when (StoreOutage.IsOutage(ex, cancellationToken))
        {
            var seconds = (int)Math.Ceiling(StoreOutage.RetryAfter(ex).TotalSeconds);
            LogOutage(logger, request.Path, seconds, ex);
            request.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The event store is unavailable.",
                detail: $"The event store did not answer or is throttling requests; try again in {seconds} seconds.");
        }
    }

    /// <summary>The one 400: every broken rule by parameter name.</summary>
    private static IResult Invalid<T>(LookupRequest<T> request)
        where T : class => Results.ValidationProblem(request.Errors, request.Detail, title: InvalidTitle);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lookups are not configured, {Path} answered 503: {Problem}")]
    private static partial void LogNotConfigured(ILogger logger, string path, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The event store is unavailable for {Path}; answered 503 with Retry-After {RetryAfterSeconds}s")]
    private static partial void LogOutage(ILogger logger, string path, int retryAfterSeconds, Exception exception);
}
