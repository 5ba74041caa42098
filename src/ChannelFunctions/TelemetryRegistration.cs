using Azure.Core;
using Azure.Monitor.OpenTelemetry.Exporter;
using ChannelFunctions.Core.Telemetry;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ChannelFunctions;

/// <summary>
/// The worker's telemetry through OpenTelemetry, as Microsoft advises for isolated workers: the Functions worker's
/// defaults (resource attributes, invocation spans joined to the host's), the app's own
/// <see cref="ChannelFunctionsTelemetry"/> source and meter, and the Azure Monitor exporter for logs, traces and
/// metrics when an Application Insights connection string is configured. host.json's <c>telemetryMode</c> is
/// <c>OpenTelemetry</c>, so the host exports its own telemetry the same way. Traces are sampled, logs and metrics
/// never (docs/telemetry.md, "Sampling").
/// </summary>
internal static class TelemetryRegistration
{
    /// <summary>The setting that names the Application Insights component; without it nothing is exported.</summary>
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The setting that says how to authenticate; <c>Authorization=AAD</c> means with Entra ID.</summary>
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>The log category prefix of ASP.NET Core, whose records below Warning the worker does not write.</summary>
    public const string AspNetCoreCategory = "Microsoft.AspNetCore";

    public static IOpenTelemetryBuilder AddChannelFunctionsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        // ASP.NET Core writes five Information records per HTTP request (request started and finished, endpoint
        // executing and executed, the result): five per event through the relay. The host's request span says it all.
        services.AddLogging(logging => logging.AddFilter(AspNetCoreCategory, LogLevel.Warning));
        var telemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing.AddSource(ChannelFunctionsTelemetry.Name))
            .WithMetrics(metrics => metrics.AddMeter(ChannelFunctionsTelemetry.Name));
        if (!string.IsNullOrWhiteSpace(configuration[ConnectionStringSetting]))
        {
            telemetry.UseAzureMonitorExporter();
            // Its default drops every log record written in a trace that was not sampled: the Warnings that name
            // rejected events would be lost with 95% of the traces. Log volume is kept down by levels instead.
            services.AddOptions<AzureMonitorExporterOptions>().Configure(options => options.EnableTraceBasedLogsSampler = false);
            // In Azure, Application Insights accepts only Entra ID-authenticated telemetry (local auth is off): the
            // exporter gets the app's credential (DefaultAzureCredential; AZURE_CLIENT_ID picks the user-assigned identity).
            if (configuration[AuthenticationStringSetting]?.Contains("Authorization=AAD", StringComparison.OrdinalIgnoreCase) == true)
            {
                services.AddOptions<AzureMonitorExporterOptions>()
                    .Configure<TokenCredential>((options, credential) => options.Credential = credential);
            }
        }

        // Set last, so it replaces the exporter's own sampler (which would decide again, by trace id or by rate,
        // ignoring the host's decision). The host starts every invocation's trace and decides at the same ratio
        // (OTEL_TRACES_SAMPLER_ARG); the worker follows the sampled flag it receives and decides alone only where it
        // starts a trace itself.
        telemetry.WithTracing(tracing => tracing.SetSampler(provider => new ParentBasedSampler(
            new TraceIdRatioBasedSampler(provider.GetRequiredService<IOptions<TelemetryOptions>>().Value.TraceSamplingRatio))));
        return telemetry;
    }
}
