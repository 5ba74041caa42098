using System.Text.Json;
using ChannelFunctions.Tests.EventGrid;
using Microsoft.Extensions.Logging;

namespace ChannelFunctions.Tests.Telemetry;

/// <summary>
/// What a day of traffic sends Application Insights, per stored event: the worker's own records as measured by
/// <see cref="WorkerTelemetryDay"/>, plus what the Functions host and the worker runtime write per invocation,
/// computed from each function's invocations per stored event (docs/telemetry.md, "What a day costs"):
/// <list type="bullet">
/// <item>the host logs "Executing" and "Executed" for each invocation (a queue trigger also "Trigger Details") at
/// Information in the category <c>Function.&lt;name&gt;</c>, and its result in <c>Host.Results</c>; they are sent
/// when host.json's level for the category lets Information through (a failure's "Executed" is an Error);</item>
/// <item>the host starts a span per invocation, and one more for the HTTP request of an HTTP or Event Grid
/// (webhook) trigger; the worker runtime one per invocation; all follow the host's sampling decision.</item>
/// </list>
/// </summary>
internal sealed record TelemetryDay(WorkerTelemetryDay Worker, double SamplingRatio, IReadOnlyList<FunctionInvocations> Functions)
{
    /// <summary>host.json's log levels, read from the repository's host.json.</summary>
    public static HostLogLevels HostLevels { get; } = HostLogLevels.Load(Path.Combine(BuildOutputTests.RepositoryRoot(), "host.json"));

    /// <summary>The worker's Event Grid deliveries: one invocation per delivery of 100 events, 98 of them stored.</summary>
    public static FunctionInvocations EventGridIngest { get; } = new(
        "IngestChannelEvents", FunctionTrigger.Webhook, 1.0 / (WorkerTelemetryDay.EventsPerDelivery - WorkerTelemetryDay.RejectedPerDelivery));

    /// <summary>The queue-triggered conversation summaries, <paramref name="perStoredEvent"/> invocations per stored event.</summary>
    public static FunctionInvocations Summaries(double perStoredEvent) => new("SummarizeConversations", FunctionTrigger.Queue, perStoredEvent);

    /// <summary>The VCC webhook relay: one HTTP invocation per event VCC sends, rejected ones included.</summary>
    public static FunctionInvocations Relay { get; } = new(
        "VccWebhookRelay", FunctionTrigger.Http,
        (double)WorkerTelemetryDay.EventsPerDelivery / (WorkerTelemetryDay.EventsPerDelivery - WorkerTelemetryDay.RejectedPerDelivery));

    /// <summary>Log records per stored event: the worker's measured, the host's computed.</summary>
    public double LogRecordsPerStoredEvent =>
        Worker.LogRecordsPerStoredEvent + Functions.Sum(f => f.PerStoredEvent * f.HostLogRecords(HostLevels));

    /// <summary>Spans per stored event: the worker's measured, the host's and the worker runtime's computed at the sampling ratio.</summary>
    public double SpansPerStoredEvent =>
        Worker.SpansPerStoredEvent + SamplingRatio * Functions.Sum(f => f.PerStoredEvent * (f.HostSpans + FunctionInvocations.WorkerRuntimeSpans));

    /// <summary>
    /// Bytes per stored event: the worker's measured; the host's records counted at the size of the worker's average
    /// span (its log records are sent only when host.json lets them through).
    /// </summary>
    public double BytesPerStoredEvent =>
        Worker.BytesPerStoredEvent
        + ((SpansPerStoredEvent - Worker.SpansPerStoredEvent) + (LogRecordsPerStoredEvent - Worker.LogRecordsPerStoredEvent)) * Worker.BytesPerSpan;
}

/// <summary>How the Functions host invokes a function.</summary>
internal enum FunctionTrigger
{
    /// <summary>An HTTP request.</summary>
    Http,

    /// <summary>An Event Grid delivery to the host's webhook (an HTTP request too).</summary>
    Webhook,

    /// <summary>A queue message.</summary>
    Queue,
}

/// <summary>A function's invocations per stored event and what the host writes for each.</summary>
internal sealed record FunctionInvocations(string Function, FunctionTrigger Trigger, double PerStoredEvent)
{
    /// <summary>The worker runtime's span per invocation (source <c>Microsoft.Azure.Functions.Worker</c>).</summary>
    public const int WorkerRuntimeSpans = 1;

    /// <summary>The host's spans per invocation: the invocation's, and the HTTP request's when there is one.</summary>
    public int HostSpans => Trigger is FunctionTrigger.Queue ? 1 : 2;

    /// <summary>The host's Information records per successful invocation, at host.json's <paramref name="levels"/>.</summary>
    public int HostLogRecords(HostLogLevels levels) =>
        (levels.Sends($"Function.{Function}", LogLevel.Information) ? (Trigger is FunctionTrigger.Queue ? 3 : 2) : 0)
        + (levels.Sends("Host.Results", LogLevel.Information) ? 1 : 0);
}

/// <summary>host.json's <c>logging.logLevel</c>: the most specific category prefix decides, <c>default</c> otherwise.</summary>
internal sealed record HostLogLevels(IReadOnlyDictionary<string, LogLevel> Levels)
{
    public static HostLogLevels Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var levels = new Dictionary<string, LogLevel>(StringComparer.OrdinalIgnoreCase);
        foreach (var level in document.RootElement.GetProperty("logging").GetProperty("logLevel").EnumerateObject())
        {
            levels[level.Name] = Enum.Parse<LogLevel>(level.Value.GetString()!, ignoreCase: true);
        }

        return new HostLogLevels(levels);
    }

    /// <summary>The level of <paramref name="category"/>.</summary>
    public LogLevel Level(string category) => Levels
        .Where(l => l.Key != "default" && (category.Equals(l.Key, StringComparison.OrdinalIgnoreCase) || category.StartsWith(l.Key + ".", StringComparison.OrdinalIgnoreCase)))
        .OrderByDescending(l => l.Key.Length)
        .Select(l => l.Value)
        .DefaultIfEmpty(Levels.TryGetValue("default", out var fallback) ? fallback : LogLevel.Information)
        .First();

    /// <summary>Whether a record of <paramref name="level"/> in <paramref name="category"/> is sent.</summary>
    public bool Sends(string category, LogLevel level) => level >= Level(category);
}
