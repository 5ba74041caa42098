using System.Diagnostics;
using System.Text.Json;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Relay;
using ChannelFunctions.Core.Storage;
using ChannelFunctions.Core.Validation;
using ChannelFunctions.Relay;
using ChannelFunctions.Tests.EventGrid;
using ChannelFunctions.Tests.Relay;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Xunit.Abstractions;

namespace ChannelFunctions.Tests.Cli;

/// <summary>
/// <c>send</c> end to end over loopback HTTP: to the relay function served by Kestrel (<see cref="RelayHost"/>), and to
/// a stand-in of Core Tools' Event Grid webhook.
/// </summary>
public sealed class SendTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string Conversation = Path.Combine(BuildOutputTests.RepositoryRoot(), "samples", "conversation");
    private readonly string _secret = RelayTestKit.Base64(RelayTestKit.NewKey());
    private readonly List<byte[]> _published = [];
    private RelayHost? _relay;

    private string RelayUrl => _relay!.Url;

    public async Task InitializeAsync()
    {
        var publisher = new Mock<IRelayPublisher>();
        publisher.Setup(p => p.PublishAsync(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .Callback<ReadOnlyMemory<byte>, string?, CancellationToken>((e, _, _) => { lock (_published) { _published.Add(e.ToArray()); } })
            .ReturnsAsync((EventFate?)null);
        var options = Options.Create(new RelayOptions { Secrets = [_secret] });
        var rejections = new RelayRejections(Mock.Of<IRejectedEventStore>(), new ChannelEventValidator(), TimeProvider.System);
        var relay = new VccWebhookRelay(new VccSignatureVerifier(options, TimeProvider.System, AzurePlatform.Local), publisher.Object, rejections, options, NullLogger<VccWebhookRelay>.Instance);
        _relay = await RelayHost.StartAsync(relay);
    }

    public async Task DisposeAsync()
    {
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }
    }

    [Fact]
    public async Task Send_signs_each_event_as_vcc_does_so_the_relay_accepts_and_publishes_it_unchanged()
    {
        var started = Stopwatch.GetTimestamp();
        var run = await CliRun.Of("send", Conversation, "--to", RelayUrl, "--secret", _secret);
        var elapsed = Stopwatch.GetElapsedTime(started);

        Assert.True(run.ExitCode == 0, run.Error);
        var sent = Directory.GetFiles(Conversation).SelectMany(file => CloudEventJson.Split(File.ReadAllBytes(file))).ToList();
        Assert.Equal(sent.Count, run.Lines.Count);
        Assert.All(run.Json, line => Assert.Equal(200, line.GetProperty("status").GetInt32()));
        Assert.Equal(sent.Select(e => e.ToArray()), _published);
        output.WriteLine($"{sent.Count} signed events through the relay in {elapsed.TotalMilliseconds:F0} ms end to end; {_relay!.Timings()}");
    }

    [Fact]
    public async Task Send_with_another_secret_is_refused_by_the_relay_and_exits_1()
    {
        var run = await CliRun.Of("send", Path.Combine(Conversation, "inbound-transfer-hold-monitor.json"), "--to", RelayUrl,
            "--secret", RelayTestKit.Base64(RelayTestKit.NewKey()));

        Assert.True(run.ExitCode == 1, run.Error);
        Assert.All(run.Json, line => Assert.Equal(401, line.GetProperty("status").GetInt32()));
        Assert.Empty(_published);
    }

    [Fact]
    public async Task Send_signs_with_the_secret_of_the_settings_file_when_none_is_given()
    {
        var settings = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(settings, JsonSerializer.Serialize(new { Values = new Dictionary<string, string> { ["Relay__Secrets__0"] = _secret } }));

            var run = await CliRun.Of("send", Path.Combine(BuildOutputTests.RepositoryRoot(), "samples", "valid", "channel.ended.v1.json"),
                "--to", RelayUrl, "--settings", settings);

            Assert.True(run.ExitCode == 0, run.Error);
            Assert.Single(_published);
        }
        finally
        {
            File.Delete(settings);
        }
    }

    [Fact]
    public async Task Send_to_the_event_grid_webhook_delivers_batches_with_the_event_grid_headers()
    {
        await using var webhook = new LoopbackTopic();
        var url = new Uri(webhook.Endpoint, "/runtime/webhooks/eventgrid?functionName=IngestChannelEvents");

        var run = await CliRun.Of("send", Conversation, "--to", url.AbsoluteUri, "--batch-size", "10");

        Assert.True(run.ExitCode == 0, run.Error);
        var sent = Directory.GetFiles(Conversation).SelectMany(file => CloudEventJson.Split(File.ReadAllBytes(file))).ToList();
        Assert.Equal((sent.Count + 9) / 10, webhook.Received.Count);
        Assert.All(webhook.Received, request =>
        {
            Assert.Equal("Notification", request.Headers["aeg-event-type"]);
            Assert.Equal("application/cloudevents-batch+json", request.ContentType);
            Assert.Equal("IngestChannelEvents", System.Web.HttpUtility.ParseQueryString(request.Url!.Query)["functionName"]);
        });
        Assert.Equal(sent.Select(e => e.ToArray()), webhook.Received.SelectMany(r => CloudEventJson.Split(r.Body)).Select(e => e.ToArray()));
    }
}
