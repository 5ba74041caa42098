using System.Collections.Concurrent;
using Microsoft.Azure.Cosmos;

namespace ChannelFunctions.TestSupport;

/// <summary>
/// Counts every request the Cosmos DB SDK sends, by container and operation, as a handler in the client's pipeline
/// (<see cref="CosmosClientOptions.CustomHandlers"/>): what a user pays per request, measured where the SDK sends
/// it rather than at the wire. Account and database metadata reads are counted too, under their own resource.
/// </summary>
public sealed class StoreRequestCounter : RequestHandler
{
    private readonly ConcurrentDictionary<(string Container, string Operation), int> _counts = new();

    /// <summary>Every request counted so far, by container (or resource) and operation.</summary>
    public IReadOnlyDictionary<(string Container, string Operation), int> Counts => _counts;

    /// <summary>How many requests were counted, all together.</summary>
    public int Total => _counts.Values.Sum();

    /// <summary>How many requests went to one container.</summary>
    public int To(string container) => _counts.Where(count => count.Key.Container == container).Sum(count => count.Value);

    /// <summary>Forgets what was counted.</summary>
    public void Reset() => _counts.Clear();

    /// <inheritdoc />
    public override Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
    {
        _counts.AddOrUpdate(Classify(request), 1, (_, count) => count + 1);
        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// The container and operation of a request, from its path, method and headers. Item writes and queries are
    /// posted to the container's own path (<c>dbs/{db}/colls/{container}</c>), point operations go to
    /// <c>…/docs/{id}</c>: <c>create</c>, <c>upsert</c>, <c>query</c>, <c>read</c>, <c>replace</c>, <c>delete</c>,
    /// <c>patch</c>, <c>readFeed</c>; anything else is named by method and the path's last resource kind
    /// (<c>get colls</c>, <c>get pkranges</c>, …).
    /// </summary>
    private static (string Container, string Operation) Classify(RequestMessage request)
    {
        var segments = request.RequestUri.OriginalString.Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
        var colls = Array.IndexOf(segments, "colls");
        var container = colls >= 0 && colls + 1 < segments.Length ? segments[colls + 1] : "(account)";
        var method = request.Method.Method;
        var onContainer = colls >= 0 && colls + 2 == segments.Length;
        var onItem = segments.Length >= 2 && segments[^2] == "docs";
        var operation = (method, onContainer, onItem) switch
        {
            ("POST", true, _) when IsSet(request, "x-ms-documentdb-isquery") || (request.Headers.ContentType?.Contains("query", StringComparison.OrdinalIgnoreCase) ?? false) => "query",
            ("POST", true, _) when IsSet(request, "x-ms-documentdb-is-upsert") => "upsert",
            ("POST", true, _) => "create",
            ("GET", _, true) => "read",
            ("PUT", _, true) => "replace",
            ("DELETE", _, true) => "delete",
            ("PATCH", _, true) => "patch",
            ("GET", _, false) when segments.Length > 0 && segments[^1] == "docs" => "readFeed",
            _ => $"{method.ToLowerInvariant()} {(segments.Length % 2 == 0 && segments.Length > 0 ? segments[^2] : segments.LastOrDefault() ?? "account")}",
        };
        return (container, operation);
    }

    private static bool IsSet(RequestMessage request, string header) =>
        string.Equals(request.Headers[header], "True", StringComparison.OrdinalIgnoreCase);
}
