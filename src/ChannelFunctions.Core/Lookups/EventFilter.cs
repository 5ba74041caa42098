namespace ChannelFunctions.Core.Lookups;

/// <summary>Optional filters of a paged event query; all given ones must hold.</summary>
/// <param name="Type">A full type (<c>channel.held.v1</c>) or a name matching every version (<c>channel.held</c>).</param>
/// <param name="ChannelId">Only this channel's events.</param>
/// <param name="From">Only events with <c>data.timestamp</c> at or after this moment.</param>
/// <param name="To">Only events with <c>data.timestamp</c> before this moment.</param>
public sealed record EventFilter(string? Type = null, string? ChannelId = null, DateTimeOffset? From = null, DateTimeOffset? To = null);
