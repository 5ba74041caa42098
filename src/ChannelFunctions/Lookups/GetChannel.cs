using ChannelFunctions.Core.Lookups;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ChannelFunctions.Lookups;

/// <summary>
/// <c>GET /api/channels/{channelId}</c>: the channel's phases and its earliest events up to a byte bound
/// (<c>Lookups__MaxChannelEventBytes</c>; past it the answer says <c>eventsTruncated</c> and where the rest are); 404
/// when it has none. The channel's conversation (its partition) is found first, then the channel is read from that
/// partition alone.
/// </summary>
public sealed class GetChannel(LookupEndpoint endpoint)
{
    /// <summary>The function's name.</summary>
    public const string Name = nameof(GetChannel);

    /// <summary>Answers one request.</summary>
    [Function(Name)]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = LookupRoutes.Channel)] HttpRequest request, string channelId, CancellationToken cancellationToken) =>
        endpoint.AnswerAsync(Name, request, requests => requests.Channel(channelId), async id =>
            await endpoint.Queries.ReadChannelAsync(id, cancellationToken).ConfigureAwait(false) is { } read
                ? LookupEndpoint.Json(ChannelLookup.From(id, read))
                : LookupEndpoint.NotFound("Channel not found.", $"No events are stored for channel {id}."), cancellationToken);
}
