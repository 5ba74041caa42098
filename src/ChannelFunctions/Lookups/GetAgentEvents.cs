using ChannelFunctions.Core.Lookups;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ChannelFunctions.Lookups;

/// <summary>
/// <c>GET /api/agents/{agentId}/events?from=…&amp;to=…[&amp;type=…]</c>: the agent's stored CloudEvents, verbatim, by
/// <c>data.timestamp</c>, within a required window of at most <see cref="LookupOptions.MaxAgentWindow"/>, optionally of
/// one type or name; paged.
/// A cross-partition query on the promoted <c>agentId</c>.
/// </summary>
public sealed class GetAgentEvents(LookupRequests requests, IChannelEventQueries queries, ILogger<GetAgentEvents> logger)
{
    /// <summary>The function's name.</summary>
    public const string Name = nameof(GetAgentEvents);

    /// <summary>The route below <c>/api</c>.</summary>
    public const string Route = "agents/{agentId}/events";

    /// <summary>Answers one request.</summary>
    [Function(Name)]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request,
        string agentId,
        CancellationToken cancellationToken) =>
        LookupResults.AnswerAsync(Name, request, () => requests.AgentEvents(agentId, request.Query), logger, cancellationToken,
            async query => LookupResults.Page(request, await queries.ReadEventsAsync(query, cancellationToken).ConfigureAwait(false)));
}
