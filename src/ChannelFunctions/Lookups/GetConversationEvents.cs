using ChannelFunctions.Core.Lookups;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ChannelFunctions.Lookups;

/// <summary>
/// <c>GET /api/conversations/{conversationId}/events</c>: the conversation's stored CloudEvents, verbatim, by
/// <c>data.timestamp</c>; filters <c>type</c>, <c>channelId</c>, <c>from</c>, <c>to</c>; paged by <c>limit</c> and
/// <c>continuationToken</c>.
/// </summary>
public sealed class GetConversationEvents(LookupRequests requests, IChannelEventQueries queries, ILogger<GetConversationEvents> logger)
{
    /// <summary>The function's name.</summary>
    public const string Name = nameof(GetConversationEvents);

    /// <summary>The route below <c>/api</c>.</summary>
    public const string Route = "conversations/{conversationId}/events";

    /// <summary>Answers one request.</summary>
    [Function(Name)]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request,
        string conversationId,
        CancellationToken cancellationToken) =>
        LookupResults.AnswerAsync(Name, request, () => requests.ConversationEvents(conversationId, request.Query), logger, cancellationToken,
            async query => LookupResults.Page(request, await queries.ReadEventsAsync(query, cancellationToken).ConfigureAwait(false)));
}
