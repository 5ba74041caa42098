using System.Text.Json;

namespace ChannelFunctions.Benchmarks;

/// <summary>
/// The floor of per-event work: one <see cref="Utf8JsonReader"/> pass over the event's bytes that reads every token
/// and consumes its value, with no validation, no allocation and no output. Nothing that parses the event can be
/// faster than this by much.
/// </summary>
public static class FloorReader
{
    /// <summary>Reads every token; returns a checksum of token kinds, value lengths and first bytes, so no read can be elided.</summary>
    public static long Read(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 32 });
        long checksum = 0;
        while (reader.Read())
        {
            checksum = (checksum * 31) + (int)reader.TokenType;
            var value = reader.ValueSpan;
            if (!value.IsEmpty)
            {
                checksum += value.Length + value[0] + value[^1];
            }
        }

        return checksum;
    }

    /// <summary>How many tokens <see cref="Read"/> visits, for the checks of the short mode.</summary>
    public static int CountTokens(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 32 });
        var tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }
}
