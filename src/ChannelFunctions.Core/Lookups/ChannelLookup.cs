using System.Text.Json;
using ChannelFunctions.Core.Timeline;

namespace ChannelFunctions.Core.Lookups;

/// <summary>The answer to a channel lookup (<c>GET /api/channels/{channelId}</c>, <c>channelfunctions show channel</c>).</summary>
/// <param name="ConversationId">The conversation the channel belongs to.</param>
/// <param name="Channel">The channel's party, phases and ending; <c>null</c> when none of its events is of a known type.</param>
/// <param name="Events">The channel's stored CloudEvents, verbatim, by <c>data.timestamp</c>.</param>
/// <param name="Truncated">Whether the channel had more events than were read.</param>
public sealed record ChannelLookup(string ConversationId, ChannelTimeline? Channel, IReadOnlyList<JsonElement> Events, bool Truncated);
