using System.Globalization;
using System.Text.RegularExpressions;

namespace ChannelFunctions.Core.Contract;

/// <summary>
/// The value formats of the contract, shared by the event validator and the lookup parameters: GUIDs and RFC 3339
/// date-times, each with the rule text that error messages quote.
/// </summary>
public static partial class ContractFormats
{
    /// <summary>The rule a GUID breaks, as error messages state it.</summary>
    public const string GuidRule = "must be a GUID like 3e71f453-116a-3abc-7769-bc678ef6e080";

    /// <summary>The rule a date-time breaks, as error messages state it.</summary>
    public const string TimeRule = "must be an RFC 3339 date-time, for example 2022-08-30T14:34:36.088Z";

    /// <summary>
    /// Parses a hyphenated GUID of any version, in any case, to its lower-case form (as the store keeps it).
    /// </summary>
    public static bool TryParseGuid(string? text, out string normalized)
    {
        if (Guid.TryParseExact(text, "D", out var value))
        {
            normalized = value.ToString("D");
            return true;
        }

        normalized = string.Empty;
        return false;
    }

    /// <summary>Parses an RFC 3339 date-time with any fractional precision and an explicit offset, to UTC.</summary>
    public static bool TryParseTime(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || !Rfc3339Shape().IsMatch(text))
        {
            return false;
        }

        // .NET parses at most 7 fractional digits; RFC 3339 allows any number, and 100 ns is all we keep.
        var fraction = text.IndexOf('.', StringComparison.Ordinal);
        if (fraction > 0)
        {
            var digits = 0;
            while (fraction + 1 + digits < text.Length && char.IsAsciiDigit(text[fraction + 1 + digits]))
            {
                digits++;
            }

            if (digits > 7)
            {
                text = string.Concat(text.AsSpan(0, fraction + 8), text.AsSpan(fraction + 1 + digits));
            }
        }

        if (!DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        value = parsed.ToUniversalTime();
        return true;
    }

    // RFC 3339 date-time with any fractional precision; "T" and "Z" upper case, as VCC sends them.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339Shape();
}
