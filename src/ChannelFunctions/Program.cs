using Azure.Core;
using ChannelFunctions.Core;
using ChannelFunctions.Lookups;
using ChannelFunctions.Relay;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services
    .AddApplicationInsightsTelemetryWorkerService()
    .ConfigureFunctionsApplicationInsights();

// Application Insights keeps only warnings by default; let host.json and app settings decide instead.
builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
{
    var defaultRule = options.Rules.FirstOrDefault(rule =>
        rule.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
    if (defaultRule is not null)
    {
        options.Rules.Remove(defaultRule);
    }
});

builder.Services.AddChannelFunctionsCore(builder.Configuration);
builder.Services.AddChannelFunctionsRelay(builder.Configuration);
builder.Services.AddHostedService<RelayConfigurationReport>();
builder.Services.AddChannelFunctionsLookups(builder.Configuration);
builder.Services.AddHostedService<LookupConfigurationReport>();
// RFC 9457 problem details for the lookups' 400, 404 and 503 answers (Results.Problem uses this service).
builder.Services.AddProblemDetails();

// In Azure, Application Insights accepts only Entra ID-authenticated telemetry (local auth is off). The host reads
// APPLICATIONINSIGHTS_AUTHENTICATION_STRING itself; the worker's own telemetry needs the credential set in code.
if (builder.Configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]?.Contains("Authorization=AAD", StringComparison.OrdinalIgnoreCase) == true)
{
    builder.Services.AddOptions<TelemetryConfiguration>()
        .Configure<TokenCredential>((telemetry, credential) => telemetry.SetAzureTokenCredential(credential));
}

builder.Build().Run();
