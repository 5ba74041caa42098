using ChannelFunctions.Core;
using ChannelFunctions.Core.Relay;
using ChannelFunctions.Relay;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace ChannelFunctions.Tests.Relay;

/// <summary>How app settings, as the Functions host passes them, configure the relay.</summary>
public sealed class RelayRegistrationTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cosmos:ConnectionString"] = "AccountEndpoint=https://127.0.0.1:1/;AccountKey=a2V5;",
            ["RejectedEvents:ConnectionString"] = "UseDevelopmentStorage=true",
        }.Concat(settings)).Build();
        return new ServiceCollection().AddLogging().AddChannelFunctionsCore(configuration).AddChannelFunctionsRelay(configuration)
            .BuildServiceProvider();
    }

    [Fact]
    public void Secrets_bind_from_indexed_settings_for_rotation()
    {
        var key = RelayTestKit.Base64(RelayTestKit.NewKey());
        using var services = Services(new() { ["Relay:Secrets:0"] = key, ["Relay:Secrets:1"] = "", ["Relay:ClockSkew"] = "00:00:10" });

        var options = services.GetRequiredService<IOptions<RelayOptions>>().Value;

        Assert.Equal([key, ""], options.Secrets);
        Assert.Equal(TimeSpan.FromSeconds(10), options.ClockSkew);
        Assert.Null(services.GetRequiredService<VccSignatureVerifier>().ConfigurationProblem);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Without_a_topic_endpoint_events_go_to_the_ingest_core(string? topic)
    {
        using var services = Services(new() { ["Relay:TopicEndpoint"] = topic });

        Assert.IsType<IngestRelayPublisher>(services.GetRequiredService<IRelayPublisher>());
    }

    [Fact]
    public void With_a_topic_endpoint_events_go_to_event_grid()
    {
        using var services = Services(new() { ["Relay:TopicEndpoint"] = "https://topic.westeurope-1.eventgrid.azure.net/api/events" });

        Assert.IsType<EventGridRelayPublisher>(services.GetRequiredService<IRelayPublisher>());
    }

    [Fact]
    public void The_function_is_activated_from_the_apps_services()
    {
        using var services = Services(new() { ["Relay:Secrets:0"] = RelayTestKit.Base64(RelayTestKit.NewKey()) });

        Assert.NotNull(ActivatorUtilities.CreateInstance<VccWebhookRelay>(services));
    }

    [Theory]
    [InlineData(null, null, LogLevel.Error, "Relay__Secrets__0")]
    [InlineData(null, "true", LogLevel.Warning, "accepts unsigned requests")]
    [InlineData("secret", null, LogLevel.Information, "the ingest core directly")]
    public async Task Start_up_says_whether_the_relay_can_serve(string? secret, string? allowUnsigned, LogLevel level, string text)
    {
        using var services = Services(new()
        {
            ["Relay:Secrets:0"] = secret is null ? null : RelayTestKit.Base64(RelayTestKit.NewKey()),
            ["Relay:AllowUnsignedForLocalDevelopment"] = allowUnsigned,
        });
        var logger = new FakeLogger<RelayConfigurationReport>();

        await new RelayConfigurationReport(services, logger).StartAsync(CancellationToken.None);

        Assert.Contains(logger.Collector.GetSnapshot(), log => log.Level == level && log.Message.Contains(text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_up_reports_the_local_switch_in_Azure_as_an_error_read_from_the_platforms_variables()
    {
        using var services = Services(new() { ["WEBSITE_SITE_NAME"] = "func-abc", ["Relay:AllowUnsignedForLocalDevelopment"] = "true" });
        var logger = new FakeLogger<RelayConfigurationReport>();

        await new RelayConfigurationReport(services, logger).StartAsync(CancellationToken.None);

        Assert.Contains(logger.Collector.GetSnapshot(), log => log.Level == LogLevel.Error
            && log.Message.Contains("this app runs in Azure (WEBSITE_SITE_NAME is set)", StringComparison.Ordinal));
        Assert.False(services.GetRequiredService<VccSignatureVerifier>().AllowsUnsigned);
    }

    [Fact]
    public async Task Start_up_warns_that_the_local_switch_is_ignored_once_a_secret_is_configured()
    {
        using var services = Services(new() { ["Relay:Secrets:0"] = RelayTestKit.Base64(RelayTestKit.NewKey()), ["Relay:AllowUnsignedForLocalDevelopment"] = "true" });
        var logger = new FakeLogger<RelayConfigurationReport>();

        await new RelayConfigurationReport(services, logger).StartAsync(CancellationToken.None);

        Assert.Contains(logger.Collector.GetSnapshot(), log => log.Level == LogLevel.Warning && log.Message.Contains("is ignored because secrets are configured", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_up_reports_out_of_range_settings_instead_of_failing_the_app()
    {
        using var services = Services(new() { ["Relay:MaxBodyBytes"] = "5" });
        var logger = new FakeLogger<RelayConfigurationReport>();

        await new RelayConfigurationReport(services, logger).StartAsync(CancellationToken.None);

        Assert.Contains(logger.Collector.GetSnapshot(), log => log.Level == LogLevel.Error && log.Message.Contains("MaxBodyBytes", StringComparison.Ordinal));
    }
}
