using System.Text.Json;
using ChannelFunctions.EndToEndTests.Protocol;

namespace ChannelFunctions.EndToEndTests.TestHost;

/// <summary>One binding of a function, as the worker reported it in its raw bindings (function.json shape).</summary>
/// <param name="Name">The binding's name (the parameter, or <c>$return</c>).</param>
/// <param name="Type">E.g. <c>eventGridTrigger</c>, <c>httpTrigger</c>, <c>http</c>.</param>
/// <param name="Direction"><c>in</c>, <c>out</c> or <c>inout</c>.</param>
/// <param name="DataType">The <c>dataType</c>, when given.</param>
/// <param name="Raw">The raw binding.</param>
public sealed record WorkerBinding(string Name, string Type, string Direction, string? DataType, JsonElement Raw)
{
    /// <summary>Whether the binding's cardinality is <c>many</c>.</summary>
    public bool IsMany => Property("cardinality") is { } value && value.Equals("many", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether this is the function's trigger.</summary>
    public bool IsTrigger => Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase);

    /// <summary>A string property of the raw binding, or null.</summary>
    public string? Property(string name) =>
        Raw.EnumerateObject().FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: JsonValueKind.String } property
            ? property.Value.GetString()
            : null;

    /// <summary>An array-of-strings property of the raw binding, or null.</summary>
    public IReadOnlyList<string>? ListProperty(string name) =>
        Raw.EnumerateObject().FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: JsonValueKind.Array } property
            ? [.. property.Value.EnumerateArray().Select(v => v.GetString()!)]
            : null;

    internal static WorkerBinding Parse(string raw)
    {
        using var document = JsonDocument.Parse(raw);
        var element = document.RootElement.Clone();
        string? Get(string name) => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return new WorkerBinding(
            Get("name") ?? throw new InvalidDataException($"A raw binding has no name: {raw}"),
            Get("type") ?? throw new InvalidDataException($"A raw binding has no type: {raw}"),
            (Get("direction") ?? "in").ToLowerInvariant(),
            Get("dataType"),
            element);
    }

    // The host's BindingMetadata -> BindingInfo (GrpcMessageConversionExtensions.ToBindingInfo): type, direction, data type.
    internal BindingInfo ToBindingInfo() => new()
    {
        Type = Type,
        Direction = Direction switch
        {
            "out" => BindingInfo.Types.Direction.Out,
            "inout" => BindingInfo.Types.Direction.Inout,
            _ => BindingInfo.Types.Direction.In,
        },
        DataType = DataType?.ToLowerInvariant() switch
        {
            "string" => BindingInfo.Types.DataType.String,
            "binary" => BindingInfo.Types.DataType.Binary,
            "stream" => BindingInfo.Types.DataType.Stream,
            _ => BindingInfo.Types.DataType.Undefined,
        },
    };
}

/// <summary>A function the worker indexed and loaded.</summary>
/// <param name="Metadata">What the worker reported for it, with the bindings map the test host added for the load.</param>
/// <param name="Bindings">Its raw bindings, parsed.</param>
public sealed record WorkerFunction(RpcFunctionMetadata Metadata, IReadOnlyList<WorkerBinding> Bindings)
{
    /// <summary>The function's name.</summary>
    public string Name => Metadata.Name;

    /// <summary>The function's id, which invocations name.</summary>
    public string FunctionId => Metadata.FunctionId;

    /// <summary>The trigger binding.</summary>
    public WorkerBinding Trigger => Bindings.Single(b => b.IsTrigger && b.Direction == "in");
}
