using ChannelFunctions.Core.Lookups;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChannelFunctions.Lookups;

/// <summary>
/// Says at start-up, in the log, when the lookups' settings are unusable (an unresolved Key Vault reference for
/// <c>Lookups__ContinuationTokenKey</c>, a window out of range). It does not stop the app: ingest and the relay keep
/// running, and the lookups answer 503 until the settings are fixed.
/// </summary>
internal sealed partial class LookupConfigurationReport(IOptions<LookupOptions> options, ILogger<LookupConfigurationReport> logger)
    : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _ = options.Value;
        }
        catch (OptionsValidationException ex)
        {
            LogNotServing(logger, string.Join("; ", ex.Failures));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Error, Message = "The lookups will answer 503 until they are configured: {Problem}")]
    private static partial void LogNotServing(ILogger logger, string problem);
}
