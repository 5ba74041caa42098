using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ChannelFunctions.Tests.Telemetry;

/// <summary>Tests that read the process-wide ChannelFunctions meter and source run alone, so counts are theirs.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "telemetry";
}

/// <summary>
/// The app's OpenTelemetry registration (<see cref="TelemetryRegistration"/>, no connection string: no Azure
/// Monitor exporter) with OpenTelemetry's in-memory exporters added, as a test's window onto what the app emits.
/// </summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<MetricSnapshot> _metrics = [];

    public TelemetryCapture(IReadOnlyDictionary<string, string?>? settings = null)
    {
        _services = new ServiceCollection()
            .AddChannelFunctionsTelemetry(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build())
            .WithMetrics(metrics => metrics.AddInMemoryExporter(_metrics))
            .WithTracing(tracing => tracing.AddInMemoryExporter(Activities))
            .Services.BuildServiceProvider();
        _ = _services.GetRequiredService<MeterProvider>();
        _ = _services.GetRequiredService<TracerProvider>();
    }

    /// <summary>The spans finished so far.</summary>
    public List<Activity> Activities { get; } = [];

    /// <summary>Collects the metrics now and returns each point of <paramref name="name"/> as its tags and its value.</summary>
    public List<(Dictionary<string, object?> Tags, double Value, long Count)> Points(string name)
    {
        _metrics.Clear();
        _services.GetRequiredService<MeterProvider>().ForceFlush();
        return
        [
            .. _metrics.Where(m => m.Name == name).SelectMany(m => m.MetricPoints.Select(point =>
            {
                var tags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags)
                {
                    tags[tag.Key] = tag.Value;
                }

                return m.MetricType switch
                {
                    MetricType.LongSum => (tags, (double)point.GetSumLong(), 1L),
                    MetricType.Histogram => (tags, point.GetHistogramSum(), point.GetHistogramCount()),
                    _ => (tags, point.GetSumDouble(), 1L),
                };
            })),
        ];
    }

    /// <summary>The sum of the counter's points whose tags include all of <paramref name="tags"/>.</summary>
    public double Sum(string name, params (string Key, object Value)[] tags) =>
        Points(name).Where(p => tags.All(t => p.Tags.TryGetValue(t.Key, out var v) && Equals(v, t.Value))).Sum(p => p.Value);

    public void Dispose() => _services.Dispose();
}
