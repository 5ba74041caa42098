using ChannelFunctions.Core.Lookups;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ChannelFunctions.Lookups;

/// <summary>
/// <c>GET /api/interactions/{interactionId}/events</c>: the interaction's stored CloudEvents, verbatim, by
/// <c>data.timestamp</c>, optionally within <c>from</c>…<c>to</c>; paged. A cross-partition query on the promoted
/// <c>interactionId</c>.
/// </summary>
public sealed class GetInteractionEvents(LookupRequests requests, IChannelEventQueries queries, ILogger<GetInteractionEvents> logger)
{
    /// <summary>The function's name.</summary>
    public const string Name = nameof(GetInteractionEvents);

    /// <summary>The route below <c>/api</c>.</summary>
    public const string Route = "interactions/{interactionId}/events";

    /// <summary>Answers one request.</summary>
    [Function(Name)]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request,
        string interactionId,
        CancellationToken cancellationToken) =>
        LookupResults.AnswerAsync(Name, request, () => requests.InteractionEvents(interactionId, request.Query), logger, cancellationToken,
            async query => LookupResults.Page(request, await queries.ReadEventsAsync(query, cancellationToken).ConfigureAwait(false)));
}
