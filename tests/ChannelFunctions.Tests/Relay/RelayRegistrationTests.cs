using ChannelFunctions.Relay;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
}
