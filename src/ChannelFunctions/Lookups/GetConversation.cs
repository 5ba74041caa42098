using ChannelFunctions.Core.Lookups;
using ChannelFunctions.Core.Timeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Headers;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace ChannelFunctions.Lookups;

/// <summary>
/// <c>GET /api/conversations/{conversationId}</c>: the conversation's timeline (interactions, each channel's party,
/// phases and ending, first and last timestamps, event count), computed from its events; 404 when it has none.
/// JSON by default; the same timeline as an HTML page with an SVG picture (<see cref="ConversationTimelinePage"/>)
/// when the request's <c>Accept</c> header prefers <c>text/html</c>, as a browser's does.
/// </summary>
public sealed class GetConversation(LookupRequests requests, IChannelEventQueries queries, ILogger<GetConversation> logger)
{
    /// <summary>The function's name.</summary>
    public const string Name = nameof(GetConversation);

    /// <summary>The route below <c>/api</c>.</summary>
    public const string Route = "conversations/{conversationId}";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>Answers one request.</summary>
    [Function(Name)]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request,
        string conversationId,
        CancellationToken cancellationToken) =>
        LookupResults.AnswerAsync(Name, request, () => requests.Conversation(conversationId), logger, cancellationToken, async id =>
        {
            var read = await queries.ReadConversationAsync(id, cancellationToken).ConfigureAwait(false);
            if (read.ToConversationTimeline() is not { } timeline)
            {
                return LookupResults.NotFound("Conversation not found.", $"No events are stored for conversation {id}.");
            }

            return PrefersHtml(request.GetTypedHeaders())
                ? Results.Content(ConversationTimelinePage.Render(timeline), $"{ConversationTimelinePage.MediaType}; charset=utf-8")
                : LookupResults.Json(timeline);
        });

    /// <summary>
    /// Whether <c>text/html</c>, named explicitly, has a higher quality than JSON (<c>application/json</c>, or the
    /// <c>application/*</c> and <c>*/*</c> ranges that cover it): a browser's <c>text/html,…,*/*;q=0.8</c> gets the
    /// page; no header, <c>*/*</c>, or a tie gets JSON, the default.
    /// </summary>
    internal static bool PrefersHtml(RequestHeaders headers)
    {
        double html = 0, json = 0;
        foreach (var range in headers.Accept)
        {
            var quality = range.Quality ?? 1;
            if (range.MediaType.Equals(ConversationTimelinePage.MediaType, StringComparison.OrdinalIgnoreCase))
            {
                html = Math.Max(html, quality);
            }
            else if (range.IsSubsetOf(Json) || Json.IsSubsetOf(range))
            {
                json = Math.Max(json, quality);
            }
        }

        return html > json;
    }
}
