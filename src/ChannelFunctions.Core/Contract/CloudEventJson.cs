using System.Text.Json;

namespace ChannelFunctions.Core.Contract;

/// <summary>Reads the shape of CloudEvents JSON without interpreting the events: one event, or a batch of them.</summary>
public static class CloudEventJson
{
    private static readonly JsonReaderOptions Reader = new() { MaxDepth = 64 };

    /// <summary>Whether the bytes are exactly one well-formed JSON object, with nothing but whitespace around it.</summary>
    public static bool IsSingleObject(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, Reader);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Splits a batch (a JSON array) into the exact bytes of each element. Anything else (one object, or text that
    /// is not JSON at all) is returned whole as one event, so the validator can say what is wrong with it.
    /// A UTF-8 byte order mark, as some editors write, is not part of any event.
    /// </summary>
    public static IReadOnlyList<ReadOnlyMemory<byte>> Split(ReadOnlyMemory<byte> json)
    {
        if (json.Span.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }

        try
        {
            var reader = new Utf8JsonReader(json.Span, Reader);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return [json];
            }

            var elements = new List<ReadOnlyMemory<byte>>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                elements.Add(json[start..(int)reader.BytesConsumed]);
            }

            return reader.Read() ? [json] : elements;
        }
        catch (JsonException)
        {
            return [json];
        }
    }
}
