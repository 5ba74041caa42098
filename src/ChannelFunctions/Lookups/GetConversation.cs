using ChannelFunctions.Core.Lookups;
using ChannelFunctions.Core.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ChannelFunctions.Lookups;

/// <summary>
/// <c>GET /api/conversations/{conversationId}</c>: the conversation's timeline (interactions, each channel's party,
/// phases and ending, first and last timestamps, event count), computed from its events; 404 when it has none.
/// JSON by default; the same timeline as an HTML page with an SVG picture (<see cref="ConversationTimelinePage"/>)
/// when the request's <c>Accept</c> header prefers <c>text/html</c>, as a browser's does.
/// </summary>
public sealed class GetConversation(LookupEndpoint endpoint)
{
    /// <summary>The function's name.</summary>
    public const string Name = nameof(GetConversation);

    /// <summary>Answers one request.</summary>
    [Function(Name)]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = LookupRoutes.Conversation)] HttpRequest request, string conversationId, CancellationToken cancellationToken) =>
        endpoint.AnswerAsync(Name, request, requests => requests.Conversation(conversationId), async id =>
            (await endpoint.Queries.ReadConversationAsync(id, cancellationToken).ConfigureAwait(false)).ToConversationTimeline() is not { } timeline
                ? LookupEndpoint.NotFound("Conversation not found.", $"No events are stored for conversation {id}.")
                : LookupEndpoint.PrefersHtml(request.GetTypedHeaders())
                    ? LookupEndpoint.Html(ConversationTimelinePage.Render(timeline))
                    : LookupEndpoint.Json(timeline), cancellationToken);
}
