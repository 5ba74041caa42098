using ChannelFunctions.EventGridTriggerStandIn;
using Microsoft.Azure.Functions.Worker.Converters;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

// Same namespace as the official attribute, so function code compiles unchanged against either.
namespace Microsoft.Azure.Functions.Worker;

/// <summary>
/// Stand-in for the Event Grid trigger of Microsoft.Azure.Functions.Worker.Extensions.EventGrid: runs a function
/// when an Event Grid subscription delivers events. With <see cref="IsBatched"/> the parameter must be an array
/// (<c>BinaryData[]</c>), the binding's cardinality is many, and one invocation receives a whole delivered batch.
/// </summary>
[ConverterFallbackBehavior(ConverterFallbackBehavior.Default)]
[InputConverter(typeof(EventGridBatchConverter))]
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class EventGridTriggerAttribute : TriggerBindingAttribute
{
    /// <summary>Whether one invocation receives a whole batch. The SDK reads this property by name.</summary>
    [DefaultValue(false)]
    public bool IsBatched { get; set; }
}
