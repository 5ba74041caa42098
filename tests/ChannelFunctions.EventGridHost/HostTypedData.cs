using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ChannelFunctions.EventGridHost;

/// <summary>
/// The trigger value as the Functions host's gRPC layer puts it into the InvocationRequest's <c>TypedData</c>: exactly
/// one of <see cref="Json"/>, <see cref="String"/> or <see cref="Bytes"/> is set, as in the protocol's <c>oneof</c>.
/// </summary>
/// <param name="Json"><c>TypedData.json</c>.</param>
/// <param name="String"><c>TypedData.string</c>.</param>
/// <param name="Bytes"><c>TypedData.bytes</c>.</param>
public sealed record HostTypedData(string? Json, string? String, byte[]? Bytes)
{
    /// <summary>
    /// Converts a bound value the way the host's <c>GrpcMessageConversionExtensions.ToRpc</c> does for a worker that
    /// reports the <c>TypedDataCollection</c> capability (the .NET isolated worker does): <c>byte[]</c> to bytes,
    /// <c>JObject</c> to <c>ToString(Formatting.None)</c>, <c>string</c> to string, and any other value (a
    /// <c>JObject[]</c> batch included) to <c>JsonConvert.SerializeObject(value, Formatting.None)</c> with
    /// Newtonsoft's default settings.
    /// </summary>
    /// <exception cref="NotSupportedException">The value is a <c>string[]</c>, <c>byte[][]</c>, <c>double[]</c> or
    /// <c>long[]</c> (a typed collection) or a <c>double</c>, which this record does not model.</exception>
    internal static HostTypedData FromBoundValue(object value) => value switch
    {
        byte[] bytes => new(null, null, bytes),
        JObject jobject => new(jobject.ToString(Formatting.None), null, null),
        string text => new(null, text, null),
        string[] or byte[][] or double[] or long[] or double => throw new NotSupportedException(
            $"The host sends a {value.GetType().Name} as a typed collection or number, which {nameof(HostTypedData)} does not model."),
        _ => new(JsonConvert.SerializeObject(value, Formatting.None), null, null),
    };
}
