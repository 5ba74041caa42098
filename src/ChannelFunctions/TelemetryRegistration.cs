using Azure.Core;
using Azure.Monitor.OpenTelemetry.Exporter;
using ChannelFunctions.Core.Telemetry;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ChannelFunctions;

/// <summary>
/// The worker's telemetry through OpenTelemetry, as Microsoft advises for isolated workers: the Functions worker's
/// defaults (resource attributes, invocation spans joined to the host's), the app's own
/// <see cref="ChannelFunctionsTelemetry"/> source and meter, and the Azure Monitor exporter for logs, traces and
/// metrics when an Application Insights connection string is configured. host.json's <c>telemetryMode</c> is
/// <c>OpenTelemetry</c>, so the host exports its own telemetry the same way.
/// </summary>
internal static class TelemetryRegistration
{
    /// <summary>The setting that names the Application Insights component; without it nothing is exported.</summary>
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The setting that says how to authenticate; <c>Authorization=AAD</c> means with Entra ID.</summary>
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public static IOpenTelemetryBuilder AddChannelFunctionsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        // Bound and validated now so a bad Telemetry__TraceSamplingRatio stops the app at start-up; the sampler that
        // reads it is issue 22's.
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        var telemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing.AddSource(ChannelFunctionsTelemetry.Name))
            .WithMetrics(metrics => metrics.AddMeter(ChannelFunctionsTelemetry.Name));
        if (string.IsNullOrWhiteSpace(configuration[ConnectionStringSetting]))
        {
            return telemetry;
        }

        telemetry.UseAzureMonitorExporter();
        // In Azure, Application Insights accepts only Entra ID-authenticated telemetry (local auth is off): the
        // exporter gets the app's credential (DefaultAzureCredential; AZURE_CLIENT_ID picks the user-assigned identity).
        if (configuration[AuthenticationStringSetting]?.Contains("Authorization=AAD", StringComparison.OrdinalIgnoreCase) == true)
        {
            services.AddOptions<AzureMonitorExporterOptions>()
                .Configure<TokenCredential>((options, credential) => options.Credential = credential);
        }

        return telemetry;
    }
}
