using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Ingest;

namespace ChannelFunctions.Core.Validation;

public sealed partial class ChannelEventValidator
{
    /// <summary>
    /// The fast path for the common case, a valid event written plainly: one <see cref="Utf8JsonReader"/> pass over
    /// the bytes that finds the members the contract reads, with no document, no property lookups and no strings
    /// but those the <see cref="ChannelEvent"/> keeps. It only ever accepts: any broken rule, and anything it does not
    /// handle itself (escaped names or values, objects with many members, content types other than exactly
    /// <c>application/json</c>, times with more than 7 fraction digits, unsupported types, malformed JSON), makes it
    /// return <c>null</c>, and the full inspection decides and words the reasons. Each of its checks is at least as strict as the inspection's, so an
    /// event it accepts is one the inspection accepts, with the same <see cref="ChannelEvent"/>; the validator tests
    /// run every case through both, and the fuzz tests compare them on random mutations.
    /// </summary>
    private static class FastPath
    {
        /// <summary>Member names kept at once across the open objects, for the duplicate check.</summary>
        private const int NameCapacity = 128;

        /// <summary>Members of one object beyond which the fast path leaves the duplicate check to the inspection.</summary>
        private const int MaxMembersPerObject = 32;

        /// <summary>Longer than any supported type: such a type is unsupported, which the inspection reports.</summary>
        private const int MaxTypeLength = 128;

        private static readonly SearchValues<byte> HexDigits = SearchValues.Create("0123456789abcdefABCDEF"u8);

        private static readonly byte[][] DataStringNames =
            [.. ChannelEventTypes.DataStringMembers.Select(Encoding.UTF8.GetBytes)];

        private enum Scope : byte
        {
            Other,
            Root,
            Data,
            Channel,
            Party,
        }

        /// <summary>The members the contract reads; <see cref="DataString"/> is the first of the data strings.</summary>
        private enum Field
        {
            None = -1,
            SpecVersion,
            Id,
            Source,
            Type,
            DataContentType,
            Subject,
            Time,
            Data,
            Timestamp,
            Channel,
            ConversationId,
            InteractionId,
            ChannelId,
            Party,
            Role,
            AgentId,
            UserId,
            DataString,
        }

        /// <summary>Where one member's value is, what kind it is, and for times, the parsed value.</summary>
        [StructLayout(LayoutKind.Auto)]
        private struct Slot
        {
            public JsonTokenType Token;
            public int Start;
            public int Length;
            public bool IsTime;
            public DateTimeOffset Time;
        }

        [StructLayout(LayoutKind.Auto)]
        private readonly record struct NameRange(int Start, int Length);

        /// <summary>The event, when it is valid and plain; <c>null</c> when the inspection must decide.</summary>
        public static ChannelEvent? TryAccept(ReadOnlyMemory<byte> raw, IngestOptions limits)
        {
            var json = raw.Span;
            Span<Slot> slots = stackalloc Slot[(int)Field.DataString + DataStringNames.Length];
            return Scan(json, slots, limits.MaxJsonDepth) ? Check(raw, slots, limits.MaxFieldLength) : null;
        }

        /// <summary>Reads the whole event once: syntax, depth, duplicate names, and where each member we read is.</summary>
        private static bool Scan(ReadOnlySpan<byte> json, Span<Slot> slots, int maxDepth)
        {
            Span<Scope> scopes = stackalloc Scope[maxDepth + 2];
            Span<int> firstName = stackalloc int[maxDepth + 2];
            Span<NameRange> names = stackalloc NameRange[NameCapacity];
            var top = -1;
            var nameCount = 0;
            var pending = Field.None;
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
            try
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return false;
                }

