namespace ChannelFunctions.Core.Storage;

/// <summary>A rejected event as kept in the store, with its name there.</summary>
/// <param name="Name">The name under which the store keeps it.</param>
/// <param name="Event">The event and its reasons.</param>
public sealed record KeptRejectedEvent(string Name, RejectedEvent Event);
