namespace ChannelFunctions.Core.Metrics;

/// <summary>Outbound conversations' figures: counts by outcome.</summary>
/// <param name="Attempted">All outbound conversations.</param>
/// <param name="Answered">Those the customer answered.</param>
/// <param name="Unanswered">Those whose customer's channel failed or ended first.</param>
public sealed record OutboundMetrics(int Attempted, int Answered, int Unanswered)
{
    /// <summary>The figures of the outbound ones of <paramref name="conversations"/>.</summary>
    internal static OutboundMetrics Of(IEnumerable<ConversationMetrics> conversations)
    {
        var outbound = conversations.Where(c => c.Direction == ConversationDirection.Outbound).ToList();
        return new OutboundMetrics(
            outbound.Count,
            outbound.Count(c => c.Outcome == ConversationOutcome.Answered),
            outbound.Count(c => c.Outcome == ConversationOutcome.Unanswered));
    }
}
