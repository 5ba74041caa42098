using ChannelFunctions.Core.Lookups;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ChannelFunctions.Lookups;

/// <summary>
/// <c>GET /api/channels/{channelId}</c>: the channel's phases and its earliest events up to a byte bound
/// (<c>Lookups__MaxChannelEventBytes</c>; past it the answer says <c>eventsTruncated</c> and where the rest are); 404
/// when it has none. The channel's conversation (its partition) is found first, then the channel is read from that
/// partition alone.
/// </summary>
public sealed class GetChannel(LookupRequests requests, IChannelEventQueries queries, ILogger<GetChannel> logger)
{
    /// <summary>The function's name.</summary>
    public const string Name = nameof(GetChannel);

    /// <summary>The route below <c>/api</c>.</summary>
    public const string Route = "channels/{channelId}";

    /// <summary>Answers one request.</summary>
    [Function(Name)]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request,
        string channelId,
        CancellationToken cancellationToken) =>
        LookupResults.AnswerAsync(Name, request, () => requests.Channel(channelId), logger, cancellationToken, async id =>
            await queries.ReadChannelAsync(id, cancellationToken).ConfigureAwait(false) is { } read
                ? LookupResults.Json(ChannelLookup.From(id, read))
                : LookupResults.NotFound("Channel not found.", $"No events are stored for channel {id}."));
}
