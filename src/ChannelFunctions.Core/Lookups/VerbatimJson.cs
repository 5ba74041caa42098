using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChannelFunctions.Core.Lookups;

/// <summary>
/// One JSON value as the store gave it: written into an answer as the bytes it was read as, neither parsed into a
/// tree nor serialized again.
/// </summary>
/// <param name="Utf8">The value's UTF-8 JSON, well-formed (the store's own).</param>
[JsonConverter(typeof(Converter))]
public readonly record struct VerbatimJson(ReadOnlyMemory<byte> Utf8)
{
    private sealed class Converter : JsonConverter<VerbatimJson>
    {
        public override VerbatimJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Answers are written, never read back.");

        public override void Write(Utf8JsonWriter writer, VerbatimJson value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.Utf8.Span, skipInputValidation: true);
    }
}
