using System.Diagnostics;
using System.Security.Cryptography;
using ChannelFunctions.Core;
using ChannelFunctions.Core.Relay;
using ChannelFunctions.IntegrationTests.Servers;
using ChannelFunctions.Relay;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ChannelFunctions.IntegrationTests.Cli;

/// <summary>
/// The local path end to end, as a developer without Event Grid runs it: <c>channelfunctions send</c> signs each event
/// like VCC, the relay (served over loopback HTTP, wired from configuration as the app wires it, no topic endpoint)
/// verifies it and hands it to the ingest core, which stores it in the real stores; <c>show</c> finds it.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class RelayEndToEndTests(ServersFixture servers, ITestOutputHelper output)
{
    [Fact]
    public async Task Signed_events_sent_to_the_relay_without_a_topic_are_ingested_and_bad_ones_kept_with_200()
    {
        using var stack = await CliStack.CreateAsync(servers);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var configuration = new ConfigurationBuilder().AddConfiguration(stack.Configuration())
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Relay:Secrets:0"] = secret }).Build();
        await using var app = new ServiceCollection().AddLogging()
            .AddChannelFunctionsCore(configuration).AddChannelFunctionsRelay(configuration).BuildServiceProvider();
        Assert.IsType<IngestRelayPublisher>(app.GetRequiredService<IRelayPublisher>());
        await using var relay = await RelayHost.StartAsync(ActivatorUtilities.CreateInstance<VccWebhookRelay>(app));

        var started = Stopwatch.GetTimestamp();
        var sent = await CliRun.Of("send", Path.Combine(CliStack.Samples, "conversation"), Path.Combine(CliStack.Samples, "invalid"),
            "--to", relay.Url, "--secret", secret);
        var elapsed = Stopwatch.GetElapsedTime(started);

        Assert.True(sent.ExitCode == 0, sent.Error);
        Assert.Equal(27, sent.Lines.Count);
        Assert.All(sent.Json, line => Assert.Equal(200, line.GetProperty("status").GetInt32()));
        Assert.Equal(22, await stack.CountDocumentsAsync());
        Assert.Equal(5, await stack.CountBlobsAsync());
        var shown = await CliRun.Of("show", "conversation", "5b2c6f0e-8d1a-4c3b-9e7f-2a4d6c8e0b13", "--settings", stack.SettingsFile);
        Assert.Equal(22, shown.Json[0].GetProperty("eventCount").GetInt32());
        output.WriteLine($"27 signed events through the relay into the stores in {elapsed.TotalMilliseconds:F0} ms; {relay.Timings()}");
    }
}
