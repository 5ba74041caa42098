using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Validation;

/// <summary>What the CloudEvents envelope of a valid-so-far event holds, for its family's rules.</summary>
/// <param name="Id">The CloudEvents <c>id</c>.</param>
/// <param name="Source">The CloudEvents <c>source</c>.</param>
/// <param name="Rule">The line of the type in its family's table.</param>
/// <param name="Subject">The <c>subject</c>, when it is a string.</param>
/// <param name="Time">The <c>time</c>.</param>
/// <param name="Raw">The event's bytes, as received.</param>
internal sealed record Envelope(string Id, string Source, ChannelEventRule Rule, string? Subject, DateTimeOffset Time, ReadOnlyMemory<byte> Raw);
