using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Validation;

/// <summary>The validator's answer on one event: the event when valid, else its fate and every broken rule.</summary>
public sealed class ValidationResult
{
    private ValidationResult(ChannelEvent? channelEvent, EventFate? fate, IReadOnlyList<ValidationError> errors, EventIdentity identity)
    {
        Event = channelEvent;
        Fate = fate;
        Errors = errors;
        Identity = identity;
    }

    /// <summary>The validated event; <c>null</c> when the event was refused.</summary>
    public ChannelEvent? Event { get; }

    /// <summary>
    /// Why the event was refused: <see cref="EventFate.Invalid"/> (it breaks a rule) or <see cref="EventFate.Unsupported"/>
    /// (a well-formed CloudEvent of a type this app does not ingest); <c>null</c> when it is valid and goes on to be stored.
    /// </summary>
    public EventFate? Fate { get; }

    /// <summary>Whether the event is valid.</summary>
    public bool IsValid => Event is not null;

    /// <summary>Every broken rule; empty when valid.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }

    /// <summary>The event's identity as far as it could be read, for logs and the rejected-event store.</summary>
    public EventIdentity Identity { get; }

    internal static ValidationResult Valid(ChannelEvent channelEvent) => new(
        channelEvent, null, [], new EventIdentity(channelEvent.EventId, channelEvent.Source, channelEvent.Type, channelEvent.ConversationId));

    internal static ValidationResult Refused(EventFate fate, IReadOnlyList<ValidationError> errors, EventIdentity identity) =>
        new(null, fate, errors, identity);
}
