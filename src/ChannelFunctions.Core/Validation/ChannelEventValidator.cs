using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Unicode;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Ingest;

namespace ChannelFunctions.Core.Validation;

/// <summary>
/// Validates raw CloudEvents against the VCC channel event contract. Thread-safe; never throws on any input:
/// every problem a sender can cause becomes a <see cref="ValidationError"/> naming the field and the rule.
/// </summary>
public sealed partial class ChannelEventValidator
{
    private const string Event = "event";
    private readonly IngestOptions _options;
    private readonly JsonDocumentOptions _jsonOptions;

    /// <summary>Creates a validator with the given limits.</summary>
    public ChannelEventValidator(IngestOptions options)
    {
        _options = options;
        _jsonOptions = new JsonDocumentOptions
        {
            MaxDepth = options.MaxJsonDepth,
            // Duplicate keys make an event mean different things to different readers: refuse them.
            AllowDuplicateProperties = false,
        };
    }

    /// <summary>Validates one event given as the UTF-8 bytes of its JSON.</summary>
    public ValidationResult Validate(ReadOnlyMemory<byte> raw) =>
        Precheck(raw) ?? (FastPath.TryAccept(raw, _options) is { } accepted
            ? ValidationResult.Accepted(accepted)
            : Inspect(raw));

    /// <summary>
    /// Validates without the fast path: what <see cref="Validate"/> answers for every event the fast path does not
    /// accept. For the tests that hold the two to the same verdicts.
    /// </summary>
    internal ValidationResult ValidateThoroughly(ReadOnlyMemory<byte> raw) => Precheck(raw) ?? Inspect(raw);

    /// <summary>Whether the fast path accepts the event by itself, for the tests that keep it fast.</summary>
    internal bool IsAcceptedByFastPath(ReadOnlyMemory<byte> raw) => Precheck(raw) is null && FastPath.TryAccept(raw, _options) is not null;

    /// <summary>The checks of the raw bytes that come before any parsing; <c>null</c> when they pass.</summary>
    private ValidationResult? Precheck(ReadOnlyMemory<byte> raw)
    {
        if (raw.IsEmpty)
        {
            return Reject(Event, "must not be empty");
        }

        if (raw.Length > _options.MaxEventBytes)
        {
            return Reject(Event, $"must be at most {_options.MaxEventBytes} bytes, was {raw.Length}");
        }

        if (!Utf8.IsValid(raw.Span))
        {
            return Reject(Event, "must be valid UTF-8");
        }

        return null;
    }

