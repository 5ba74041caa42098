namespace ChannelFunctions.Core.Validation;

/// <summary>What the CloudEvents envelope of an event holds, read by the rules every family shares, for the family's own.</summary>
/// <param name="Id">The CloudEvents <c>id</c>.</param>
/// <param name="Source">The CloudEvents <c>source</c>.</param>
/// <param name="Type">The CloudEvents <c>type</c>.</param>
/// <param name="Subject">The <c>subject</c>, when it is a string.</param>
/// <param name="Time">The <c>time</c>.</param>
/// <param name="Raw">The event's bytes, as received.</param>
internal sealed record Envelope(string Id, string Source, string Type, string? Subject, DateTimeOffset Time, ReadOnlyMemory<byte> Raw);
