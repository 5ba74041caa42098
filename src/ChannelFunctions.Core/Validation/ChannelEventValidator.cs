using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Unicode;
using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Validation;

/// <summary>
/// Validates raw CloudEvents against the VCC channel event contract. Thread-safe; never throws on any input:
/// every problem a sender can cause becomes a <see cref="ValidationError"/> naming the field and the rule.
/// </summary>
/// <remarks>
/// One parse: <see cref="JsonDocument"/> checks syntax, depth and duplicate names; then the CloudEvents envelope's
/// rules (shared by every event family) and the family's own (<see cref="ChannelDataRules"/>, chosen by the type's
/// table, <see cref="ChannelEventTypes"/>) are each checked once, collecting every broken one.
/// </remarks>
public sealed class ChannelEventValidator
{
    private const string Event = "event";
    private const string WellFormedRule = "must be a single well-formed JSON value";

    private readonly ValidationOptions _options;
    private readonly JsonDocumentOptions _document;

    /// <summary>Creates a validator with the default limits.</summary>
    public ChannelEventValidator()
        : this(new ValidationOptions())
    {
    }

    /// <summary>Creates a validator with the given limits.</summary>
    public ChannelEventValidator(ValidationOptions options)
    {
        _options = options;
        _document = new JsonDocumentOptions { MaxDepth = options.MaxJsonDepth, AllowDuplicateProperties = false };
    }

    /// <summary>Validates one event given as the UTF-8 bytes of its JSON.</summary>
    public ValidationResult Validate(ReadOnlyMemory<byte> raw)
    {
        if (raw.IsEmpty)
        {
            return Invalid("must not be empty");
        }

        if (raw.Length > _options.MaxEventBytes)
        {
            // Refused for its size, yet named by the identity its bytes hold when they parse: a person looks for it by id.
            return Invalid($"must be at most {_options.MaxEventBytes} bytes, was {raw.Length}", IdentityIn(raw));
        }

        if (!Utf8.IsValid(raw.Span))
        {
            return Invalid("must be valid UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(raw, _document);
        }
        catch (JsonException ex)
        {
            return Invalid($"{WellFormedRule} ({WithPosition(ex)})");
        }
        catch (InvalidOperationException)
        {
            // The duplicate check unescapes every name, and refuses one that escapes an unpaired surrogate.
            return Invalid($"{WellFormedRule} (a member name escapes an unpaired surrogate)");
        }

        using (document)
        {
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                ? Inspect(raw, root)
                : Invalid($"must be a JSON object, was {EventReader.Describe(root.ValueKind)}");
        }
    }

    private ValidationResult Inspect(ReadOnlyMemory<byte> raw, JsonElement root)
    {
        var reader = new EventReader(_options.MaxFieldLength);
        var channelEvent = Read(reader, root, raw, out var unsupported);
        // Every string must be text, read or not; those read were reported against their own paths.
        if (raw.Span.IndexOf("\\u"u8) >= 0 && EventReader.CountStringsNotText(root) > reader.StringsNotText)
        {
            reader.Errors.Insert(0, new ValidationError(Event, EventReader.UnpairedSurrogateRule));
        }

        if (!reader.Failed)
        {
            return ValidationResult.Valid(channelEvent!);
        }

        var fate = unsupported && reader.Errors.Count == 1 ? EventFate.Unsupported : EventFate.Invalid;
        return ValidationResult.Refused(fate, reader.Errors, Identity(reader, root));
    }

    /// <summary>
    /// The CloudEvents envelope's rules, then the rules of the type's family; <paramref name="unsupported"/> when the
    /// type is a string of no family.
    /// </summary>
    private static ChannelEvent? Read(EventReader reader, JsonElement root, ReadOnlyMemory<byte> raw, out bool unsupported)
    {
        if (reader.String(root, CloudEventAttributes.SpecVersion, required: true) is { } version && version != "1.0")
        {
            reader.Fail(CloudEventAttributes.SpecVersion, "must be \"1.0\"");
        }

        var id = reader.String(root, CloudEventAttributes.Id, required: true);
        var source = reader.String(root, CloudEventAttributes.Source, required: true);
        var type = reader.String(root, CloudEventAttributes.Type, required: true);
        CheckDataContentType(reader, root);
        if (EventReader.Has(root, CloudEventAttributes.DataBase64) && EventReader.Has(root, CloudEventAttributes.Data))
        {
            reader.Fail(CloudEventAttributes.DataBase64, "must be absent when data is present (CloudEvents JSON: they are mutually exclusive)");
        }

        // The VCC contract requires what CloudEvents leaves optional, for the types it defines.
        ChannelEventRule? rule = null;
        var supported = type is not null && ChannelEventTypes.TryGet(type, out rule);
        var subject = reader.String(root, CloudEventAttributes.Subject, required: supported);
        var time = reader.Time(root, CloudEventAttributes.Time, required: supported);
        unsupported = type is not null && !supported;
        if (unsupported)
        {
            reader.Fail(CloudEventAttributes.Type, $"'{type}' is not a supported channel event type");
        }

        return supported
            ? ChannelDataRules.Read(reader, root, new Envelope(id!, source!, type!, subject, time ?? default, raw), rule!)
            : null;
    }

    private static void CheckDataContentType(EventReader reader, JsonElement root)
    {
        // CloudEvents JSON: a null attribute is an unset one.
        if (root.TryGetProperty(CloudEventAttributes.DataContentType, out var value) && value.ValueKind != JsonValueKind.Null
            && reader.String(root, CloudEventAttributes.DataContentType, required: false) is { } contentType
            && contentType != "application/json"
            && !(MediaTypeHeaderValue.TryParse(contentType, out var media)
                 && string.Equals(media.MediaType, "application/json", StringComparison.OrdinalIgnoreCase)))
        {
            reader.Fail(CloudEventAttributes.DataContentType, "must be application/json when present");
        }
    }

    /// <summary>A refused event's identity, as far as it reads.</summary>
    private static EventIdentity Identity(EventReader reader, JsonElement root)
    {
        var channel = EventReader.Member(EventReader.Member(root, CloudEventAttributes.Data), ChannelEventMembers.Channel);
        return new EventIdentity(
            reader.Peek(root, CloudEventAttributes.Id),
            reader.Peek(root, CloudEventAttributes.Source),
            reader.Peek(root, CloudEventAttributes.Type),
            reader.Peek(channel, ChannelEventMembers.ConversationId));
    }

    /// <summary>The identity of an event refused before its rules were read, when its bytes parse at all.</summary>
    private EventIdentity IdentityIn(ReadOnlyMemory<byte> raw)
    {
        try
        {
            using var document = JsonDocument.Parse(raw, _document);
            return Identity(new EventReader(_options.MaxFieldLength), document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return default;
        }
    }

    /// <summary>The parser's message with the position counted from 1, as editors and people count lines and bytes.</summary>
    private static string WithPosition(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return ex.LineNumber is { } line && ex.BytePositionInLine is { } position
            ? $"{(cut > 0 ? message[..cut] : message)} At line {line + 1}, byte {position + 1}."
            : message;
    }

    private static ValidationResult Invalid(string rule, EventIdentity identity = default) =>
        ValidationResult.Refused(EventFate.Invalid, [new ValidationError(Event, rule)], identity);
}
