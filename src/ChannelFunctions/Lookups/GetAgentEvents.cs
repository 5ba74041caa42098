using ChannelFunctions.Core.Lookups;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ChannelFunctions.Lookups;

/// <summary>
/// <c>GET /api/agents/{agentId}/events?from=…&amp;to=…[&amp;type=…]</c>: the agent's stored CloudEvents, verbatim, by
/// <c>data.timestamp</c>, within a required window of at most <see cref="LookupOptions.MaxAgentWindow"/>, optionally of
/// one type or name; paged. A cross-partition query on the event's <c>agentId</c>.
/// </summary>
public sealed class GetAgentEvents(LookupEndpoint endpoint)
{
    /// <summary>The function's name.</summary>
    public const string Name = nameof(GetAgentEvents);

    /// <summary>Answers one request.</summary>
    [Function(Name)]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = LookupRoutes.AgentEvents)] HttpRequest request, string agentId, CancellationToken cancellationToken) =>
        endpoint.PageAsync(Name, request, requests => requests.AgentEvents(agentId, request.Query), cancellationToken);
}
