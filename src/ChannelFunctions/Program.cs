using ChannelFunctions;
using ChannelFunctions.Core;
using ChannelFunctions.Lookups;
using ChannelFunctions.Relay;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
// In Azure, only callers the app's built-in authentication signed in reach the lookups (docs/deploying.md, "Signing in").
builder.UseMiddleware<LookupSignIn>();
builder.Services.AddChannelFunctionsTelemetry(builder.Configuration);

builder.Services.AddChannelFunctionsCore(builder.Configuration);
builder.Services.AddChannelFunctionsRelay(builder.Configuration);
builder.Services.AddHostedService<RelayConfigurationReport>();
builder.Services.AddChannelFunctionsLookups(builder.Configuration);
builder.Services.AddSingleton<LookupEndpoint>();
builder.Services.AddHostedService<LookupConfigurationReport>();
// RFC 9457 problem details for the lookups' 400, 404 and 503 answers (Results.Problem uses this service).
builder.Services.AddProblemDetails();

builder.Build().Run();
