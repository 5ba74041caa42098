using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ChannelFunctions.Lookups;

/// <summary>
/// <c>GET /api/openapi.json</c>: the OpenAPI 3 document of the HTTP API (<c>src/ChannelFunctions/openapi.json</c>,
/// embedded), for anyone: it describes the API, it holds no data.
/// </summary>
public sealed class GetOpenApiDocument
{
    /// <summary>The function's name.</summary>
    public const string Name = nameof(GetOpenApiDocument);

    /// <summary>The route below <c>/api</c>.</summary>
    public const string Route = "openapi.json";

    /// <summary>The embedded document's resource name.</summary>
    public const string ResourceName = "ChannelFunctions.openapi.json";

    private static readonly Lazy<byte[]> Document = new(() =>
    {
        using var stream = typeof(GetOpenApiDocument).Assembly.GetManifestResourceStream(ResourceName)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    /// <summary>The document's bytes.</summary>
    public static ReadOnlyMemory<byte> Bytes => Document.Value;

    /// <summary>Answers one request.</summary>
    [Function(Name)]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request) =>
        Results.Bytes(Document.Value, "application/json");
}
