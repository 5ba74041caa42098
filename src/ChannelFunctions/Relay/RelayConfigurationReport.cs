using ChannelFunctions.Core.Relay;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChannelFunctions.Relay;

/// <summary>
/// Says at start-up, in the log, whether the VCC webhook relay can serve. A misconfigured relay does not stop the app
/// (ingest must keep working); it answers 503 with the same explanation until the settings are fixed.
/// </summary>
internal sealed partial class RelayConfigurationReport(IServiceProvider services, ILogger<RelayConfigurationReport> logger)
    : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var relay = services.GetRequiredService<IOptions<RelayOptions>>().Value;
            var verifier = services.GetRequiredService<VccSignatureVerifier>();
            if (verifier.ConfigurationProblem is { } problem)
            {
                LogNotServing(logger, problem);
            }
            else if (verifier.AllowsUnsigned)
            {
                LogUnsignedAllowed(logger);
            }
            else if (verifier.IgnoresUnsignedSwitch)
            {
                LogUnsignedSwitchIgnored(logger);
            }

            LogMode(logger, relay.TopicEndpoint is null ? "the ingest core directly (no Relay__TopicEndpoint)" : relay.TopicEndpoint.Host);
        }
        catch (OptionsValidationException ex)
        {
            LogNotServing(logger, string.Join("; ", ex.Failures));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Error, Message = "The VCC webhook relay will answer 503 until it is configured: {Problem}")]
    private static partial void LogNotServing(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The VCC webhook relay accepts unsigned requests (Relay__AllowUnsignedForLocalDevelopment, no secret configured); it refuses to serve with this switch in Azure")]
    private static partial void LogUnsignedAllowed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay__AllowUnsignedForLocalDevelopment is ignored because secrets are configured: every request must be signed")]
    private static partial void LogUnsignedSwitchIgnored(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "The VCC webhook relay hands events to {Destination}")]
    private static partial void LogMode(ILogger logger, string destination);
}
