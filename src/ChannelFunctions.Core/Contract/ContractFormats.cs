using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ChannelFunctions.Core.Contract;

/// <summary>
/// The value formats of the contract, shared by the event validator, the stored documents and the lookup parameters:
/// GUIDs and RFC 3339 date-times, each checked once, with the rule text that error messages quote.
/// </summary>
public static partial class ContractFormats
{
    /// <summary>The rule a GUID breaks, as error messages state it.</summary>
    public const string GuidRule = "must be a GUID like 3e71f453-116a-3abc-7769-bc678ef6e080";

    /// <summary>The rule a date-time breaks, as error messages state it.</summary>
    public const string TimeRule = "must be an RFC 3339 date-time, for example 2022-08-30T14:34:36.088Z";

    /// <summary>The digits of a fraction .NET keeps: 100 ns.</summary>
    private const int MaxFractionDigits = 7;

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>
    /// Whether <paramref name="text"/> is a GUID as the contract writes it: the hyphenated 8-4-4-4-12 form of hex
    /// digits, in any case, of any version, and nothing else (no white space, braces, signs or <c>0x</c>, all of which
    /// <see cref="Guid.TryParseExact(string, string, out Guid)"/> lets through).
    /// </summary>
    public static bool IsGuid(ReadOnlySpan<char> text) =>
        text.Length == 36
        && text[8] == '-' && text[13] == '-' && text[18] == '-' && text[23] == '-'
        && !text[..8].ContainsAnyExcept(HexDigits)
        && !text[9..13].ContainsAnyExcept(HexDigits)
        && !text[14..18].ContainsAnyExcept(HexDigits)
        && !text[19..23].ContainsAnyExcept(HexDigits)
        && !text[24..].ContainsAnyExcept(HexDigits);

    /// <summary>
    /// Whether <paramref name="text"/> is a GUID (<see cref="IsGuid"/>); <paramref name="normalized"/> is its
    /// lower-case form, as the store keeps it (the same string when it already is).
    /// </summary>
    public static bool TryParseGuid(string? text, out string normalized)
    {
        normalized = text is not null && IsGuid(text) ? text.ToLowerInvariant() : string.Empty;
        return normalized.Length > 0;
    }

    /// <summary>
    /// Parses an RFC 3339 date-time (<c>yyyy-MM-ddTHH:mm:ss</c>, any fractional precision, <c>Z</c> or an explicit
    /// offset, ASCII digits) to UTC, with the BCL's own exact parse. Beyond 7 fraction digits (100 ns, all .NET keeps)
    /// the rest is dropped, not rounded.
    /// </summary>
    public static bool TryParseTime(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || Rfc3339().Match(text) is not { Success: true } match)
        {
            return false;
        }

        var fraction = match.Groups[1];
        ReadOnlySpan<char> kept = fraction.Length > MaxFractionDigits
            ? string.Concat(text.AsSpan(0, fraction.Index + MaxFractionDigits), text.AsSpan(fraction.Index + fraction.Length))
            : text;
        if (!DateTimeOffset.TryParseExact(kept, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        value = parsed.ToUniversalTime();
        return true;
    }

    /// <summary>The shape of an RFC 3339 date-time, the values (month, hour, …) left to the parser; group 1 is the fraction.</summary>
    [GeneratedRegex(@"\A[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.([0-9]+))?(?:Z|[+-][0-9]{2}:[0-9]{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
