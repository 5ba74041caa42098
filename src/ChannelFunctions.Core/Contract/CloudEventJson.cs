using System.Text.Json;

namespace ChannelFunctions.Core.Contract;

/// <summary>
/// Reads the shape of CloudEvents JSON without interpreting the events: one event, or a batch of them. The one place
/// that splits batches (the ingest function's trigger, the CLI's files, the relay's bodies) and that says how deep an
/// event may nest on its way through Event Grid.
/// </summary>
public static class CloudEventJson
{
    /// <summary>
    /// The deepest nesting the Functions host's Event Grid extension reads in a delivery: it parses the delivered body
    /// with Newtonsoft.Json's <c>JToken.Parse</c>, whose default limit is 64. A deeper delivery throws in the host
    /// before the worker runs, and the whole batch is retried, then dead-lettered.
    /// </summary>
    public const int HostMaxDepth = 64;

    /// <summary>
    /// The deepest an event may nest so that the batch Event Grid delivers it in, one JSON array deeper, stays within
    /// <see cref="HostMaxDepth"/>. The relay refuses deeper events, and the validator's limit may not exceed it.
    /// </summary>
    public const int MaxEventDepth = HostMaxDepth - 1;

    // Splitting must not judge what the validator judges: one deeply nested event would otherwise turn its whole batch
    // into a single element. The reader is not recursive, so no limit costs nothing but a bit per level.
    private static readonly JsonReaderOptions Unbounded = new() { MaxDepth = int.MaxValue };

    /// <summary>Whether the bytes are exactly one well-formed JSON object, and if so whether it nests too deep.</summary>
    public static BodyShape ShapeOf(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, Unbounded);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return BodyShape.Other;
            }

            var deepest = 0;
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    deepest = Math.Max(deepest, reader.CurrentDepth);
                }
            }

            // CurrentDepth counts the containers around a token: the root object is at 0, its children at 1.
            return deepest + 1 > MaxEventDepth ? BodyShape.TooDeep : BodyShape.SingleObject;
        }
        catch (JsonException)
        {
            return BodyShape.Other;
        }
    }

    /// <summary>
    /// Splits a batch (a JSON array) into the exact bytes of each element, however deeply they nest. Anything else
    /// (one object, or text that is not JSON at all) is returned whole as one event, so the validator can say what is
    /// wrong with it. A UTF-8 byte order mark, as some editors write, is not part of any event.
    /// </summary>
    public static IReadOnlyList<ReadOnlyMemory<byte>> Split(ReadOnlyMemory<byte> json)
    {
        if (json.Span.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }

        try
        {
            var reader = new Utf8JsonReader(json.Span, Unbounded);
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
