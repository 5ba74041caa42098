using System.Diagnostics;
using System.Text.Json;
using ChannelFunctions.Contract;
using ChannelFunctions.Functions.Relay;
using ChannelFunctions.Relay;
using ChannelFunctions.Tests.EventGrid;
using ChannelFunctions.Tests.Relay;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Xunit.Abstractions;

namespace ChannelFunctions.Tests.Cli;

/// <summary>
/// <c>send</c> end to end over loopback HTTP: to the relay function served by Kestrel (the Functions host cannot run
/// here, so a minimal ASP.NET Core app calls the function class exactly as the host's ASP.NET Core integration does),
/// and to a stand-in of Core Tools' Event Grid webhook.
/// </summary>
public sealed class SendTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string Conversation = Path.Combine(BuildOutputTests.RepositoryRoot(), "samples", "conversation");
    private readonly string _secret = RelayTestKit.Base64(RelayTestKit.NewKey());
    private readonly List<byte[]> _published = [];
    private readonly List<double> _serverMilliseconds = [];
    private WebApplication? _app;
    private string _relayUrl = "";

    public async Task InitializeAsync()
    {
        var publisher = new Mock<IRelayPublisher>();
        publisher.Setup(p => p.PublishAsync(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .Callback<ReadOnlyMemory<byte>, string?, CancellationToken>((e, _, _) => { lock (_published) { _published.Add(e.ToArray()); } })
            .ReturnsAsync(RelayOutcome.Published);
        var options = Options.Create(new RelayOptions { Secrets = [_secret] });
        var relay = new VccWebhookRelay(new VccSignatureVerifier(options), publisher.Object, options, NullLogger<VccWebhookRelay>.Instance);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/api/" + VccWebhookRelay.Route, async (HttpContext context) =>
        {
            var started = Stopwatch.GetTimestamp();
            var result = await relay.RunAsync(context.Request, new TestFunctionContext(), context.RequestAborted);
            lock (_serverMilliseconds)
            {
                _serverMilliseconds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            await result.ExecuteAsync(context);
        });
        await _app.StartAsync();
        _relayUrl = _app.Urls.Single() + "/api/" + VccWebhookRelay.Route;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Send_signs_each_event_as_vcc_does_so_the_relay_accepts_and_publishes_it_unchanged()
    {
        var started = Stopwatch.GetTimestamp();
        var run = await CliRun.Of("send", Conversation, "--to", _relayUrl, "--secret", _secret);
        var elapsed = Stopwatch.GetElapsedTime(started);

        Assert.True(run.ExitCode == 0, run.Error);
        var sent = Directory.GetFiles(Conversation).SelectMany(file => CloudEventJson.Split(File.ReadAllBytes(file))).ToList();
        Assert.Equal(sent.Count, run.Lines.Count);
        Assert.All(run.Json, line => Assert.Equal(200, line.GetProperty("status").GetInt32()));
        Assert.Equal(sent.Select(e => e.ToArray()), _published);
        output.WriteLine($"{sent.Count} signed events through the relay in {elapsed.TotalMilliseconds:F0} ms end to end; "
            + $"relay function median {Median(_serverMilliseconds):F2} ms, max {_serverMilliseconds.Max():F2} ms");
    }

    [Fact]
    public async Task Send_with_another_secret_is_refused_by_the_relay_and_exits_1()
    {
        var run = await CliRun.Of("send", Path.Combine(Conversation, "inbound-transfer-hold-monitor.json"), "--to", _relayUrl,
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
                "--to", _relayUrl, "--settings", settings);

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

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
