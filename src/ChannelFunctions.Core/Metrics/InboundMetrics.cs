namespace ChannelFunctions.Core.Metrics;

/// <summary>Inbound conversations' figures: counts by outcome, rates from 0 to 1, means in milliseconds; <c>null</c> where a divisor is 0.</summary>
/// <param name="Offered">All inbound conversations.</param>
/// <param name="Answered">Those answered by an agent.</param>
/// <param name="Abandoned">Those the customer left before an answer.</param>
/// <param name="Voicemail">Those that went to voicemail.</param>
/// <param name="InProgress">Those not decided yet.</param>
/// <param name="AbandonRate"><c>abandoned / (answered + abandoned)</c>.</param>
/// <param name="AsaMs">Average speed of answer: the mean <c>waitMs</c> of the answered ones.</param>
/// <param name="ServiceLevel">Answered ones with <c>waitMs</c> at most the threshold, divided by <c>answered + abandoned</c>.</param>
/// <param name="AhtMs">Average handle time: the mean <c>handleMs</c> of the answered ones that are complete.</param>
public sealed record InboundMetrics(
    int Offered,
    int Answered,
    int Abandoned,
    int Voicemail,
    int InProgress,
    double? AbandonRate,
    double? AsaMs,
    double? ServiceLevel,
    double? AhtMs)
{
    /// <summary>The figures of the inbound ones of <paramref name="conversations"/>, with a service-level threshold in milliseconds.</summary>
    internal static InboundMetrics Of(IEnumerable<ConversationMetrics> conversations, double thresholdMs)
    {
        var inbound = conversations.Where(c => c.Direction == ConversationDirection.Inbound).ToList();
        var answered = inbound.Where(c => c.Outcome == ConversationOutcome.Answered).ToList();
        var abandoned = inbound.Count(c => c.Outcome == ConversationOutcome.Abandoned);
        return new InboundMetrics(
            inbound.Count,
            answered.Count,
            abandoned,
            inbound.Count(c => c.Outcome == ConversationOutcome.Voicemail),
            inbound.Count(c => c.Outcome == ConversationOutcome.InProgress),
            Milliseconds.Rate(abandoned, answered.Count + abandoned),
            Milliseconds.Mean(answered.Select(c => c.WaitMs)),
            Milliseconds.Rate(answered.Count(c => c.WaitMs <= thresholdMs), answered.Count + abandoned),
            Milliseconds.Mean(answered.Where(c => c.Complete).Select(c => c.HandleMs)));
    }
}
