using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChannelFunctions.Tests.Telemetry;

/// <summary>
/// Application Insights' ingestion endpoint (<c>POST /v2.1/track</c>) served on loopback by Kestrel, so the Azure
/// Monitor exporter the app registers in Azure sends it exactly what it would send Azure: one JSON envelope per line,
/// each a log record (<c>Message</c>, <c>Exception</c>), a span (<c>Request</c>, <c>RemoteDependency</c>) or metrics
/// (<c>Metric</c>). It accepts every item.
/// </summary>
internal sealed class ApplicationInsightsIngestion : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<IngestedItem> _items = [];

    private ApplicationInsightsIngestion(WebApplication app) => _app = app;

    /// <summary>A connection string that points the exporter here.</summary>
    public string ConnectionString => $"InstrumentationKey={Guid.Empty};IngestionEndpoint={_app.Urls.Single()}/";

    /// <summary>Every item received so far, in arrival order.</summary>
    public IReadOnlyList<IngestedItem> Items
    {
        get
        {
            lock (_items)
            {
                return [.. _items];
            }
        }
    }

    public static async Task<ApplicationInsightsIngestion> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var ingestion = new ApplicationInsightsIngestion(app);
        app.MapPost("/v2.1/track", (Delegate)ingestion.TrackAsync);
        await app.StartAsync();
        return ingestion;
    }

    private async Task<IResult> TrackAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        var content = context.Request.Headers.ContentEncoding == "gzip"
            ? new GZipStream(context.Request.Body, CompressionMode.Decompress)
            : context.Request.Body;
        await content.CopyToAsync(body, context.RequestAborted);
        var lines = Encoding.UTF8.GetString(body.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lock (_items)
        {
            foreach (var line in lines)
            {
                using var item = JsonDocument.Parse(line);
                _items.Add(new IngestedItem(item.RootElement.GetProperty("name").GetString()!, Encoding.UTF8.GetByteCount(line), item.RootElement.Clone()));
            }
        }

        return Results.Json(new { itemsReceived = lines.Length, itemsAccepted = lines.Length, errors = Array.Empty<object>() });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>One envelope as Application Insights receives it: its type, its size in bytes (UTF-8 JSON) and itself.</summary>
internal sealed record IngestedItem(string Name, int Bytes, JsonElement Json)
{
    /// <summary>Whether it is a log record.</summary>
    public bool IsLog => Name is "Message" or "Exception";

    /// <summary>Whether it is a span.</summary>
    public bool IsSpan => Name is "Request" or "RemoteDependency";

    /// <summary>The trace (operation) id it belongs to, if any.</summary>
    public string? OperationId => Json.GetProperty("tags").TryGetProperty("ai.operation.id", out var id) ? id.GetString() : null;

    /// <summary>A custom property of a log record or span (for logs, the message template's values).</summary>
    public string? Property(string name) =>
        Json.GetProperty("data").GetProperty("baseData").TryGetProperty("properties", out var properties)
        && properties.TryGetProperty(name, out var value) ? value.GetString() : null;

    /// <summary>A log record's severity (<c>Information</c>, <c>Warning</c>, …).</summary>
    public string? Severity =>
        Json.GetProperty("data").GetProperty("baseData").TryGetProperty("severityLevel", out var level) ? level.GetString() : null;
}
