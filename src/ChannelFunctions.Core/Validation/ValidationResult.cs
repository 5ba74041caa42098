using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Validation;

/// <summary>One broken rule: the JSON path of the field and the rule it breaks.</summary>
/// <param name="Field">The field's path, for example <c>data.channel.party.role</c>, or <c>event</c> for the whole.</param>
/// <param name="Rule">What the field must be, for example <c>must be one of external, agent, monitor, voicemail</c>.</param>
public sealed record ValidationError(string Field, string Rule)
{
    /// <summary>The reason as people read it: <c>field: rule</c>.</summary>
    public override string ToString() => $"{Field}: {Rule}";
}

/// <summary>What the validator decided about one event.</summary>
public enum Verdict
{
    /// <summary>A valid event of a supported type.</summary>
    Accepted,

    /// <summary>The event breaks one or more rules.</summary>
    Invalid,

    /// <summary>A well-formed CloudEvent of a type this app does not ingest.</summary>
    Unsupported,
}

/// <summary>Who an event says it is, as far as it could be read; any part may be missing on bad input.</summary>
/// <param name="Id">The CloudEvents <c>id</c>, when it is a string.</param>
/// <param name="Source">The CloudEvents <c>source</c>, when it is a string.</param>
/// <param name="Type">The CloudEvents <c>type</c>, when it is a string.</param>
/// <param name="ConversationId">The <c>data.channel.conversationId</c>, when it is a string.</param>
public readonly record struct EventIdentity(string? Id, string? Source, string? Type, string? ConversationId);

/// <summary>The validator's verdict on one event, with every broken rule and, when accepted, the event.</summary>
public sealed class ValidationResult
{
    private ValidationResult(Verdict verdict, ChannelEvent? channelEvent, IReadOnlyList<ValidationError> errors, EventIdentity identity)
    {
        Verdict = verdict;
        Event = channelEvent;
        Errors = errors;
        Identity = identity;
    }

    /// <summary>Accepted, invalid or unsupported.</summary>
    public Verdict Verdict { get; }

    /// <summary>The validated event; set only when <see cref="Verdict"/> is <see cref="Verdict.Accepted"/>.</summary>
    public ChannelEvent? Event { get; }

    /// <summary>Every broken rule; empty when accepted.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }

    /// <summary>The event's identity as far as it could be read, for logs and the rejected-event store.</summary>
    public EventIdentity Identity { get; }

    internal static ValidationResult Accepted(ChannelEvent channelEvent) => new(
        Verdict.Accepted,
        channelEvent,
        [],
        new EventIdentity(channelEvent.Id, channelEvent.Source, channelEvent.Rule.Type, channelEvent.ConversationId));

    internal static ValidationResult Rejected(Verdict verdict, IReadOnlyList<ValidationError> errors, EventIdentity identity) =>
        new(verdict, null, errors, identity);
}
