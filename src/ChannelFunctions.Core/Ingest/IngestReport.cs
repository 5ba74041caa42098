using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Ingest;

/// <summary>What happened to every event of a delivery, in delivery order.</summary>
/// <param name="Outcomes">One outcome per event, in delivery order.</param>
public sealed record IngestReport(IReadOnlyList<EventOutcome> Outcomes)
{
    /// <summary>How many events met the given fate.</summary>
    public int Count(EventFate fate) => Outcomes.Count(outcome => outcome.Fate == fate);
}
