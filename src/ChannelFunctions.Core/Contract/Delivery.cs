namespace ChannelFunctions.Core.Contract;

/// <summary>How events reached this app: one delivery of one or more of them.</summary>
/// <param name="Via">The path it came by: <c>eventgrid</c>, <c>relay</c>, <c>cli</c>, <c>replay</c> or <c>dead-letter</c>.</param>
/// <param name="DeliveryId">The id of the delivery, such as the function invocation id, when there is one.</param>
/// <param name="BatchSize">How many events the delivery carried.</param>
public sealed record Delivery(string Via, string? DeliveryId, int BatchSize);
