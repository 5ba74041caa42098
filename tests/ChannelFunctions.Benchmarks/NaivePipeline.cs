using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Messaging;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Documents;
using ChannelFunctions.Core.Validation;

namespace ChannelFunctions.Benchmarks;

/// <summary>
/// What a developer would write by hand for the same job, with general libraries and reflection: parse the envelope
/// with Azure.Messaging's <see cref="CloudEvent"/>, deserialize <c>data</c> to POCOs with System.Text.Json, validate
/// them with DataAnnotations (<see cref="Validator.TryValidateObject(object, ValidationContext, ICollection{System.ComponentModel.DataAnnotations.ValidationResult}?, bool)"/>),
/// then build the document as a POCO and serialize it. It checks the contract's rules (required members, types,
/// GUIDs, RFC 3339 times, roles, agentId for agents and monitors, subject equals channelId, content type, size and
/// field limits, known types), so that it is a fair comparison, not a strawman; it does not report the rules in the
/// same words, and it leans on the libraries for hostile input (depth, duplicate keys) as such code would.
/// </summary>
public sealed class NaivePipeline
{
    private const int MaxEventBytes = 64 * 1024;
    private const int MaxFieldLength = 1024;
    private const string GuidPattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
    private const string TimePattern = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        AllowDuplicateProperties = false,
        MaxDepth = 32,
    };

    private static readonly HashSet<string> SupportedTypes = [.. ChannelEventTypes.All.Select(rule => rule.Type)];

    /// <summary>Validates one event and, when it is valid, returns its document.</summary>
    public NaiveOutcome Process(ReadOnlyMemory<byte> raw)
    {
        if (raw.IsEmpty || raw.Length > MaxEventBytes)
        {
            return NaiveOutcome.Rejected(EventFate.Invalid, "event: too large or empty");
        }

        CloudEvent cloudEvent;
        try
        {
            cloudEvent = CloudEvent.Parse(BinaryData.FromBytes(raw))
                ?? throw new JsonException("not an event");
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException or NotSupportedException or InvalidOperationException)
        {
            return NaiveOutcome.Rejected(EventFate.Invalid, $"event: {ex.Message}");
        }

        var errors = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        var envelope = new Envelope
        {
            Id = cloudEvent.Id,
            Source = cloudEvent.Source,
            Type = cloudEvent.Type,
            Subject = cloudEvent.Subject,
            Time = cloudEvent.Time,
            DataContentType = cloudEvent.DataContentType,
        };
        Validate(envelope, errors);
        if (!SupportedTypes.Contains(cloudEvent.Type))
        {
            return NaiveOutcome.Rejected(errors.Count == 0 ? EventFate.Unsupported : EventFate.Invalid, $"type: {cloudEvent.Type} is not supported");
        }

        EventData? data;
        try
        {
            data = cloudEvent.Data is null ? null : cloudEvent.Data.ToObjectFromJson<EventData>(Json);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            return NaiveOutcome.Rejected(EventFate.Invalid, $"data: {ex.Message}");
        }

        if (data is null)
        {
            return NaiveOutcome.Rejected(EventFate.Invalid, "data: is required");
        }

        Validate(data, errors);
        if (data.Channel is { } channel)
        {
            Validate(channel, errors);
            if (channel.Party is { } party)
            {
                Validate(party, errors);
            }

            if (envelope.Subject is not null && channel.ChannelId is not null
                && !(Guid.TryParse(envelope.Subject, out var subject) && Guid.TryParse(channel.ChannelId, out var channelId) && subject == channelId))
            {
                errors.Add(new("subject must equal data.channel.channelId", [nameof(Envelope.Subject)]));
            }
        }

        var reasonRule = ChannelEventTypes.TryGet(cloudEvent.Type, out var rule) && rule.CarriesReason;
        if (reasonRule && data.Reason is { ValueKind: not JsonValueKind.String })
        {
            errors.Add(new("data.reason must be a string", [nameof(EventData.Reason)]));
        }

        if (errors.Count > 0)
        {
            return new NaiveOutcome(EventFate.Invalid, [.. errors.Select(error => error.ErrorMessage ?? "invalid")], null);
        }

        var document = new Document
        {
            Id = EventIdentity.Key(cloudEvent.Source, cloudEvent.Id),
            ConversationId = Guid.Parse(data.Channel!.ConversationId!).ToString("D"),
            InteractionId = Guid.Parse(data.Channel.InteractionId!).ToString("D"),
            ChannelId = Guid.Parse(data.Channel.ChannelId!).ToString("D"),
            Timestamp = FormatTime(DateTimeOffset.Parse(data.Timestamp!, CultureInfo.InvariantCulture)),
            Original = StoreRoundTrip.Survives(raw.Span) ? null : raw.ToArray(),
            Event = JsonSerializer.Deserialize<JsonElement>(raw.Span, Json),
        };
        return new NaiveOutcome(null, [], JsonSerializer.SerializeToUtf8Bytes(document, Json));
    }

    private static void Validate(object instance, List<System.ComponentModel.DataAnnotations.ValidationResult> errors) =>
        Validator.TryValidateObject(instance, new ValidationContext(instance), errors, validateAllProperties: true);

    private static string FormatTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString(ChannelEventDocument.TimeFormat, CultureInfo.InvariantCulture);

    private sealed class Envelope
    {
        [Required, StringLength(MaxFieldLength)]
        public string? Id { get; init; }

        [Required, StringLength(MaxFieldLength)]
        public string? Source { get; init; }

        [Required, StringLength(MaxFieldLength)]
        public string? Type { get; init; }

        [Required, StringLength(MaxFieldLength)]
        public string? Subject { get; init; }

        [Required]
        public DateTimeOffset? Time { get; init; }

        [RegularExpression("^(?i)application/json(\\s*;.*)?$")]
        public string? DataContentType { get; init; }
    }

    private sealed class EventData
    {
        [Required, StringLength(MaxFieldLength), RegularExpression(TimePattern)]
        public string? Timestamp { get; init; }

        [Required]
        public ChannelData? Channel { get; init; }

        public JsonElement? Reason { get; init; }
    }

    private sealed class ChannelData
    {
        [Required, RegularExpression(GuidPattern)]
        public string? ConversationId { get; init; }

        [Required, RegularExpression(GuidPattern)]
        public string? InteractionId { get; init; }

        [Required, RegularExpression(GuidPattern)]
        public string? ChannelId { get; init; }

        [Required]
        public PartyData? Party { get; init; }
    }

    private sealed class PartyData : IValidatableObject
    {
        [Required, AllowedValues(PartyRoles.External, PartyRoles.Agent, PartyRoles.Monitor, PartyRoles.Voicemail)]
        public string? Role { get; init; }

        [StringLength(MaxFieldLength, MinimumLength = 1)]
        public string? AgentId { get; init; }

        [StringLength(MaxFieldLength, MinimumLength = 1)]
        public string? UserId { get; init; }

        public IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> Validate(ValidationContext validationContext)
        {
            if (Role is PartyRoles.Agent or PartyRoles.Monitor && AgentId is null)
            {
                yield return new("data.channel.party.agentId is required for agents and monitors", [nameof(AgentId)]);
            }
        }
    }

    private sealed class Document
    {
        public required string Id { get; init; }
        public required string ConversationId { get; init; }
        public required string InteractionId { get; init; }
        public required string ChannelId { get; init; }
        public required string Timestamp { get; init; }
        public byte[]? Original { get; init; }
        public required JsonElement Event { get; init; }
    }
}

/// <summary>What the naive pipeline decided, with its reasons, and the document when it accepted the event.</summary>
/// <param name="Fate">Invalid or unsupported; <c>null</c> when accepted.</param>
/// <param name="Reasons">Why it refused the event; empty when accepted.</param>
/// <param name="Document">The document's UTF-8 JSON when accepted.</param>
public sealed record NaiveOutcome(EventFate? Fate, IReadOnlyList<string> Reasons, byte[]? Document)
{
    /// <summary>A refusal with one reason.</summary>
    public static NaiveOutcome Rejected(EventFate fate, string reason) => new(fate, [reason], null);
}
