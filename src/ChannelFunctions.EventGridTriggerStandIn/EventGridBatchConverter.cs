using System.Text;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Converters;

namespace ChannelFunctions.EventGridTriggerStandIn;

/// <summary>
/// Binds an Event Grid trigger's input to <c>string[]</c>, one raw JSON text per event. The host hands a batch to the
/// worker as one JSON string (an array, or a single object when not batched). Unlike the official converter, input
/// that is not JSON is not a binding failure (which would make Event Grid redeliver it until it dead-letters): it
/// becomes one element, so the function can refuse it with a reason and keep it.
/// </summary>
[SupportedTargetType(typeof(string[]))]
internal sealed class EventGridBatchConverter : IInputConverter
{
    // Splitting must not refuse what the validator should judge: one deeply nested event would otherwise turn the
    // whole batch into a single element. The parser is not recursive, so a high limit costs nothing.
    private static readonly JsonDocumentOptions SplitOptions = new() { MaxDepth = 100_000 };

    /// <inheritdoc />
    public ValueTask<ConversionResult> ConvertAsync(ConverterContext context)
    {
        if (context.TargetType != typeof(string[]))
        {
            return new(ConversionResult.Unhandled());
        }

        var text = context.Source switch
        {
            string value => value,
            ReadOnlyMemory<byte> bytes => Encoding.UTF8.GetString(bytes.Span),
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            _ => null,
        };
        return text is null
            ? new(ConversionResult.Failed(new InvalidOperationException(
                $"The Event Grid trigger's input must be a JSON string; it was {context.Source?.GetType().Name ?? "null"}.")))
            : new(ConversionResult.Success(Split(text)));
    }

    /// <summary>Splits a delivered batch into the raw JSON of each event, each exactly as the host sent it.</summary>
    internal static string[] Split(string batch)
    {
        try
        {
            using var document = JsonDocument.Parse(batch, SplitOptions);
            return document.RootElement.ValueKind == JsonValueKind.Array
                ? [.. document.RootElement.EnumerateArray().Select(element => element.GetRawText())]
                : [batch];
        }
        catch (JsonException)
        {
            return [batch];
        }
    }
}
