using System.Text.Json;
using ChannelFunctions.Queries;
using ChannelFunctions.Timeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ChannelFunctions.Functions.Lookups;

/// <summary>The answer of <see cref="GetChannel"/>.</summary>
/// <param name="ConversationId">The conversation the channel belongs to.</param>
/// <param name="Channel">The channel's party, phases and ending; <c>null</c> when none of its events is of a known type.</param>
/// <param name="Events">The channel's stored CloudEvents, verbatim, by <c>data.timestamp</c>.</param>
/// <param name="Truncated">Whether the channel had more events than were read.</param>
public sealed record ChannelLookup(string ConversationId, ChannelTimeline? Channel, IReadOnlyList<JsonElement> Events, bool Truncated);

/// <summary>
/// <c>GET /api/channels/{channelId}</c>: the channel's phases and its events; 404 when it has none. The channel's
/// conversation (its partition) is found first, then the channel is read from that partition alone.
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
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Route)] HttpRequest request,
        string channelId,
        CancellationToken cancellationToken) =>
        LookupResults.AnswerAsync(request, requests.Channel(channelId), logger, cancellationToken, async id =>
            await queries.ReadChannelAsync(id, cancellationToken).ConfigureAwait(false) is { } read
                ? LookupResults.Json(new ChannelLookup(read.ConversationId, ChannelTimeline.Build(read.Events), read.CloudEvents, read.Truncated))
                : LookupResults.NotFound("Channel not found.", $"No events are stored for channel {id}."));
}
