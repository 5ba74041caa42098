using ChannelFunctions.Core.Lookups;
using ChannelFunctions.Core.Timeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ChannelFunctions.Lookups;

/// <summary>
/// <c>GET /api/conversations/{conversationId}</c>: the conversation's timeline (interactions, each channel's party,
/// phases and ending, first and last timestamps, event count), computed from its events; 404 when it has none.
/// </summary>
public sealed class GetConversation(LookupRequests requests, IChannelEventQueries queries, ILogger<GetConversation> logger)
{
    /// <summary>The function's name.</summary>
    public const string Name = nameof(GetConversation);

    /// <summary>The route below <c>/api</c>.</summary>
    public const string Route = "conversations/{conversationId}";

    /// <summary>Answers one request.</summary>
    [Function(Name)]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Route)] HttpRequest request,
        string conversationId,
        CancellationToken cancellationToken) =>
        LookupResults.AnswerAsync(request, () => requests.Conversation(conversationId), logger, cancellationToken, async id =>
        {
            var read = await queries.ReadConversationAsync(id, cancellationToken).ConfigureAwait(false);
            return ConversationTimeline.Build(read.Events) is { } timeline
                ? LookupResults.Json(timeline with { Truncated = read.Truncated })
                : LookupResults.NotFound("Conversation not found.", $"No events are stored for conversation {id}.");
        });
}
