using System.Diagnostics.CodeAnalysis;

namespace ChannelFunctions.Core.Storage;

/// <summary>A rejected event as kept in the store, with its name there; or a blob there that cannot be read back as one.</summary>
/// <param name="Name">The name under which the store keeps it.</param>
/// <param name="WrittenAt">When the blob was written.</param>
/// <param name="Event">The event and its reasons; <c>null</c> when <paramref name="Problem"/> is set.</param>
/// <param name="Problem">Why the blob cannot be read back as a kept event; <c>null</c> when it can.</param>
public sealed record KeptRejectedEvent(string Name, DateTimeOffset? WrittenAt, RejectedEvent? Event, string? Problem)
{
    /// <summary>Whether the blob was read back as a kept event (<see cref="Event"/> is set).</summary>
    [MemberNotNullWhen(true, nameof(Event))]
    public bool IsReadable => Event is not null;
}
