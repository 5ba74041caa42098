namespace ChannelFunctions.EventGridHost;

/// <summary>
/// An <c>eventGridTrigger</c> binding as the worker reports it in its function metadata: the function's name and the
/// binding's <c>dataType</c> and <c>cardinality</c>, from which the host picks the type it binds.
/// </summary>
/// <param name="FunctionName">The function's name; Event Grid's webhook URL names it in <c>?functionName=</c>.</param>
/// <param name="DataType"><c>string</c>, <c>binary</c>, <c>stream</c> or <c>null</c> (undefined), as in the metadata.</param>
/// <param name="IsBatched">Whether the binding's cardinality is <c>many</c> (the worker's <c>IsBatched = true</c>).</param>
public sealed record EventGridTriggerBinding(string FunctionName, string? DataType = "string", bool IsBatched = true);
