using System.Globalization;
using ChannelFunctions.Core.Lookups;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChannelFunctions.Lookups;

/// <summary>
/// What every lookup function shares: 400 for invalid parameters, 503 with <c>Retry-After</c> for a store outage,
/// 503 naming nothing for lookups that are not configured (the log says which setting is wrong)
/// (RFC 9457 problem details through ASP.NET Core's <see cref="Results.Problem(string, string, int?, string, string, IDictionary{string, object?})"/>),
/// and paged answers with a <c>Link: &lt;…&gt;; rel="next"</c> header.
/// </summary>
internal static partial class LookupResults
{
    /// <summary>
    /// Parses the request and answers it: 400 when invalid, else the answer, or 503 when the store is out or the
    /// lookups' settings are unusable (parsing reads them too, so it happens inside).
    /// </summary>
    public static async Task<IResult> AnswerAsync<T>(
        HttpRequest request, Func<LookupRequest<T>> parse, ILogger logger, CancellationToken cancellationToken, Func<T, Task<IResult>> answer)
        where T : class
    {
        try
        {
            var parsed = parse();
            if (!parsed.IsValid)
            {
                return Results.ValidationProblem(parsed.Errors, parsed.Detail, title: "The request's parameters are not valid.");
            }

            return await answer(parsed.Value!).ConfigureAwait(false);
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
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { [LookupParameters.ContinuationToken] = [ContinuationTokens.NotIssuedRule] },
                $"{LookupParameters.ContinuationToken}: {ContinuationTokens.NotIssuedRule}",
                title: "The request's parameters are not valid.");
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

    /// <summary>200 with the answer as JSON.</summary>
    public static IResult Json<T>(T answer) => Results.Json(answer, LookupJson.Options);

    /// <summary>404 problem details.</summary>
    public static IResult NotFound(string title, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);

    /// <summary>200 with a page of events; when there is a next page, its URL in a <c>Link</c> header.</summary>
    public static IResult Page(HttpRequest request, EventPage page)
    {
        if (page.ContinuationToken is { } token)
        {
            request.HttpContext.Response.Headers.Link = $"<{NextPage(request, token)}>; rel=\"next\"";
        }

        return Json(page);
    }

    /// <summary>
    /// The same request with the next page's token: a relative reference with every parameter kept but the old
    /// token and the function key (<c>code</c>), which a client sends in the <c>x-functions-key</c> header instead.
    /// </summary>
    internal static string NextPage(HttpRequest request, string token)
    {
        var query = new QueryBuilder(request.Query
            .Where(p => !p.Key.Equals(LookupParameters.ContinuationToken, StringComparison.OrdinalIgnoreCase)
                        && !p.Key.Equals("code", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(value => KeyValuePair.Create(p.Key, value ?? string.Empty))))
        {
            { LookupParameters.ContinuationToken, token },
        };
        return $"{request.PathBase}{request.Path}{query}";
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Lookups are not configured, {Path} answered 503: {Problem}")]
    private static partial void LogNotConfigured(ILogger logger, string path, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The event store is unavailable for {Path}; answered 503 with Retry-After {RetryAfterSeconds}s")]
    private static partial void LogOutage(ILogger logger, string path, int retryAfterSeconds, Exception exception);
}