    /// <summary>Parses the event into a document and checks every rule, collecting every broken one.</summary>
    private ValidationResult Inspect(ReadOnlyMemory<byte> raw)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(raw, _jsonOptions);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: the duplicate-name check met a name escaping an unpaired surrogate.
            return Reject(Event, $"must be a single well-formed JSON value ({ex.Message})");
        }

        using (document)
        {
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? new Inspection(this, document.RootElement, raw).Run()
                : Reject(Event, $"must be a JSON object, was {Describe(document.RootElement.ValueKind)}");
        }
    }

    private const string UnpairedSurrogateRule = "must be valid Unicode text, without escaped unpaired surrogates";

    private static ValidationResult Reject(string field, string rule) =>
        ValidationResult.Rejected(Verdict.Invalid, [new ValidationError(field, rule)], default);

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>One pass over one event's root object, collecting every broken rule.</summary>
    private sealed class Inspection(ChannelEventValidator validator, JsonElement root, ReadOnlyMemory<byte> raw)
    {
        private readonly List<ValidationError> _errors = [];

        public ValidationResult Run()
        {
            var specVersion = String(root, "specversion", "specversion", required: true);
            if (specVersion is not null && specVersion != "1.0")
            {
                Fail("specversion", "must be \"1.0\"");
            }

            var id = String(root, "id", "id", required: true);
            var source = String(root, "source", "source", required: true);
            var type = String(root, "type", "type", required: true);
            CheckDataContentType();
            var identity = new EventIdentity(id, source, type, PeekConversationId());

            if (type is null || !ChannelEventTypes.TryGet(type, out var rule))
            {
                String(root, "subject", "subject", required: false);
                Time(root, "time", "time", required: false);
                if (type is not null)
                {
                    Fail("type", $"'{type}' is not a supported channel event type");
                }

                var verdict = _errors.Count == 1 && type is not null ? Verdict.Unsupported : Verdict.Invalid;
                return ValidationResult.Rejected(verdict, _errors, identity);
            }

            var subject = String(root, "subject", "subject", required: true);
            var time = Time(root, "time", "time", required: true);
            var channelEvent = InspectData(rule, subject);
            return _errors.Count == 0 && channelEvent is not null && time is { } sent
                ? ValidationResult.Accepted(channelEvent with { Id = id!, Source = source!, Time = sent })
                : ValidationResult.Rejected(Verdict.Invalid, _errors, identity);
        }

        private ChannelEvent? InspectData(ChannelEventRule rule, string? subject)
        {
            if (Object(root, "data", "data") is not { } data)
            {
                return null;
            }

            var timestamp = Time(data, "timestamp", "data.timestamp", required: true);
            string? reason = null;
            foreach (var member in rule.DataStrings)
            {
                var value = String(data, member, $"data.{member}", required: false);
                reason = member == "reason" ? value : reason;
            }

            if (Object(data, "channel", "data.channel") is not { } channel)
            {
                return null;
            }

            var conversationId = Guid(channel, "conversationId", "data.channel.conversationId");
            var interactionId = Guid(channel, "interactionId", "data.channel.interactionId");
            var channelId = Guid(channel, "channelId", "data.channel.channelId");
            if (subject is not null && channelId is not null
                && !(System.Guid.TryParseExact(subject, "D", out var subjectGuid) && subjectGuid.ToString("D") == channelId))
            {
                Fail("subject", "must equal data.channel.channelId");
            }

            if (Object(channel, "party", "data.channel.party") is not { } party)
            {
                return null;
            }

            var role = String(party, "role", "data.channel.party.role", required: true);
            if (role is not null && !PartyRoles.All.Contains(role))
            {
                Fail("data.channel.party.role", $"must be one of {string.Join(", ", PartyRoles.All)}");
            }

            var agentId = String(party, "agentId", "data.channel.party.agentId",
                required: role is not null && PartyRoles.RequiresAgentId(role));
            var userId = String(party, "userId", "data.channel.party.userId", required: false);

            return _errors.Count > 0 || timestamp is null
                ? null
                : new ChannelEvent
                {
                    Id = "",
                    Source = "",
                    Rule = rule,
                    ConversationId = conversationId!,
                    InteractionId = interactionId!,
                    ChannelId = channelId!,
                    PartyRole = role!,
                    AgentId = agentId,
                    UserId = userId,
                    Reason = reason,
                    Timestamp = timestamp.Value,
                    Time = default,
                    Raw = raw,
                };
        }

        private void CheckDataContentType()
        {
            var contentType = String(root, "datacontenttype", "datacontenttype", required: false);
            if (contentType is not null
                && !(MediaTypeHeaderValue.TryParse(contentType, out var media)
                     && string.Equals(media.MediaType, "application/json", StringComparison.OrdinalIgnoreCase)))
            {
                Fail("datacontenttype", "must be application/json when present");
            }
        }

        private string? PeekConversationId() =>
            root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty("channel", out var channel) && channel.ValueKind == JsonValueKind.Object
            && channel.TryGetProperty("conversationId", out var id) && id.ValueKind == JsonValueKind.String
            && TryGetString(id, out var value) && value.Length <= validator._options.MaxFieldLength
                ? value
                : null;

        private JsonElement? Object(JsonElement parent, string name, string path)
        {
            if (!parent.TryGetProperty(name, out var value))
            {
                Fail(path, "is required");
                return null;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                Fail(path, $"must be a JSON object, was {Describe(value.ValueKind)}");
                return null;
            }

            return value;
        }

        private string? String(JsonElement parent, string name, string path, bool required)
        {
            if (!parent.TryGetProperty(name, out var value))
            {
                if (required)
                {
                    Fail(path, "is required");
                }

                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                Fail(path, $"must be a string, was {Describe(value.ValueKind)}");
                return null;
            }

            if (!TryGetString(value, out var text))
            {
                Fail(path, UnpairedSurrogateRule);
                return null;
            }

            if (text.Length == 0)
            {
                Fail(path, "must not be empty");
                return null;
            }

            if (text.Length > validator._options.MaxFieldLength)
            {
                Fail(path, $"must be at most {validator._options.MaxFieldLength} characters, was {text.Length}");
                return null;
            }

            return text;
        }

        private DateTimeOffset? Time(JsonElement parent, string name, string path, bool required)
        {
            if (String(parent, name, path, required) is not { } text)
            {
                return null;
            }

            if (ContractFormats.TryParseTime(text, out var value))
            {
                return value;
            }

            Fail(path, ContractFormats.TimeRule);
            return null;
        }

        private string? Guid(JsonElement parent, string name, string path)
        {
            if (String(parent, name, path, required: true) is not { } text)
            {
                return null;
            }

            if (ContractFormats.TryParseGuid(text, out var normalized))
            {
                return normalized;
            }

            Fail(path, ContractFormats.GuidRule);
            return null;
        }

        /// <summary>
        /// The string, unless it escapes an unpaired surrogate (<c>"\ud800"</c>): valid JSON, but no text, and
        /// <see cref="JsonElement.GetString"/> throws on it.
        /// </summary>
        private static bool TryGetString(JsonElement value, out string text)
        {
            try
            {
                text = value.GetString()!;
                return true;
            }
            catch (InvalidOperationException)
            {
                text = "";
                return false;
            }
        }

        private void Fail(string field, string rule) => _errors.Add(new ValidationError(field, rule));
    }
}
