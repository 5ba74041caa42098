using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace ChannelFunctions.Core.Documents;

/// <summary>
/// The duplicate rule: whether two JSON values of events with the same <c>source</c> and <c>id</c> mean the same
/// event, whatever re-serialization either went through on the way (docs/ingest.md, "The duplicate rule"). Two
/// re-serializers sit between a sender and this comparison: the Functions host's Event Grid extension
/// (Newtonsoft.Json: date-time strings rewritten, escapes decoded, duplicate member names collapsed) and the store
/// (member order, escapes, numbers as doubles). So values are equal when
/// <list type="bullet">
/// <item>objects have the same member names with equal values, in any order, the last of duplicate names counting;</item>
/// <item>arrays have equal elements in the same order;</item>
/// <item>strings have the same characters once unescaped (an unpaired surrogate counting as U+FFFD, as a UTF-8
/// encoder writes it), or are both date-times of the same instant (both with an offset, or both without);</item>
/// <item>numbers are the same IEEE 754 double (RFC 7493, I-JSON: what every party on the way can hold);</item>
/// <item><c>true</c>, <c>false</c> and <c>null</c> are the same literal.</item>
/// </list>
/// Anything else is a real difference, a conflict. Never throws.
/// </summary>
public static class DuplicateRule
{
    /// <summary>Whether <paramref name="stored"/> and <paramref name="incoming"/> mean the same event.</summary>
    public static bool IsSameEvent(JsonElement stored, JsonElement incoming)
    {
        if (stored.ValueKind != incoming.ValueKind)
        {
            return false;
        }

        switch (stored.ValueKind)
        {
            case JsonValueKind.Object:
                return SameMembers(stored, incoming);
            case JsonValueKind.Array:
                if (stored.GetArrayLength() != incoming.GetArrayLength())
                {
                    return false;
                }

                using (var left = stored.EnumerateArray())
                using (var right = incoming.EnumerateArray())
                {
                    while (left.MoveNext() && right.MoveNext())
                    {
                        if (!IsSameEvent(left.Current, right.Current))
                        {
                            return false;
                        }
                    }
                }

                return true;
            case JsonValueKind.String:
                return SameString(Unquoted(JsonMarshal.GetRawUtf8Value(stored)), Unquoted(JsonMarshal.GetRawUtf8Value(incoming)));
            case JsonValueKind.Number:
                return SameNumber(JsonMarshal.GetRawUtf8Value(stored), JsonMarshal.GetRawUtf8Value(incoming));
            default:
                return true; // true, false, null: the kind is the value
        }
    }

    /// <summary>A string token's raw text without its quotes: still escaped, as it was written.</summary>
    private static ReadOnlySpan<byte> Unquoted(ReadOnlySpan<byte> token) =>
        token.Length >= 2 && token[0] == (byte)'"' ? token[1..^1] : token;

    private static bool SameMembers(JsonElement stored, JsonElement incoming)
    {
        var left = Members(stored);
        var right = Members(incoming);
        if (left.Count != right.Count)
        {
            return false;
        }

        foreach (var (name, value) in left)
        {
            if (!right.TryGetValue(name, out var other) || !IsSameEvent(value, other))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An object's members by unescaped name, the last of duplicates winning (as Newtonsoft keeps them).</summary>
    private static Dictionary<string, JsonElement> Members(JsonElement element)
    {
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            members[Unescape(Unquoted(JsonMarshal.GetRawUtf8PropertyName(member)))] = member.Value;
        }

        return members;
    }

    private static bool SameString(ReadOnlySpan<byte> stored, ReadOnlySpan<byte> incoming)
    {
        if (stored.SequenceEqual(incoming))
        {
            return true;
        }

        if (stored.IndexOf((byte)'\\') < 0 && incoming.IndexOf((byte)'\\') < 0 && !LooksLikeTime(stored) && !LooksLikeTime(incoming))
        {
            return false;
        }

        var left = Unescape(stored);
        var right = Unescape(incoming);
        return string.Equals(left, right, StringComparison.Ordinal) || SameInstant(left, right);
    }

    /// <summary><c>yyyy-MM-ddTHH:mm:ss</c> at the start, the only shape Newtonsoft reads as a date-time.</summary>
    private static bool LooksLikeTime(ReadOnlySpan<byte> text) =>
        text.Length >= 19 && text[4] == (byte)'-' && text[7] == (byte)'-' && text[10] == (byte)'T' && text[13] == (byte)':' && text[16] == (byte)':';

    /// <summary>
    /// Whether both are ISO 8601 date-times of the same instant: Newtonsoft writes them back in its own form
    /// (<c>.6134320Z</c> as <c>.613432Z</c>, <c>+02:00</c> converted to the host's offset).
    /// </summary>
    private static bool SameInstant(string left, string right)
    {
        if (!TryParseTime(left, out var a) || !TryParseTime(right, out var b) || (a.Kind == DateTimeKind.Unspecified) != (b.Kind == DateTimeKind.Unspecified))
        {
            return false;
        }

        return a.Kind == DateTimeKind.Unspecified ? a.Ticks == b.Ticks : a.ToUniversalTime().Ticks == b.ToUniversalTime().Ticks;
    }

    private static bool TryParseTime(string text, out DateTime value) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out value);

    private static bool SameNumber(ReadOnlySpan<byte> stored, ReadOnlySpan<byte> incoming) =>
        stored.SequenceEqual(incoming)
        || (double.TryParse(stored, NumberStyles.Float, CultureInfo.InvariantCulture, out var left)
            && double.TryParse(incoming, NumberStyles.Float, CultureInfo.InvariantCulture, out var right)
            && left.Equals(right));

    /// <summary>
    /// The characters of a JSON string's raw (escaped) UTF-8. Unlike <see cref="JsonElement.GetString"/>, an
    /// escaped unpaired surrogate becomes U+FFFD instead of an exception.
    /// </summary>
    private static string Unescape(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return Encoding.UTF8.GetString(raw);
        }

        var text = new StringBuilder(raw.Length);
        var rented = ArrayPool<char>.Shared.Rent(raw.Length);
        try
        {
            while (!raw.IsEmpty)
            {
                var escape = raw.IndexOf((byte)'\\');
                var plain = escape < 0 ? raw : raw[..escape];
                var chars = Encoding.UTF8.GetChars(plain, rented);
                text.Append(rented, 0, chars);
                if (escape < 0)
                {
                    break;
                }

                raw = raw[escape..];
                if (raw.Length >= 6 && raw[1] == (byte)'u' && TryHex(raw.Slice(2, 4), out var unit))
                {
                    text.Append((char)unit);
                    raw = raw[6..];
                }
                else if (raw.Length >= 2)
                {
                    text.Append(raw[1] switch
                    {
                        (byte)'b' => '\b',
                        (byte)'f' => '\f',
                        (byte)'n' => '\n',
                        (byte)'r' => '\r',
                        (byte)'t' => '\t',
                        var other => (char)other,
                    });
                    raw = raw[2..];
                }
                else
                {
                    break;
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        // Round trip through UTF-8: what an encoder writes for a lone surrogate (U+FFFD) is what it means here.
        return Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text.ToString()));
    }

    private static bool TryHex(ReadOnlySpan<byte> hex, out int value) =>
        int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
}
