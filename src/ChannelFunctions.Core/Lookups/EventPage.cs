namespace ChannelFunctions.Core.Lookups;

/// <summary>One page of events.</summary>
/// <param name="Events">The stored CloudEvents, verbatim, by <c>data.timestamp</c> then document id.</param>
/// <param name="ContinuationToken">The opaque token for the next page; <c>null</c> on the last page.</param>
public sealed record EventPage(IReadOnlyList<VerbatimJson> Events, string? ContinuationToken);
