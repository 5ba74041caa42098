using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Ingest;

/// <summary>What happened to one event of a delivery.</summary>
/// <param name="Index">Its position in the delivery, from 0.</param>
/// <param name="Fate">What became of it.</param>
/// <param name="Identity">Who it says it is, as far as that could be read.</param>
/// <param name="Reasons">Why it was not stored, for the fates that keep it (<see cref="EventFates.IsKept"/>); else empty.</param>
public sealed record EventOutcome(int Index, EventFate Fate, EventIdentity Identity, IReadOnlyList<string> Reasons);
