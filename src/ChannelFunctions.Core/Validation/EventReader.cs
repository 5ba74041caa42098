using System.Text.Json;
using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Validation;

/// <summary>
/// Reads the members of one parsed event by their contract paths, each with the contract's rule for its kind
/// (object, identifier string, free text, GUID, date-time), and collects every broken rule with the path as its field.
/// </summary>
/// <remarks>
/// A string is an identifier (<see cref="String"/>: ids, types, roles, agent and user ids, times) unless the contract
/// makes it a person's free text (<see cref="FreeText"/>: a reason, a presence description). Identifiers refuse
/// <see cref="InvisibleCharacters"/>, which could make one id look like another or spoof a label around it; free text
/// keeps them (the event is stored as it came) and pages show each one by its name.
/// </remarks>
/// <param name="maxFieldLength">The longest string accepted in a member read, in UTF-16 characters.</param>
internal sealed class EventReader(int maxFieldLength)
{
    /// <summary>The rule a string breaks when it escapes an unpaired surrogate: valid JSON, but no text.</summary>
    public const string UnpairedSurrogateRule = "must be valid Unicode text, without escaped unpaired surrogates";

    /// <summary>The rule an identifier breaks when it holds one of the <see cref="InvisibleCharacters"/>.</summary>
    public const string IdentifierRule = "must not contain control, format (such as bidirectional) or noncharacter code points";

    private List<ValidationError>? _errors;

    /// <summary>Every broken rule so far, in the order the rules were checked.</summary>
    public List<ValidationError> Errors => _errors ??= [];

    /// <summary>Whether any rule was broken.</summary>
    public bool Failed => _errors is { Count: > 0 };

    /// <summary>How many of the strings read were no text (each reported against its own path).</summary>
    public int StringsNotText { get; private set; }

    /// <summary>Notes a broken rule.</summary>
    public void Fail(string path, string rule) => Errors.Add(new ValidationError(path, rule));

    /// <summary>Whether the member is there, whatever its value (<c>null</c> included).</summary>
    public static bool Has(JsonElement parent, string path) => parent.TryGetProperty(NameOf(path), out _);

    /// <summary>A required JSON object.</summary>
    public bool Object(JsonElement parent, string path, out JsonElement value)
    {
        if (!parent.TryGetProperty(NameOf(path), out value))
        {
            Fail(path, "is required");
            return false;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            Fail(path, $"must be a JSON object, was {Describe(value.ValueKind)}");
            return false;
        }

        return true;
    }

    /// <summary>
    /// An identifier: a non-empty string of at most the field length without <see cref="InvisibleCharacters"/>;
    /// <c>null</c>, with the broken rule noted, when it is not one.
    /// </summary>
    public string? String(JsonElement parent, string path, bool required) =>
        Text(parent, path, required) is { } text && Identifier(path, text) ? text : null;

    /// <summary>
    /// A person's free text: a non-empty string of at most the field length, whatever characters it holds (pages show
    /// the invisible ones by name); <c>null</c>, with the broken rule noted, when it is not one.
    /// </summary>
    public string? FreeText(JsonElement parent, string path, bool required) => Text(parent, path, required);

    private bool Identifier(string path, string text)
    {
        if (InvisibleCharacters.IndexOf(text, out var codePoint, out _) < 0)
        {
            return true;
        }

        Fail(path, $"{IdentifierRule}, found {InvisibleCharacters.Name(codePoint)}");
        return false;
    }

    private string? Text(JsonElement parent, string path, bool required)
    {
        if (!parent.TryGetProperty(NameOf(path), out var value))
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

        if (!TryGetText(value, out var text))
        {
            StringsNotText++;
            Fail(path, UnpairedSurrogateRule);
            return null;
        }

        if (text.Length == 0)
        {
            Fail(path, "must not be empty");
            return null;
        }

        if (text.Length > maxFieldLength)
        {
            Fail(path, $"must be at most {maxFieldLength} characters, was {text.Length}");
            return null;
        }

        return text;
    }

    /// <summary>A required GUID (<see cref="ContractFormats.TryParseGuid"/>), lower-case; its exact form leaves no room for invisible characters.</summary>
    public string? Guid(JsonElement parent, string path)
    {
        if (Text(parent, path, required: true) is not { } text)
        {
            return null;
        }

        if (ContractFormats.TryParseGuid(text, out var id))
        {
            return id;
        }

        Fail(path, ContractFormats.GuidRule);
        return null;
    }

    /// <summary>An RFC 3339 date-time (<see cref="ContractFormats.TryParseTime"/>), in UTC; its exact form leaves no room for invisible characters.</summary>
    public DateTimeOffset? Time(JsonElement parent, string path, bool required)
    {
        if (Text(parent, path, required) is not { } text)
        {
            return null;
        }

        if (ContractFormats.TryParseTime(text, out var time))
        {
            return time;
        }

        Fail(path, ContractFormats.TimeRule);
        return null;
    }

    /// <summary>The member at the end of a path, when its parent is an object that has it; else an undefined element.</summary>
    public static JsonElement Member(JsonElement parent, string path) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(NameOf(path), out var value) ? value : default;

    /// <summary>An identifier as people would read it, without noting a rule: for naming an event that broke some.</summary>
    public string? Peek(JsonElement parent, string path) =>
        Member(parent, path) is { ValueKind: JsonValueKind.String } value && TryGetText(value, out var text) && text.Length is > 0 && text.Length <= maxFieldLength
            && InvisibleCharacters.IndexOf(text, out _, out _) < 0
            ? text
            : null;

    /// <summary>How many strings anywhere in <paramref name="element"/> escape an unpaired surrogate.</summary>
    public static int CountStringsNotText(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                return element.EnumerateObject().Sum(member => CountStringsNotText(member.Value));
            case JsonValueKind.Array:
                return element.EnumerateArray().Sum(CountStringsNotText);
            case JsonValueKind.String:
                return TryGetText(element, out _) ? 0 : 1;
            default:
                return 0;
        }
    }

    /// <summary>How a value's kind is named in reasons.</summary>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>A string's text; <c>false</c> when it escapes an unpaired surrogate, which no .NET string can hold.</summary>
    private static bool TryGetText(JsonElement value, out string text)
    {
        try
        {
            text = value.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = string.Empty;
            return false;
        }
    }

    /// <summary>The member name a path ends with: <c>role</c> of <c>data.channel.party.role</c>.</summary>
    private static ReadOnlySpan<char> NameOf(string path) => path.AsSpan(path.LastIndexOf('.') + 1);
}
