using System.Buffers;
using System.Globalization;
using System.Text;

namespace ChannelFunctions.Core.Contract;

/// <summary>
/// The characters a reader cannot see as themselves: controls (Unicode category Cc: U+0000–U+001F, U+007F–U+009F),
/// format characters (Cf: the bidirectional controls U+202A–U+202E and U+2066–U+2069, zero-width characters, …) and
/// noncharacters (U+FDD0–U+FDEF and every code point ending in FFFE or FFFF); an unpaired surrogate counts as one too.
/// They can spoof what text around them says (U+202E turns it around), and some no XML page can carry at all (U+0000,
/// U+000B, U+FFFE). Identifiers refuse them (<c>EventReader</c>); pages show each as its name, e.g. <c>[U+202E]</c>.
/// </summary>
public static class InvisibleCharacters
{
    /// <summary>
    /// Where the first invisible character of <paramref name="text"/> starts, or -1; <paramref name="codePoint"/> is it
    /// (an unpaired surrogate's own value) and <paramref name="length"/> its length in UTF-16 code units.
    /// </summary>
    public static int IndexOf(ReadOnlySpan<char> text, out int codePoint, out int length)
    {
        // Printable ASCII (nearly every VCC value is only that) needs no closer look.
        for (var at = text.IndexOfAnyExceptInRange(' ', '~'); at >= 0;)
        {
            if (Rune.DecodeFromUtf16(text[at..], out var rune, out length) != OperationStatus.Done)
            {
                codePoint = text[at];
                length = 1;
                return at;
            }

            if (IsInvisible(rune))
            {
                codePoint = rune.Value;
                return at;
            }

            at += length;
            var next = text[at..].IndexOfAnyExceptInRange(' ', '~');
            at = next < 0 ? -1 : at + next;
        }

        codePoint = 0;
        length = 0;
        return -1;
    }

    /// <summary>Whether a code point is a control, a format character or a noncharacter.</summary>
    public static bool IsInvisible(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
        || (rune.Value & 0xFFFE) == 0xFFFE
        || rune.Value is >= 0xFDD0 and <= 0xFDEF;

    /// <summary>How a code point is named where it cannot be shown: <c>U+202E</c>, <c>U+1FFFE</c>.</summary>
    public static string Name(int codePoint) => string.Create(CultureInfo.InvariantCulture, $"U+{codePoint:X4}");
}
