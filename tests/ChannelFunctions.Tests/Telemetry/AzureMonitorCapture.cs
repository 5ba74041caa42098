using System.Globalization;
using Azure.Monitor.OpenTelemetry.Exporter;
using ChannelFunctions.Core.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace ChannelFunctions.Tests.Telemetry;

/// <summary>
/// The app's telemetry registration as it runs in Azure (a connection string set, so the Azure Monitor exporter is
/// on), with the worker's default log level (Information) and its exporter sending to an
/// <see cref="ApplicationInsightsIngestion"/> on loopback: what Application Insights would receive, item by item.
/// </summary>
internal sealed class AzureMonitorCapture : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private AzureMonitorCapture(ApplicationInsightsIngestion ingestion, ServiceProvider provider)
    {
        Ingestion = ingestion;
        _provider = provider;
    }

    /// <summary>What Application Insights received.</summary>
    public ApplicationInsightsIngestion Ingestion { get; }

    /// <summary>Starts it with <c>Telemetry__TraceSamplingRatio</c> at <paramref name="ratio"/>.</summary>
    public static async Task<AzureMonitorCapture> StartAsync(double ratio)
    {
        var ingestion = await ApplicationInsightsIngestion.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [TelemetryRegistration.ConnectionStringSetting] = ingestion.ConnectionString,
            [$"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.TraceSamplingRatio)}"] = ratio.ToString(CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration);
        services.AddChannelFunctionsTelemetry(configuration);
        // Test-only: no disk, no Live Metrics; the exporter's own sampler keeps everything, so what samples is the app's.
        services.Configure<AzureMonitorExporterOptions>(options =>
        {
            options.DisableOfflineStorage = true;
            options.EnableLiveMetrics = false;
            options.SamplingRatio = 1;
            options.TracesPerSecond = null;
        });
        var provider = services.BuildServiceProvider();
        // The exporter attaches to the providers in a hosted service, as it does when the worker starts.
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        _ = provider.GetRequiredService<TracerProvider>();
        return new AzureMonitorCapture(ingestion, provider);
    }

    /// <summary>A logger of the worker's logging.</summary>
    public ILogger<T> Logger<T>() => _provider.GetRequiredService<ILogger<T>>();

    /// <summary>Sends what is queued now, as the worker does after an invocation.</summary>
    public void Flush()
    {
        _provider.GetRequiredService<TracerProvider>().ForceFlush();
        _provider.GetRequiredService<LoggerProvider>().ForceFlush();
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await Ingestion.DisposeAsync();
    }
}
