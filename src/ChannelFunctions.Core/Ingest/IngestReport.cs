using ChannelFunctions.Core.Validation;

namespace ChannelFunctions.Core.Ingest;

/// <summary>The fate of one event.</summary>
public enum EventFate
{
    /// <summary>Stored now.</summary>
    Stored,

    /// <summary>Already stored with the same content: nothing changed.</summary>
    Duplicate,

    /// <summary>Broke the contract; kept as rejected.</summary>
    Invalid,

    /// <summary>A type this app does not ingest; kept as unsupported.</summary>
    Unsupported,

    /// <summary>Same identity as a stored event, different content; kept as conflicting.</summary>
    Conflicting,

    /// <summary>Valid, but the store refused it for good; kept as refused.</summary>
    Refused,
}

/// <summary>What happened to one event of a delivery.</summary>
/// <param name="Index">Its position in the delivery, from 0.</param>
/// <param name="Fate">What happened to it.</param>
/// <param name="Identity">Who it says it is, as far as that could be read.</param>
/// <param name="Reasons">Why it was not stored, for the fates that keep it as rejected; else empty.</param>
public sealed record EventOutcome(int Index, EventFate Fate, EventIdentity Identity, IReadOnlyList<string> Reasons);

/// <summary>What happened to every event of a delivery, in delivery order.</summary>
/// <param name="Outcomes">One outcome per event, in delivery order.</param>
public sealed record IngestReport(IReadOnlyList<EventOutcome> Outcomes)
{
    /// <summary>How many events met the given fate.</summary>
    public int Count(EventFate fate) => Outcomes.Count(outcome => outcome.Fate == fate);
}
