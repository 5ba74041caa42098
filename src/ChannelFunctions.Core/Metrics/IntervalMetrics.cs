namespace ChannelFunctions.Core.Metrics;

/// <summary>One interval of <see cref="CenterMetrics.Intervals"/>: the conversations that started in it.</summary>
/// <param name="Start">Where it starts; it ends where the next starts, or at the window's end.</param>
/// <param name="Inbound">Its inbound conversations' figures.</param>
/// <param name="Outbound">Its outbound conversations' figures.</param>
public sealed record IntervalMetrics(DateTimeOffset Start, InboundMetrics Inbound, OutboundMetrics Outbound);
