using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace ChannelFunctions.Core.Validation;

/// <summary>
/// Validates raw CloudEvents against the VCC channel event contract. Thread-safe; never throws on any input:
/// every problem a sender can cause becomes a <see cref="ValidationError"/> naming the field and the rule.
/// </summary>
/// <remarks>
/// One <see cref="Utf8JsonReader"/> pass over the bytes checks syntax, depth, duplicate names and escapes, and notes
/// where the members the contract reads are (unescaping the rare escaped ones); then each rule is checked once, over
/// those members, and its reason worded only for an event that breaks it. No document, no property lookups, and no
/// strings but those the <see cref="Contract.ChannelEvent"/> keeps.
/// </remarks>
public sealed partial class ChannelEventValidator
{
    private const string Event = "event";
    private const string WellFormedRule = "must be a single well-formed JSON value";
    private const string UnpairedSurrogateRule = "must be valid Unicode text, without escaped unpaired surrogates";

    /// <summary>Member names kept on the stack across the open objects, for the duplicate check; more are pooled.</summary>
    private const int StackNames = 64;

    /// <summary>Members of one object beyond which its duplicate check hashes names instead of comparing them all.</summary>
    private const int MaxComparedMembers = 32;

    private readonly ValidationOptions _options;
    private readonly JsonReaderOptions _reader;

    /// <summary>Creates a validator with the default limits.</summary>
    public ChannelEventValidator()
        : this(new ValidationOptions())
    {
    }

    /// <summary>Creates a validator with the given limits.</summary>
    public ChannelEventValidator(ValidationOptions options)
    {
        _options = options;
        _reader = new JsonReaderOptions { MaxDepth = options.MaxJsonDepth };
    }

    /// <summary>Validates one event given as the UTF-8 bytes of its JSON.</summary>
    public ValidationResult Validate(ReadOnlyMemory<byte> raw)
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

