using System.Buffers;
using System.Globalization;

namespace ChannelFunctions.Core.Documents;

/// <summary>
/// Whether an event's JSON comes back from the store with the same values. Cosmos DB (and the local protocol
/// server) re-serialize documents and hold numbers as IEEE 754 doubles: <c>9007199254740993</c> comes back as
/// <c>9007199254740992</c>, and numbers beyond 17 significant digits or the double range do not survive. Every
/// other difference a store makes (member order, escapes, number spelling such as <c>1e-07</c> for <c>1e-7</c>)
/// keeps the value.
/// </summary>
public static class StoreRoundTrip
{
    private static readonly SearchValues<byte> StringOrNumber = SearchValues.Create("\"-0123456789"u8);
    private static readonly SearchValues<byte> QuoteOrBackslash = SearchValues.Create("\"\\"u8);
    private static readonly SearchValues<byte> NumberBytes = SearchValues.Create("+-.0123456789eE"u8);

    /// <summary>
    /// Whether every number in <paramref name="json"/> (well-formed JSON, as validated) is exactly a double, so
    /// the store gives back the value that arrived. Strings are skipped; only numbers can lose anything.
    /// </summary>
    public static bool Survives(ReadOnlySpan<byte> json)
    {
        var rest = json;
        while (true)
        {
            var next = rest.IndexOfAny(StringOrNumber);
            if (next < 0)
            {
                return true;
            }

            rest = rest[next..];
            if (rest[0] == (byte)'"')
            {
                rest = rest[SkipString(rest)..];
                continue;
            }

            var length = rest.IndexOfAnyExcept(NumberBytes);
            var number = length < 0 ? rest : rest[..length];
            if (!IsExactDouble(number))
            {
                return false;
            }

            rest = rest[number.Length..];
        }
    }

    /// <summary>The length of the string token at the start of <paramref name="json"/>, quotes included.</summary>
    private static int SkipString(ReadOnlySpan<byte> json)
    {
        var at = 1;
        while (true)
        {
            var next = json[at..].IndexOfAny(QuoteOrBackslash);
            if (next < 0)
            {
                return json.Length;
            }

            at += next;
            if (json[at] == (byte)'"')
            {
                return at + 1;
            }

            at += 2; // a backslash and the character it escapes
        }
    }

    /// <summary>Whether the decimal value of a JSON number is exactly the double nearest to it.</summary>
    private static bool IsExactDouble(ReadOnlySpan<byte> number)
    {
        var digits = number.Length <= 256 ? stackalloc byte[number.Length] : new byte[number.Length];
        var (count, exponent) = Significant(number, digits);
        // Up to 15 significant digits in the normal range always come back (DBL_DIG).
        if (count <= 15 && exponent is > -300 and < 300)
        {
            return true;
        }

        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            return false;
        }

        Span<byte> text = stackalloc byte[32];
        value.TryFormat(text, out var written, "R", CultureInfo.InvariantCulture);
        Span<byte> back = stackalloc byte[32];
        var (backCount, backExponent) = Significant(text[..written], back);
        return digits[..count].SequenceEqual(back[..backCount]) && exponent == backExponent;
    }

    /// <summary>
    /// Writes a number's significant digits (no leading or trailing zeros) to <paramref name="digits"/> and returns
    /// how many, with the exponent of the last one, so that equal values have equal parts (zero has no digits).
    /// </summary>
    private static (int Count, long Exponent) Significant(ReadOnlySpan<byte> number, Span<byte> digits)
    {
        var e = number.IndexOfAny((byte)'e', (byte)'E');
        var mantissa = e < 0 ? number : number[..e];
        long exponent = 0;
        if (e >= 0)
        {
            var power = number[(e + 1)..];
            var negative = power.Length > 0 && power[0] == (byte)'-';
            if (power.Length > 0 && power[0] is (byte)'-' or (byte)'+')
            {
                power = power[1..];
            }

            foreach (var digit in power)
            {
                // An exponent this large is beyond any double anyway; saturate instead of overflowing.
                exponent = Math.Min((exponent * 10) + (digit - '0'), 1_000_000);
            }

            exponent = negative ? -exponent : exponent;
        }

        var count = 0;
        var afterDot = -1;
        foreach (var digit in mantissa)
        {
            if (digit == (byte)'.')
            {
                afterDot = 0;
            }
            else if (digit != (byte)'-' && (digit != (byte)'0' || count > 0))
            {
                // Leading zeros are dropped as they come; zeros after the dot still shift the exponent.
                digits[count++] = digit;
                afterDot += afterDot >= 0 ? 1 : 0;
            }
            else if (afterDot >= 0)
            {
                afterDot++;
            }
        }

        exponent -= Math.Max(afterDot, 0);
        while (count > 0 && digits[count - 1] == (byte)'0')
        {
            count--;
            exponent++;
        }

        return count == 0 ? (0, 0) : (count, exponent);
    }
}
