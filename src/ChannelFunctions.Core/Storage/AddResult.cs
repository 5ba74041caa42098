using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Storage;

/// <summary>What adding one event to the store made of it, with the store's reason when it kept it out.</summary>
/// <param name="Fate">
/// <see cref="EventFate.Stored"/>, <see cref="EventFate.Duplicate"/> (stored before with the same meaning: nothing
/// changed), <see cref="EventFate.Conflicting"/> or <see cref="EventFate.Refused"/>.
/// </param>
/// <param name="Detail">Why, for <see cref="EventFate.Conflicting"/> and <see cref="EventFate.Refused"/>.</param>
public readonly record struct AddResult(EventFate Fate, string? Detail = null);