        Span<MemberValue> members = stackalloc MemberValue[ContractMembers.Count];
        var reading = new Reading(
            raw.Span, members, stackalloc int[_options.MaxJsonDepth + 1], stackalloc int[_options.MaxJsonDepth + 1], stackalloc NameRange[StackNames]);
        try
        {
            return reading.Read(_reader) is { } malformed
                ? malformed
                : new Inspection(raw, members, reading.Scratch, reading.TextElsewhereIsBroken, _options.MaxFieldLength).Run();
        }
        finally
        {
            reading.Dispose();
        }
    }

    private static ValidationResult Reject(string field, string rule) =>
        ValidationResult.Rejected(Verdict.Invalid, [new ValidationError(field, rule)], default);

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        _ => "null",
    };

    /// <summary>A member name's place, in the event or (escaped names) in the scratch buffer, and a cheap key to compare first.</summary>
    [StructLayout(LayoutKind.Auto)]
    private readonly record struct NameRange(int Start, int Length, bool Unescaped, int Key);

    /// <summary>
    /// The one reader pass over one event: syntax, depth, duplicate names and escapes checked everywhere, and where
    /// each member the contract reads is. Unescaped text goes to a scratch buffer, rented only for events with escapes.
    /// </summary>
    private ref struct Reading(ReadOnlySpan<byte> json, Span<MemberValue> members, Span<int> scopes, Span<int> firstNames, Span<NameRange> names)
    {
        private readonly ReadOnlySpan<byte> _json = json;
        private readonly Span<MemberValue> _members = members;
        private readonly Span<int> _scopes = scopes;
        private readonly Span<int> _firstNames = firstNames;
        private Span<NameRange> _names = names;
        private int _nameCount;
        private byte[]? _scratch;
        private int _scratchUsed;
        private NameRange[]? _pooledNames;
        private HashSet<string>?[]? _hashedNames;

        /// <summary>The unescaped text of escaped members; empty when the event has none.</summary>
        public readonly ReadOnlySpan<byte> Scratch => _scratch;

        /// <summary>A string the contract does not read escapes an unpaired surrogate.</summary>
        public bool TextElsewhereIsBroken { get; private set; }

        /// <summary>Reads the event; <c>null</c> when it is one well-formed object, else the verdict on it.</summary>
        public ValidationResult? Read(JsonReaderOptions options)
        {
            var reader = new Utf8JsonReader(_json, options);
            var top = 0;
            ContractMember? pending = null;
            try
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    var kind = reader.TokenType;
                    reader.Skip();
                    reader.Read();
                    return Reject(Event, $"must be a JSON object, was {Describe(kind)}");
                }

                _scopes[0] = ContractMembers.Root;
                _firstNames[0] = 0;
                while (reader.Read())
                {
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.PropertyName:
                            if (!TryName(ref reader, out var name))
                            {
                                return Reject(Event, $"{WellFormedRule} (a member name escapes an unpaired surrogate)");
                            }

                            if (IsDuplicate(name, top))
                            {
                                return Reject(Event, $"{WellFormedRule} (duplicate member name '{Encoding.UTF8.GetString(Text(name))}')");
                            }

                            pending = ContractMembers.Find(_scopes[top], Text(name));
                            break;
                        case JsonTokenType.StartObject or JsonTokenType.StartArray:
                            var scope = reader.TokenType == JsonTokenType.StartObject ? ContractMembers.ScopeOf(pending) : ContractMembers.Other;
                            Record(pending, ref reader);
                            pending = null;
                            top++;
                            _scopes[top] = scope;
                            _firstNames[top] = _nameCount;
                            break;
                        case JsonTokenType.EndObject or JsonTokenType.EndArray:
                            _nameCount = _firstNames[top];
                            if (_hashedNames is not null)
                            {
                                _hashedNames[top] = null;
                            }

                            top--;
                            break;
                        default:
                            Record(pending, ref reader);
                            pending = null;
                            break;
                    }
                }
            }
            catch (JsonException ex)
            {
                return Reject(Event, $"{WellFormedRule} ({ex.Message})");
            }

            return null;
        }

        /// <summary>Notes a value: where a member the contract reads is, and for every string, whether it is text.</summary>
        private void Record(ContractMember? member, ref Utf8JsonReader reader)
        {
            var isString = reader.TokenType == JsonTokenType.String;
            if (member is not { } m)
            {
                if (isString && reader.ValueIsEscaped && !TryUnescape(ref reader, keep: false, out _))
                {
                    TextElsewhereIsBroken = true;
                }

                return;
            }

            ref var value = ref _members[(int)m];
            value.Token = reader.TokenType;
            if (!isString)
            {
                return;
            }

            if (!reader.ValueIsEscaped)
            {
                value.Start = (int)reader.TokenStartIndex + 1;
                value.Length = reader.ValueSpan.Length;
            }
            else if (TryUnescape(ref reader, keep: true, out var unescaped))
            {
                value.Start = unescaped.Start;
                value.Length = unescaped.Length;
                value.Unescaped = true;
            }
            else
            {
                value.NotText = true;
            }
        }

        /// <summary>The name of the current member; <c>false</c> when it escapes an unpaired surrogate.</summary>
        private bool TryName(ref Utf8JsonReader reader, out NameRange name)
        {
            var span = reader.ValueSpan;
            if (!reader.ValueIsEscaped)
            {
                name = new NameRange((int)reader.TokenStartIndex + 1, span.Length, false, KeyOf(span));
                return true;
            }

            if (!TryUnescape(ref reader, keep: true, out var unescaped))
            {
                name = default;
                return false;
            }

            name = unescaped with { Key = KeyOf(_scratch.AsSpan(unescaped.Start, unescaped.Length)) };
            return true;
        }

        /// <summary>Unescapes the current string into the scratch buffer; <c>false</c> when it is no text.</summary>
        private bool TryUnescape(ref Utf8JsonReader reader, bool keep, out NameRange unescaped)
        {
            // Unescaped text is never longer than its escaped form, so the event's length bounds all of it.
            _scratch ??= ArrayPool<byte>.Shared.Rent(_json.Length);
            try
            {
                var written = reader.CopyString(_scratch.AsSpan(_scratchUsed));
                unescaped = new NameRange(_scratchUsed, written, true, 0);
                _scratchUsed += keep ? written : 0;
                return true;
            }
            catch (InvalidOperationException)
            {
                // System.Text.Json's unescaping refuses an unpaired surrogate: valid JSON, but no Unicode text.
                unescaped = default;
                return false;
            }
        }

        private readonly ReadOnlySpan<byte> Text(NameRange name) =>
            name.Unescaped ? _scratch.AsSpan(name.Start, name.Length) : _json.Slice(name.Start, name.Length);

        private static int KeyOf(ReadOnlySpan<byte> name) =>
            name.IsEmpty ? 0 : name.Length | (name[0] << 16) | (name[^1] << 24);

        /// <summary>Whether the object at depth <paramref name="top"/> already has this name; if not, remembers it.</summary>
        private bool IsDuplicate(NameRange name, int top)
        {
            if (_hashedNames?[top] is { } hashed)
            {
                return !hashed.Add(Encoding.UTF8.GetString(Text(name)));
            }

            var siblings = _names[_firstNames[top].._nameCount];
            foreach (var sibling in siblings)
            {
                if (sibling.Key == name.Key && Text(sibling).SequenceEqual(Text(name)))
                {
                    return true;
                }
            }

            if (siblings.Length == MaxComparedMembers)
            {
                // A large object: comparing every pair would cost its square. Hash its names from here on.
                _hashedNames ??= new HashSet<string>?[_scopes.Length];
                var set = new HashSet<string>(StringComparer.Ordinal) { Encoding.UTF8.GetString(Text(name)) };
                foreach (var sibling in siblings)
                {
                    set.Add(Encoding.UTF8.GetString(Text(sibling)));
                }

                _hashedNames[top] = set;
                return false;
            }

            if (_nameCount == _names.Length)
            {
                var larger = ArrayPool<NameRange>.Shared.Rent(_names.Length * 2);
                _names.CopyTo(larger);
                if (_pooledNames is not null)
                {
                    ArrayPool<NameRange>.Shared.Return(_pooledNames);
                }

                _pooledNames = larger;
                _names = larger;
            }

            _names[_nameCount++] = name;
            return false;
        }

        /// <summary>Returns the pooled buffers.</summary>
        public void Dispose()
        {
            if (_scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(_scratch);
            }

            if (_pooledNames is not null)
            {
                ArrayPool<NameRange>.Shared.Return(_pooledNames);
            }
        }
    }
}
