using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.EventGridHost;
using ChannelFunctions.IntegrationTests.Servers;
using Xunit.Abstractions;

namespace ChannelFunctions.IntegrationTests.Ingest;

/// <summary>
/// Events through the Functions host's real Event Grid extension (Microsoft.Azure.WebJobs.Extensions.EventGrid,
/// run in-process by ChannelFunctions.EventGridHost), against the same events as they were sent: whatever the
/// extension rewrites, each is a duplicate of its original, never a conflict.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class HostExtensionRedeliveryTests(ServersFixture servers, ITestOutputHelper output)
{
    /// <summary>VCC-shaped events whose times and text the extension's Newtonsoft.Json writes back in its own form.</summary>
    private static byte[][] Events() => [.. Enumerable.Range(0, 66).Select(i => TestEvents.With(e =>
    {
        e["id"] = $"host-{i}";
        // Every tenth of a second and millisecond: a trailing zero in the fraction is what Newtonsoft drops.
        e["time"] = $"2022-08-30T14:34:{i % 60:D2}.{6134321 - (i % 7 * 1000) - (i % 3 == 0 ? 1 : 0):D7}Z";
        e["data"]!["timestamp"] = i % 4 == 0 ? $"2022-08-30T16:34:{i % 60:D2}.{i % 10 * 100:D3}+02:00" : $"2022-08-30T14:34:{i % 60:D2}.{88 + i:D3}Z";
        if (i % 5 == 0)
        {
            e["data"]!["note"] = $"caf\u00e9 <{i}> & \"quoted\"";
        }

        if (i % 6 == 0)
        {
            e["data"]!["queue"] = new System.Text.Json.Nodes.JsonObject { ["id"] = i, ["weight"] = 1.5, ["since"] = "2022-08-30T14:00:00.0000000Z" };
        }
    }))];

    [Fact]
    public async Task Events_through_the_real_host_extension_are_duplicates_of_their_originals()
    {
        var originals = Events();
        var throughTheHost = await ThroughTheHostAsync(originals);
        Assert.Equal(originals.Length, throughTheHost.Length);
        var rewritten = originals.Zip(throughTheHost).Count(pair => !pair.First.AsSpan().SequenceEqual(pair.Second));
        var unequalByJsonValue = originals.Zip(throughTheHost).Count(pair => !DeepEquals(pair.First, pair.Second));
        output.WriteLine($"extension {EventGridHostExtension.ExtensionVersion}: {rewritten} of {originals.Length} events rewritten, {unequalByJsonValue} unequal as JSON values (the comparison before the duplicate rule)");
        Assert.True(unequalByJsonValue > 0, "the extension should rewrite some of these events' values");

        await using var stack = await IngestStack.CreateAsync(servers);
        var first = await stack.IngestAsync(originals);
        var again = await stack.IngestAsync(throughTheHost);

        Assert.All(first.Outcomes, outcome => Assert.Equal(EventFate.Stored, outcome.Fate));
        Assert.All(again.Outcomes, outcome => Assert.Equal(EventFate.Duplicate, outcome.Fate));
        Assert.Empty(await stack.BlobNamesAsync());
    }

    /// <summary>One CloudEvents batch delivery through the extension: each event as the host hands it to the worker.</summary>
    private static async Task<byte[][]> ThroughTheHostAsync(byte[][] events)
    {
        await using var host = await EventGridHostExtension.StartAsync(new EventGridTriggerBinding("IngestChannelEvents"));
        var body = Encoding.UTF8.GetBytes($"[{string.Join(",", events.Select(e => Encoding.UTF8.GetString(e)))}]");
        string? delivered = null;
        var response = await host.DeliverAsync(
            HttpMethod.Post,
            [new("aeg-event-type", "Notification"), new("Content-Type", "application/cloudevents-batch+json; charset=utf-8")],
            body,
            (data, _) =>
            {
                delivered = data.Json ?? data.String;
                return Task.CompletedTask;
            });

        // The extension answers a delivered batch 202 Accepted.
        Assert.Equal(HttpStatusCode.Accepted, response.Status);
        Assert.NotNull(delivered);
        // On the wire to the worker the text is UTF-8.
        using var batch = JsonDocument.Parse(Encoding.UTF8.GetBytes(delivered));
        return [.. batch.RootElement.EnumerateArray().Select(e => Encoding.UTF8.GetBytes(e.GetRawText()))];
    }

    private static bool DeepEquals(byte[] left, byte[] right)
    {
        using var a = JsonDocument.Parse(left);
        using var b = JsonDocument.Parse(right);
        return JsonElement.DeepEquals(a.RootElement, b.RootElement);
    }
}
