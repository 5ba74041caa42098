using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Telemetry;
using ChannelFunctions.IntegrationTests.Servers;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace ChannelFunctions.IntegrationTests.Ingest;

/// <summary>
/// The Cosmos DB store reports each write's duration and request charge to the ChannelFunctions meter, read here
/// with OpenTelemetry's in-memory exporter while the real store writes to the local Cosmos DB server.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class IngestTelemetryIntegrationTests(ServersFixture servers)
{
    [Fact]
    public async Task Each_cosmos_write_records_its_duration_and_request_charge_by_operation_and_status()
    {
        var exported = new List<MetricSnapshot>();
        using var meters = Sdk.CreateMeterProviderBuilder().AddMeter(ChannelFunctionsTelemetry.Name).AddInMemoryExporter(exported).Build();
        await using var stack = await IngestStack.CreateAsync(servers);
        // Ids unique to this test: the meter is process-wide, so other tests' writes may be counted too.
        var id = Guid.NewGuid().ToString("N");
        byte[][] batch = [TestEvents.Valid(id: $"{id}-a"), TestEvents.Valid(id: $"{id}-b")];

        var first = await stack.IngestAsync(batch);
        var again = await stack.IngestAsync(batch);
        meters.ForceFlush();

        Assert.All(first.Outcomes, o => Assert.Equal(EventFate.Stored, o.Fate));
        Assert.All(again.Outcomes, o => Assert.Equal(EventFate.Duplicate, o.Fate));
        long Writes(string name, string operation, int status) => exported.Where(m => m.Name == name)
            .SelectMany(m => m.MetricPoints)
            .Where(p =>
            {
                var tags = new Dictionary<string, object?>();
                foreach (var tag in p.Tags)
                {
                    tags[tag.Key] = tag.Value;
                }

                return Equals(tags["operation"], operation) && Equals(tags["status"], status);
            })
            .Sum(p => p.GetHistogramCount());
        foreach (var name in new[] { IngestTelemetry.WriteDurationName, IngestTelemetry.RequestChargeName })
        {
            Assert.True(Writes(name, "create", 201) >= 2, $"{name}: two creates answered 201");
            Assert.True(Writes(name, "create", 409) >= 2, $"{name}: two creates answered 409 on redelivery");
            Assert.True(Writes(name, "read", 200) >= 2, $"{name}: two reads compared the stored documents");
        }
    }
}
