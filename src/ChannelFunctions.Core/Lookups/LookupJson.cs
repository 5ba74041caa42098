using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChannelFunctions.Core.Lookups;

/// <summary>The JSON of the lookups' answers, for the HTTP API and the CLI alike: System.Text.Json, camelCase, enums as camelCase strings, times in UTC.</summary>
public static class LookupJson
{
    /// <summary>The options every lookup answer is written with.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new UtcTimeConverter() },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Writes moments as UTC with a <c>Z</c>, as VCC does, rather than with <c>+00:00</c>.</summary>
    private sealed class UtcTimeConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime);
    }
}
