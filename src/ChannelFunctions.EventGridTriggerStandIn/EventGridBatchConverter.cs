using System.Text;
using ChannelFunctions.Core.Contract;
using Microsoft.Azure.Functions.Worker.Converters;

namespace ChannelFunctions.EventGridTriggerStandIn;

/// <summary>
/// Binds an Event Grid trigger's input to bytes, as the official converter does: <see cref="BinaryData"/> for the
/// delivery as the host sent it, <see cref="BinaryData"/>[] for one element per event. The host hands a batch to the
/// worker as one JSON string (an array, or a single object when not batched); it is turned into UTF-8 once and split
/// once, by <see cref="CloudEventJson.Split"/>, the rule the relay and the CLI share, so each element is a slice of
/// the same bytes. Unlike the official converter, input that is not JSON is not a binding failure (which would make
/// Event Grid redeliver it until it dead-letters): it becomes one element, so the function can refuse and keep it.
/// </summary>
[SupportedTargetType(typeof(BinaryData))]
[SupportedTargetType(typeof(BinaryData[]))]
internal sealed class EventGridBatchConverter : IInputConverter
{
    /// <inheritdoc />
    public ValueTask<ConversionResult> ConvertAsync(ConverterContext context)
    {
        if (context.TargetType != typeof(BinaryData) && context.TargetType != typeof(BinaryData[]))
        {
            return new(ConversionResult.Unhandled());
        }

        if (!TryGetBytes(context.Source, out var utf8))
        {
            return new(ConversionResult.Failed(new InvalidOperationException(
                $"The Event Grid trigger's input must be a JSON string or bytes; it was {context.Source?.GetType().Name ?? "null"}.")));
        }

        object value = context.TargetType == typeof(BinaryData)
            ? new BinaryData(utf8)
            : CloudEventJson.Split(utf8).Select(element => new BinaryData(element)).ToArray();
        return new(ConversionResult.Success(value));
    }

    private static bool TryGetBytes(object? source, out ReadOnlyMemory<byte> utf8)
    {
        utf8 = source switch
        {
            string text => Encoding.UTF8.GetBytes(text),
            ReadOnlyMemory<byte> bytes => bytes,
            byte[] bytes => bytes,
            _ => default,
        };
        return source is string or ReadOnlyMemory<byte> or byte[];
    }
}
