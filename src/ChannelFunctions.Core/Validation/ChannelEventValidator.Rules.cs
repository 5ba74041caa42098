using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Validation;

public sealed partial class ChannelEventValidator
{
    /// <summary>Longer than any supported type: such a type is unsupported without a look-up.</summary>
    private const int MaxTypeLength = 128;

    /// <summary>
    /// The contract's rules, each checked once over the members one reading found, collecting every broken one.
    /// The reasons are worded only when a rule is broken; a valid event costs no string but those it keeps.
    /// </summary>
    private ref struct Inspection(
        ReadOnlyMemory<byte> raw, ReadOnlySpan<MemberValue> members, ReadOnlySpan<byte> scratch, bool textElsewhereIsBroken, int maxFieldLength)
    {
        private readonly ReadOnlySpan<byte> _json = raw.Span;
        private readonly ReadOnlySpan<MemberValue> _members = members;
        private readonly ReadOnlySpan<byte> _scratch = scratch;
        private List<ValidationError>? _errors;

        public ValidationResult Run()
        {
            if (textElsewhereIsBroken)
            {
                Fail(Event, UnpairedSurrogateRule);
            }

            if (String(ContractMember.SpecVersion, required: true, out var specVersion) && !specVersion.SequenceEqual("1.0"u8))
            {
                Fail(ContractMember.SpecVersion, "must be \"1.0\"");
            }

            var id = Text(ContractMember.Id, required: true);
            var source = Text(ContractMember.Source, required: true);
            var hasType = String(ContractMember.Type, required: true, out var type);
            CheckDataContentType();
            if (Has(ContractMember.DataBase64) && Has(ContractMember.Data))
            {
                Fail(ContractMember.DataBase64, "must be absent when data is present (CloudEvents JSON: they are mutually exclusive)");
            }

            if (!hasType || !TryRule(type, out var rule))
            {
                String(ContractMember.Subject, required: false, out _);
                Time(ContractMember.Time, required: false);
                if (hasType)
                {
                    Fail(ContractMember.Type, $"'{Encoding.UTF8.GetString(type)}' is not a supported channel event type");
                }

                var verdict = _errors!.Count == 1 && hasType ? Verdict.Unsupported : Verdict.Invalid;
                return Rejected(verdict, id, source, hasType ? type : default);
            }

            String(ContractMember.Subject, required: true, out var subject);
            var time = Time(ContractMember.Time, required: true);
            return InspectData(rule, subject) is { } data && id is not null && source is not null && time is { } sent
                ? ValidationResult.Accepted(new ChannelEvent
                {
                    Id = id,
                    Source = source,
                    Rule = rule,
                    ConversationId = data.ConversationId,
                    InteractionId = data.InteractionId,
                    ChannelId = data.ChannelId,
                    PartyRole = data.Role,
                    AgentId = data.AgentId,
                    UserId = data.UserId,
                    Reason = data.Reason,
                    Timestamp = data.Timestamp,
                    Time = sent,
                    Raw = raw,
                })
                : Rejected(Verdict.Invalid, id, source, type);
        }

        /// <summary>The <c>data</c> members a <see cref="ChannelEvent"/> keeps, once every rule of the event held.</summary>
        private readonly record struct DataMembers(
            string ConversationId, string InteractionId, string ChannelId, string Role, string? AgentId, string? UserId, string? Reason,
            DateTimeOffset Timestamp);

        private DataMembers? InspectData(ChannelEventRule rule, ReadOnlySpan<byte> subject)
        {
            if (!Object(ContractMember.Data))
            {
                return null;
            }

            var timestamp = Time(ContractMember.Timestamp, required: true);
            string? reason = null;
            foreach (var member in rule.DataStrings)
            {
                var value = Text(ContractMembers.DataString(member), required: false);
                reason = member == "reason" ? value : reason;
            }

            if (!Object(ContractMember.Channel))
            {
                return null;
            }

            var conversationId = Guid(ContractMember.ConversationId);
            var interactionId = Guid(ContractMember.InteractionId);
            var channelId = Guid(ContractMember.ChannelId);
            if (!subject.IsEmpty)
            {
                if (!ContractFormats.IsGuid(subject))
                {
                    Fail(ContractMember.Subject, ContractFormats.GuidRule);
                }
                else if (channelId is not null && !Ascii.EqualsIgnoreCase(subject, channelId))
                {
                    Fail(ContractMember.Subject, "must equal data.channel.channelId");
                }
            }

            if (!Object(ContractMember.Party))
            {
                return null;
            }

            string? role = null;
            if (String(ContractMember.Role, required: true, out var roleText) && !PartyRoles.TryGet(roleText, out role))
            {
                Fail(ContractMember.Role, $"must be one of {string.Join(", ", PartyRoles.All)}");
            }

            var agentId = Text(ContractMember.AgentId, required: role is not null && PartyRoles.RequiresAgentId(role));
            var userId = Text(ContractMember.UserId, required: false);

            return _errors is not null || timestamp is null
                ? null
                : new DataMembers(conversationId!, interactionId!, channelId!, role!, agentId, userId, reason, timestamp.Value);
        }

        private void CheckDataContentType()
        {
            // CloudEvents JSON: a null attribute is an unset one.
            if (_members[(int)ContractMember.DataContentType].Token != JsonTokenType.Null
                && String(ContractMember.DataContentType, required: false, out var contentType)
                && !contentType.SequenceEqual("application/json"u8)
                && !(MediaTypeHeaderValue.TryParse(Encoding.UTF8.GetString(contentType), out var media)
                     && string.Equals(media.MediaType, "application/json", StringComparison.OrdinalIgnoreCase)))
            {
                Fail(ContractMember.DataContentType, "must be application/json when present");
            }
        }

        private static bool TryRule(ReadOnlySpan<byte> type, out ChannelEventRule rule)
        {
            rule = null!;
            if (type.Length > MaxTypeLength)
            {
                return false;
            }

            Span<char> chars = stackalloc char[MaxTypeLength];
            var length = Encoding.UTF8.GetChars(type, chars);
            return ChannelEventTypes.TryGet(chars[..length], out rule);
        }

        private readonly bool Has(ContractMember member) => _members[(int)member].Token != JsonTokenType.None;

        private bool Object(ContractMember member)
        {
            var token = _members[(int)member].Token;
            if (token == JsonTokenType.StartObject)
            {
                return true;
            }

            Fail(member, token == JsonTokenType.None ? "is required" : $"must be a JSON object, was {Describe(token)}");
            return false;
        }

        /// <summary>
        /// A non-empty string of at most the field length (in UTF-16 characters, as .NET counts text), as its
        /// unescaped UTF-8; <c>false</c>, with the broken rule noted, when it is not one.
        /// </summary>
        private bool String(ContractMember member, bool required, out ReadOnlySpan<byte> value)
        {
            value = default;
            var found = _members[(int)member];
            if (found.Token == JsonTokenType.None)
            {
                if (required)
                {
                    Fail(member, "is required");
                }

                return false;
            }

            if (found.Token != JsonTokenType.String)
            {
                Fail(member, $"must be a string, was {Describe(found.Token)}");
                return false;
            }

            if (found.NotText)
            {
                Fail(member, UnpairedSurrogateRule);
                return false;
            }

            var text = (found.Unescaped ? _scratch : _json).Slice(found.Start, found.Length);
            if (text.IsEmpty)
            {
                Fail(member, "must not be empty");
                return false;
            }

            // UTF-8 never takes fewer bytes than UTF-16 takes characters: only long values need counting.
            if (text.Length > maxFieldLength && Encoding.UTF8.GetCharCount(text) is var characters && characters > maxFieldLength)
            {
                Fail(member, $"must be at most {maxFieldLength} characters, was {characters}");
                return false;
            }

            value = text;
            return true;
        }

        private string? Text(ContractMember member, bool required) =>
            String(member, required, out var value) ? Encoding.UTF8.GetString(value) : null;

        private DateTimeOffset? Time(ContractMember member, bool required)
        {
            if (!String(member, required, out var text))
            {
                return null;
            }

            if (ContractFormats.TryParseTime(text, out var value))
            {
                return value;
            }

            Fail(member, ContractFormats.TimeRule);
            return null;
        }

        private string? Guid(ContractMember member)
        {
            if (!String(member, required: true, out var text))
            {
                return null;
            }

            if (ContractFormats.TryParseGuid(text, out var normalized))
            {
                return normalized;
            }

            Fail(member, ContractFormats.GuidRule);
            return null;
        }

        /// <summary>A refusal, with the event's identity as far as it could be read.</summary>
        private readonly ValidationResult Rejected(Verdict verdict, string? id, string? source, ReadOnlySpan<byte> type)
        {
            var conversation = _members[(int)ContractMember.ConversationId];
            string? conversationId = null;
            if (conversation is { Token: JsonTokenType.String, NotText: false })
            {
                var text = (conversation.Unescaped ? _scratch : _json).Slice(conversation.Start, conversation.Length);
                conversationId = Encoding.UTF8.GetCharCount(text) <= maxFieldLength ? Encoding.UTF8.GetString(text) : null;
            }

            var identity = new EventIdentity(id, source, type.IsEmpty ? null : Encoding.UTF8.GetString(type), conversationId);
            return ValidationResult.Rejected(verdict, _errors!, identity);
        }

        private void Fail(ContractMember member, string rule) => Fail(ContractMembers.Paths[(int)member], rule);

        private void Fail(string field, string rule) => (_errors ??= []).Add(new ValidationError(field, rule));
    }
}