                scopes[++top] = Scope.Root;
                firstName[top] = 0;
                while (reader.Read())
                {
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.PropertyName:
                            if (reader.ValueIsEscaped)
                            {
                                return false;
                            }

                            var name = reader.ValueSpan;
                            var start = (int)reader.TokenStartIndex + 1;
                            if (nameCount - firstName[top] >= MaxMembersPerObject || nameCount == NameCapacity)
                            {
                                return false;
                            }

                            foreach (var sibling in names[firstName[top]..nameCount])
                            {
                                if (json.Slice(sibling.Start, sibling.Length).SequenceEqual(name))
                                {
                                    return false;
                                }
                            }

                            names[nameCount++] = new NameRange(start, name.Length);
                            pending = FieldOf(scopes[top], name);
                            break;
                        case JsonTokenType.StartObject or JsonTokenType.StartArray:
                            var scope = reader.TokenType == JsonTokenType.StartObject ? ScopeOf(pending) : Scope.Other;
                            Record(slots, pending, ref reader);
                            pending = Field.None;
                            scopes[++top] = scope;
                            firstName[top] = nameCount;
                            break;
                        case JsonTokenType.EndObject or JsonTokenType.EndArray:
                            nameCount = firstName[top];
                            top--;
                            break;
                        default:
                            if (reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped && pending != Field.None)
                            {
                                return false;
                            }

                            Record(slots, pending, ref reader);
                            pending = Field.None;
                            break;
                    }
                }
            }
            catch (JsonException)
            {
                return false;
            }

            return true;
        }

        private static void Record(Span<Slot> slots, Field field, ref Utf8JsonReader reader)
        {
            if (field == Field.None)
            {
                return;
            }

            ref var slot = ref slots[(int)field];
            slot.Token = reader.TokenType;
            if (reader.TokenType == JsonTokenType.String)
            {
                slot.Start = (int)reader.TokenStartIndex + 1;
                slot.Length = reader.ValueSpan.Length;
                if (field is Field.Time or Field.Timestamp)
                {
                    slot.IsTime = reader.TryGetDateTimeOffset(out slot.Time);
                }
            }
        }

        private static Scope ScopeOf(Field field) => field switch
        {
            Field.Data => Scope.Data,
            Field.Channel => Scope.Channel,
            Field.Party => Scope.Party,
            _ => Scope.Other,
        };

        /// <summary>Which member a name is in its scope; by length first, so most names cost one comparison.</summary>
        private static Field FieldOf(Scope scope, ReadOnlySpan<byte> name) => scope switch
        {
            Scope.Root => name.Length switch
            {
                2 when name.SequenceEqual("id"u8) => Field.Id,
                4 when name.SequenceEqual("type"u8) => Field.Type,
                4 when name.SequenceEqual("time"u8) => Field.Time,
                4 when name.SequenceEqual("data"u8) => Field.Data,
                6 when name.SequenceEqual("source"u8) => Field.Source,
                7 when name.SequenceEqual("subject"u8) => Field.Subject,
                11 when name.SequenceEqual("specversion"u8) => Field.SpecVersion,
                15 when name.SequenceEqual("datacontenttype"u8) => Field.DataContentType,
                _ => Field.None,
            },
            Scope.Data => name.Length switch
            {
                7 when name.SequenceEqual("channel"u8) => Field.Channel,
                9 when name.SequenceEqual("timestamp"u8) => Field.Timestamp,
                _ => DataStringField(name),
            },
            Scope.Channel => name.Length switch
            {
                5 when name.SequenceEqual("party"u8) => Field.Party,
                9 when name.SequenceEqual("channelId"u8) => Field.ChannelId,
                13 when name.SequenceEqual("interactionId"u8) => Field.InteractionId,
                14 when name.SequenceEqual("conversationId"u8) => Field.ConversationId,
                _ => Field.None,
            },
            Scope.Party => name.Length switch
            {
                4 when name.SequenceEqual("role"u8) => Field.Role,
                6 when name.SequenceEqual("userId"u8) => Field.UserId,
                7 when name.SequenceEqual("agentId"u8) => Field.AgentId,
                _ => Field.None,
            },
            _ => Field.None,
        };

        private static Field DataStringField(ReadOnlySpan<byte> name)
        {
            for (var i = 0; i < DataStringNames.Length; i++)
            {
                if (name.SequenceEqual(DataStringNames[i]))
                {
                    return Field.DataString + i;
                }
            }

            return Field.None;
        }

        /// <summary>The contract's rules, positively: every one must hold, or the inspection decides.</summary>
        private static ChannelEvent? Check(ReadOnlyMemory<byte> raw, ReadOnlySpan<Slot> slots, int maxFieldLength)
        {
            var json = raw.Span;
            if (!Is(json, slots[(int)Field.SpecVersion], "1.0"u8)
                || !TryRule(json, slots[(int)Field.Type], maxFieldLength, out var rule)
                || slots[(int)Field.DataContentType] is { Token: not JsonTokenType.None } contentType
                   && !Is(json, contentType, "application/json"u8)
                || !TryString(json, slots[(int)Field.Id], maxFieldLength, out var id)
                || !TryString(json, slots[(int)Field.Source], maxFieldLength, out var source)
                || !TryTime(json, slots[(int)Field.Time], maxFieldLength, out var time)
                || !TryTime(json, slots[(int)Field.Timestamp], maxFieldLength, out var timestamp)
                || slots[(int)Field.Data].Token != JsonTokenType.StartObject
                || slots[(int)Field.Channel].Token != JsonTokenType.StartObject
                || slots[(int)Field.Party].Token != JsonTokenType.StartObject
                || !TryGuid(json, slots[(int)Field.ConversationId], out var conversationId)
                || !TryGuid(json, slots[(int)Field.InteractionId], out var interactionId)
                || !TryGuid(json, slots[(int)Field.ChannelId], out var channelId)
                || !TryGuid(json, slots[(int)Field.Subject], out var subject)
                || !Ascii.EqualsIgnoreCase(subject, channelId)
                || RoleOf(json, slots[(int)Field.Role]) is not { } role
                || !TryOptionalString(json, slots[(int)Field.AgentId], maxFieldLength, out var agentId)
                || (agentId is null && PartyRoles.RequiresAgentId(role))
                || !TryOptionalString(json, slots[(int)Field.UserId], maxFieldLength, out var userId)
                || !TryDataStrings(json, slots, rule, maxFieldLength, out var reason))
            {
                return null;
            }

            return new ChannelEvent
            {
                Id = id,
                Source = source,
                Rule = rule,
                ConversationId = Normalized(conversationId),
                InteractionId = Normalized(interactionId),
                ChannelId = Normalized(channelId),
                PartyRole = role,
                AgentId = agentId,
                UserId = userId,
                Reason = reason,
                Timestamp = timestamp,
                Time = time,
                Raw = raw,
            };
        }

        private static bool Is(ReadOnlySpan<byte> json, Slot slot, ReadOnlySpan<byte> expected) =>
            slot.Token == JsonTokenType.String && json.Slice(slot.Start, slot.Length).SequenceEqual(expected);

        /// <summary>A non-empty string of at most <paramref name="maxFieldLength"/> UTF-16 characters, as the inspection counts them.</summary>
        private static bool IsString(ReadOnlySpan<byte> json, Slot slot, int maxFieldLength) =>
            slot is { Token: JsonTokenType.String, Length: > 0 }
            && (slot.Length <= maxFieldLength
                || Encoding.UTF8.GetCharCount(json.Slice(slot.Start, slot.Length)) <= maxFieldLength);

        private static bool TryString(ReadOnlySpan<byte> json, Slot slot, int maxFieldLength, out string value)
        {
            value = IsString(json, slot, maxFieldLength) ? Encoding.UTF8.GetString(json.Slice(slot.Start, slot.Length)) : "";
            return value.Length > 0;
        }

        /// <summary>Absent, or a valid string; <paramref name="value"/> is <c>null</c> when absent.</summary>
        private static bool TryOptionalString(ReadOnlySpan<byte> json, Slot slot, int maxFieldLength, out string? value)
        {
            value = null;
            if (slot.Token == JsonTokenType.None)
            {
                return true;
            }

            var valid = TryString(json, slot, maxFieldLength, out var text);
            value = valid ? text : null;
            return valid;
        }

        private static bool TryRule(ReadOnlySpan<byte> json, Slot slot, int maxFieldLength, out ChannelEventRule rule)
        {
            rule = null!;
            if (!IsString(json, slot, maxFieldLength) || slot.Length > MaxTypeLength)
            {
                return false;
            }

            Span<char> type = stackalloc char[MaxTypeLength];
            var length = Encoding.UTF8.GetChars(json.Slice(slot.Start, slot.Length), type);
            return ChannelEventTypes.TryGet(type[..length], out rule);
        }

        /// <summary>
        /// The RFC 3339 shape with at most 7 fraction digits, and System.Text.Json's ISO 8601 parse of the value: within
        /// those, what <see cref="ContractFormats.TryParseTime"/> accepts, to the same value (the validator tests hold
        /// the two to it over a grid of dates, times, fractions and offsets). Longer fractions go to the inspection.
        /// </summary>
        private static bool TryTime(ReadOnlySpan<byte> json, Slot slot, int maxFieldLength, out DateTimeOffset value)
        {
            value = slot.Time.ToUniversalTime();
            return slot.IsTime && IsString(json, slot, maxFieldLength)
                && Rfc3339.HasShape(json.Slice(slot.Start, slot.Length), out var fractionDigits) && fractionDigits <= 7;
        }

        /// <summary>
        /// A GUID in the hyphenated 8-4-4-4-12 layout of hex digits, nothing around it: a strict subset of what
        /// <see cref="System.Guid.TryParseExact(string, string, out Guid)"/> with "D" reads, to the same value.
        /// <paramref name="value"/> is its text, to compare without regard to case or to normalize.
        /// </summary>
        private static bool TryGuid(ReadOnlySpan<byte> json, Slot slot, out ReadOnlySpan<byte> value)
        {
            value = slot.Token == JsonTokenType.String ? json.Slice(slot.Start, slot.Length) : default;
            return value.Length == 36
                && value[8] == '-' && value[13] == '-' && value[18] == '-' && value[23] == '-'
                && !value[..8].ContainsAnyExcept(HexDigits)
                && !value[9..13].ContainsAnyExcept(HexDigits)
                && !value[14..18].ContainsAnyExcept(HexDigits)
                && !value[19..23].ContainsAnyExcept(HexDigits)
                && !value[24..].ContainsAnyExcept(HexDigits);
        }

        /// <summary>The GUID as <see cref="System.Guid.ToString(string)"/> with "D" writes it: lower case.</summary>
        private static string Normalized(ReadOnlySpan<byte> guid)
        {
            Span<char> text = stackalloc char[guid.Length];
            Ascii.ToLower(guid, text, out var written);
            return new string(text[..written]);
        }

        private static string? RoleOf(ReadOnlySpan<byte> json, Slot slot) => slot.Token != JsonTokenType.String
            ? null
            : json.Slice(slot.Start, slot.Length) switch
            {
                var role when role.SequenceEqual("external"u8) => PartyRoles.External,
                var role when role.SequenceEqual("agent"u8) => PartyRoles.Agent,
                var role when role.SequenceEqual("monitor"u8) => PartyRoles.Monitor,
                var role when role.SequenceEqual("voicemail"u8) => PartyRoles.Voicemail,
                _ => null,
            };

        /// <summary>The optional data strings of the event's type, each absent or a valid string; keeps <c>reason</c>.</summary>
        private static bool TryDataStrings(
            ReadOnlySpan<byte> json, ReadOnlySpan<Slot> slots, ChannelEventRule rule, int maxFieldLength, out string? reason)
        {
            reason = null;
            foreach (var member in rule.DataStrings)
            {
                var index = (int)Field.DataString + IndexOf(member);
                if (!TryOptionalString(json, slots[index], maxFieldLength, out var value))
                {
                    return false;
                }

                reason = member == "reason" ? value : reason;
            }

            return true;
        }

        private static int IndexOf(string member)
        {
            var members = ChannelEventTypes.DataStringMembers;
            for (var i = 0; i < members.Count; i++)
            {
                if (members[i] == member)
                {
                    return i;
                }
            }

            throw new InvalidOperationException($"{member} is not among ChannelEventTypes.DataStringMembers.");
        }
    }
}
