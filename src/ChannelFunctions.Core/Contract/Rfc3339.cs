namespace ChannelFunctions.Core.Contract;

/// <summary>The shape of an RFC 3339 date-time, checked on UTF-8 bytes without a regular expression.</summary>
internal static class Rfc3339
{
    /// <summary>
    /// Whether <paramref name="utf8"/> is <c>yyyy-MM-ddTHH:mm:ss</c>, optionally a dot and one or more fraction digits,
    /// then <c>Z</c> or <c>+hh:mm</c> / <c>-hh:mm</c>, with ASCII digits: the shape of the contract's date-times. The
    /// values (month, hour, …) are left to the parser.
    /// </summary>
    /// <param name="utf8">The text.</param>
    /// <param name="fractionDigits">How many fraction digits it has; 0 without a fraction.</param>
    public static bool HasShape(ReadOnlySpan<byte> utf8, out int fractionDigits)
    {
        fractionDigits = 0;
        // "yyyy-MM-ddTHH:mm:ss": digits everywhere but the separators.
        const int DateTimeLength = 19;
        if (utf8.Length < DateTimeLength + 1)
        {
            return false;
        }

        for (var i = 0; i < DateTimeLength; i++)
        {
            var expected = i switch
            {
                4 or 7 => (byte)'-',
                10 => (byte)'T',
                13 or 16 => (byte)':',
                _ => (byte)0,
            };
            if (expected == 0 ? !char.IsAsciiDigit((char)utf8[i]) : utf8[i] != expected)
            {
                return false;
            }
        }

        var rest = utf8[DateTimeLength..];
        if (rest[0] == '.')
        {
            var digits = 1;
            while (digits < rest.Length && char.IsAsciiDigit((char)rest[digits]))
            {
                digits++;
            }

            if (digits == 1)
            {
                return false;
            }

            fractionDigits = digits - 1;

            rest = rest[digits..];
        }

        return rest switch
        {
            [(byte)'Z'] => true,
            [(byte)'+' or (byte)'-', var h1, var h2, (byte)':', var m1, var m2] =>
                char.IsAsciiDigit((char)h1) && char.IsAsciiDigit((char)h2) && char.IsAsciiDigit((char)m1) && char.IsAsciiDigit((char)m2),
            _ => false,
        };
    }
}
