using ChannelFunctions.Core.Lookups;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ChannelFunctions.Lookups;

/// <summary>
/// <c>GET /api/conversations/{conversationId}/events</c>: the conversation's stored CloudEvents, verbatim, by
/// <c>data.timestamp</c>; filters <c>type</c>, <c>channelId</c>, <c>from</c>, <c>to</c>; paged by <c>limit</c> and
/// <c>continuationToken</c>.
/// </summary>
public sealed class GetConversationEvents(LookupEndpoint endpoint)
{
    /// <summary>The function's name.</summary>
    public const string Name = nameof(GetConversationEvents);

    /// <summary>Answers one request.</summary>
    [Function(Name)]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = LookupRoutes.ConversationEvents)] HttpRequest request, string conversationId, CancellationToken cancellationToken) =>
        endpoint.PageAsync(Name, request, requests => requests.ConversationEvents(conversationId, request.Query), cancellationToken);
}
