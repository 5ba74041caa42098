using ChannelFunctions.EndToEndTests.Fixtures;
using ChannelFunctions.EndToEndTests.TestHost;
using ChannelFunctions.EventGridHost;
using Xunit.Abstractions;

namespace ChannelFunctions.EndToEndTests;

/// <summary>The worker process starting, or refusing to, with the settings a developer or Azure gives it.</summary>
[Collection(WorkerCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class StartupTests(WorkerFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Starts_with_the_sample_settings_and_loads_every_function()
    {
        var settings = AppUnderTest.SampleSettings(fixture.Storage.ConnectionString, fixture.Cosmos.ConnectionString, $"e2e-start-{Guid.NewGuid():N}"[..20]);
        await using var worker = await WorkerFixture.StartWorkerAsync(settings);
        using var _ = new WorkerLogScope(worker, output);

        output.WriteLine($"host extension {EventGridHostExtension.ExtensionVersion}; stream {worker.StartTimes.StreamStarted}, ready {worker.StartTimes.Ready}");
        Assert.Equal(
            ["GetAgentEvents", "GetChannel", "GetConversation", "GetConversationEvents", "GetInteractionEvents", "GetOpenApiDocument", "IngestChannelEvents", "VccWebhookRelay"],
            worker.Functions.Keys.Order(StringComparer.Ordinal));
        Assert.NotNull(worker.HttpUri);
        Assert.Equal("True", worker.WorkerCapabilities["TypedDataCollection"], ignoreCase: true);
        Assert.False(worker.HasExited);
    }

    [Theory]
    [InlineData("Cosmos__ConnectionString", null, "Cosmos__ConnectionString")]
    [InlineData("RejectedEvents__ConnectionString", null, "RejectedEvents__ConnectionString")]
    [InlineData("Ingest__MaxJsonDepth", "1", "MaxJsonDepth")]
    public async Task A_missing_or_invalid_setting_stops_start_up_with_a_message_naming_it(string setting, string? value, string named)
    {
        var settings = fixture.Settings();
        settings[setting] = value;

        var failure = await Assert.ThrowsAsync<WorkerStartupException>(() => WorkerFixture.StartWorkerAsync(settings));

        output.WriteLine(failure.Message);
        Assert.NotNull(failure.ExitCode);
        Assert.NotEqual(0, failure.ExitCode);
        Assert.Contains(named, failure.Logs!.Describe(), StringComparison.Ordinal);
    }
}
