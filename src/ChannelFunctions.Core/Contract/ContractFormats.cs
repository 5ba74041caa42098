using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace ChannelFunctions.Core.Contract;

/// <summary>
/// The value formats of the contract, shared by the event validator, the stored documents and the lookup parameters:
/// GUIDs and RFC 3339 date-times, each checked once, on UTF-8, with the rule text that error messages quote.
/// </summary>
public static class ContractFormats
{
    /// <summary>The rule a GUID breaks, as error messages state it.</summary>
    public const string GuidRule = "must be a GUID like 3e71f453-116a-3abc-7769-bc678ef6e080";

    /// <summary>The rule a date-time breaks, as error messages state it.</summary>
    public const string TimeRule = "must be an RFC 3339 date-time, for example 2022-08-30T14:34:36.088Z";

    private const int GuidLength = 36;

    /// <summary>The longest date-time converted on the stack: far more fraction digits than anyone sends.</summary>
    private const int MaxStackTime = 128;

    private static readonly SearchValues<byte> HexDigits = SearchValues.Create("0123456789abcdefABCDEF"u8);

    /// <summary>
    /// Whether <paramref name="utf8"/> is a GUID as the contract writes it: the hyphenated 8-4-4-4-12 form of hex
    /// digits, in any case, of any version, and nothing else (no white space, braces, signs or <c>0x</c>, all of which
    /// <see cref="Guid.TryParseExact(string, string, out Guid)"/> lets through); <paramref name="normalized"/> is its
    /// lower-case form, as the store keeps it.
    /// </summary>
    public static bool TryParseGuid(ReadOnlySpan<byte> utf8, out string normalized)
    {
        normalized = IsGuid(utf8)
            ? string.Create(GuidLength, utf8, static (chars, bytes) => Ascii.ToLower(bytes, chars, out _))
            : string.Empty;
        return normalized.Length > 0;
    }

    /// <summary>Whether <paramref name="utf8"/> is a GUID as <see cref="TryParseGuid(ReadOnlySpan{byte}, out string)"/> reads one.</summary>
    public static bool IsGuid(ReadOnlySpan<byte> utf8) =>
        utf8.Length == GuidLength
        && utf8[8] == '-' && utf8[13] == '-' && utf8[18] == '-' && utf8[23] == '-'
        && !utf8[..8].ContainsAnyExcept(HexDigits)
        && !utf8[9..13].ContainsAnyExcept(HexDigits)
        && !utf8[14..18].ContainsAnyExcept(HexDigits)
        && !utf8[19..23].ContainsAnyExcept(HexDigits)
        && !utf8[24..].ContainsAnyExcept(HexDigits);

    /// <summary>The GUID rule of <see cref="TryParseGuid(ReadOnlySpan{byte}, out string)"/>, for text.</summary>
    public static bool TryParseGuid(string? text, out string normalized)
    {
        normalized = string.Empty;
        Span<byte> utf8 = stackalloc byte[GuidLength];
        return text is { Length: GuidLength } && Ascii.FromUtf16(text, utf8, out _) == OperationStatus.Done
            && TryParseGuid(utf8, out normalized);
    }

    /// <summary>
    /// Parses an RFC 3339 date-time (<see cref="Rfc3339.HasShape"/>: any fractional precision, <c>Z</c> or an
    /// explicit offset) to UTC. Beyond 7 fraction digits (100 ns, all .NET keeps) the rest is dropped, not rounded.
    /// </summary>
    public static bool TryParseTime(ReadOnlySpan<byte> utf8, out DateTimeOffset value)
    {
        value = default;
        if (!Rfc3339.HasShape(utf8, out var fractionDigits))
        {
            return false;
        }

        // The BCL's UTF-8 parser of the round-trip format ("O") reads exactly 7 fraction digits: pad or cut to them.
        const int DateTime = 19;
        var offset = utf8[(DateTime + (fractionDigits > 0 ? fractionDigits + 1 : 0))..];
        Span<byte> roundTrip = stackalloc byte[DateTime + 8 + 6];
        utf8[..DateTime].CopyTo(roundTrip);
        roundTrip[DateTime] = (byte)'.';
        var fraction = roundTrip.Slice(DateTime + 1, 7);
        fraction.Fill((byte)'0');
        utf8.Slice(DateTime + 1, Math.Min(fractionDigits, 7)).CopyTo(fraction);
        offset.CopyTo(roundTrip[(DateTime + 8)..]);
        var length = DateTime + 8 + offset.Length;
        if (!Utf8Parser.TryParse(roundTrip[..length], out DateTimeOffset parsed, out var consumed, 'O') || consumed != length)
        {
            return false;
        }

        value = parsed.ToUniversalTime();
        return true;
    }

    /// <summary>The date-time rule of <see cref="TryParseTime(ReadOnlySpan{byte}, out DateTimeOffset)"/>, for text.</summary>
    public static bool TryParseTime(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null)
        {
            return false;
        }

        // The shape is ASCII only: any other character fails it, so the UTF-8 of longer text need not be exact.
        Span<byte> utf8 = text.Length <= MaxStackTime ? stackalloc byte[text.Length] : new byte[text.Length];
        return Ascii.FromUtf16(text, utf8, out _) == OperationStatus.Done && TryParseTime(utf8, out value);
    }
}
