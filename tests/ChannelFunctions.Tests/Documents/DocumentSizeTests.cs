using ChannelFunctions.Cli.Generate;
using ChannelFunctions.Core.Documents;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Validation;
using Xunit.Abstractions;

namespace ChannelFunctions.Tests.Documents;

/// <summary>Bytes stored per byte received, for the CLI's sample traffic (<c>generate --conversations 500</c>, seed 1).</summary>
public sealed class DocumentSizeTests(ITestOutputHelper output)
{
    [Fact]
    public void The_sample_traffic_is_stored_in_at_most_1_6_bytes_per_byte_received()
    {
        var validator = new ChannelEventValidator();
        var traffic = new TrafficGenerator(1).Generate(new TrafficPlan(500, new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero)));

        long received = 0, stored = 0;
        foreach (var generated in traffic)
        {
            var channelEvent = validator.Validate(generated.Raw).Event!;
            received += generated.Raw.Length;
            stored += ChannelEventDocument.Write(channelEvent).Length;
        }

        var ratio = (double)stored / received;
        output.WriteLine($"{traffic.Count} events, {received} bytes received ({received / traffic.Count} a event), {stored} bytes of documents ({stored / traffic.Count} a document): {ratio:F3} bytes stored per byte received");
        Assert.Equal(5361, traffic.Count);
        Assert.True(ratio <= 1.6, $"{ratio:F3} bytes stored per byte received");
    }
}
