using ChannelFunctions.Core.Lookups;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ChannelFunctions.Lookups;

/// <summary>
/// <c>GET /api/interactions/{interactionId}/events</c>: the interaction's stored CloudEvents, verbatim, by
/// <c>data.timestamp</c>, optionally within <c>from</c>…<c>to</c>; paged. A cross-partition query on the promoted
/// <c>interactionId</c>.
/// </summary>
public sealed class GetInteractionEvents(LookupEndpoint endpoint)
{
    /// <summary>The function's name.</summary>
    public const string Name = nameof(GetInteractionEvents);

    /// <summary>Answers one request.</summary>
    [Function(Name)]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = LookupRoutes.InteractionEvents)] HttpRequest request, string interactionId, CancellationToken cancellationToken) =>
        endpoint.PageAsync(Name, request, requests => requests.InteractionEvents(interactionId, request.Query), cancellationToken);
}
