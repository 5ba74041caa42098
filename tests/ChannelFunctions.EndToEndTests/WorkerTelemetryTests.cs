using System.Net;
using System.Net.Http.Headers;
using ChannelFunctions.Core.Relay;
using ChannelFunctions.EndToEndTests.Fixtures;
using ChannelFunctions.EndToEndTests.Protocol;
using ChannelFunctions.EndToEndTests.TestHost;
using Xunit.Abstractions;

namespace ChannelFunctions.EndToEndTests;

/// <summary>
/// What the worker process writes per invocation at its default levels (Information and above), everything its
/// Azure Monitor exporter would send as log records (docs/telemetry.md, "What a day costs"): a delivery writes its
/// summary and one Warning per rejected event; an HTTP request adds nothing of ASP.NET Core's or the relay's.
/// </summary>
[Collection(WorkerCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class WorkerTelemetryTests(WorkerFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly WorkerLogScope _logs = new(fixture.Worker, output);

    public void Dispose() => _logs.Dispose();

    /// <summary>The records the worker wrote after <paramref name="mark"/>.</summary>
    private List<WorkerLogEntry> Written(int mark) =>
        [.. fixture.Worker.Logs.Since(mark).Where(l => l.Source == "rpc" && l.Level >= RpcLog.Types.Level.Information)];

    [Fact]
    public async Task A_delivery_of_100_events_2_invalid_writes_its_summary_and_a_warning_naming_each_rejected_event()
    {
        var conversation = Guid.NewGuid().ToString();
        var invalid = new[] { $"telemetry-{conversation}-49", $"telemetry-{conversation}-99" };
        var events = Enumerable.Range(0, 100).Select(i => EventGridIngestTests.Event(conversation, $"telemetry-{conversation}-{i}",
            e => { if (i % 50 == 49) { TestEvents.Party(e)["role"] = "boss"; } })).ToArray();
        var mark = fixture.Worker.Logs.Mark();

        var response = await fixture.Worker.DeliverAsync(events);

        Assert.Equal(HttpStatusCode.Accepted, response.Status);
        var written = Written(mark);
        var summary = Assert.Single(written, l => l.Level == RpcLog.Types.Level.Information);
        Assert.Contains("Ingested 100 events via eventgrid", summary.Message, StringComparison.Ordinal);
        Assert.Contains("98 stored, 0 duplicate, 2 invalid", summary.Message, StringComparison.Ordinal);
        var warnings = written.Where(l => l.Level == RpcLog.Types.Level.Warning).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(invalid, id => Assert.Contains(warnings, w => w.Message.Contains($"Kept invalid event {id} ", StringComparison.Ordinal)));
        Assert.Equal(3, written.Count);
    }

    [Fact]
    public async Task A_relay_request_writes_nothing_of_aspnet_cores_nor_of_the_relays_own()
    {
        var body = EventGridIngestTests.Event(Guid.NewGuid().ToString(), "telemetry-relay");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/vcc/events") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents+json");
        request.Headers.TryAddWithoutValidation(VccSignature.HeaderName, VccSignature.Sign(body, fixture.RelayKey, DateTimeOffset.UtcNow));
        var mark = fixture.Worker.Logs.Mark();

        using var response = await fixture.Worker.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Without a topic (as here) the relay hands the event straight to ingest, whose delivery summary is the one
        // record; in Azure it publishes to Event Grid and writes none.
        var written = Assert.Single(Written(mark));
        Assert.Equal("ChannelFunctions.Core.Ingest.ChannelEventIngestor", written.Category);
        Assert.Contains("Ingested 1 events via relay", written.Message, StringComparison.Ordinal);
    }
}
