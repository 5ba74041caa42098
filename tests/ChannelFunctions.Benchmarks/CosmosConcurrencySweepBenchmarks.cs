using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.TestServers;

namespace ChannelFunctions.Benchmarks;

/// <summary>
/// The sweep the default <see cref="IngestOptions.MaxConcurrency"/> is chosen from: one delivery of
/// <see cref="EventCount"/> new events, each request <see cref="LoopbackProxy.DefaultRoundTrip"/> away from the local
/// Cosmos DB server, written 1, 4, 16, 32 and 64 at a time (docs/performance.md).
/// </summary>
[MemoryDiagnoser]
[ProcessCpuDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class CosmosConcurrencySweepBenchmarks
{
    private LocalCosmos? _cosmos;
    private ReadOnlyMemory<byte>[] _batch = [];

    /// <summary>Events in the delivery: 500 in the benchmark, fewer in the short mode.</summary>
    [Params(500)]
    public int EventCount { get; set; } = 500;

    /// <summary>How many events are written at once.</summary>
    [Params(1, 4, 16, 32, 64)]
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>Starts the server and the latency proxy, creates the container and warms the client up.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _cosmos = LocalCosmos.Start("sweep", LoopbackProxy.DefaultRoundTrip);
        NewEvents.Ingestor(_cosmos.Store, 1).IngestAsync(NewEvents.Batch(1), NewEvents.Delivery, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>A delivery of events not written before.</summary>
    [IterationSetup]
    public void NewBatch() => _batch = NewEvents.Batch(EventCount);

    /// <summary>The delivery, <see cref="MaxConcurrency"/> events at a time, each request 5 ms away.</summary>
    [Benchmark(Description = "latency: MaxConcurrency sweep (5 ms)")]
    public Task<IngestReport> Latency() =>
        NewEvents.Ingestor(_cosmos!.Store, MaxConcurrency).IngestAsync(_batch, NewEvents.Delivery with { BatchSize = _batch.Length }, CancellationToken.None);

    /// <summary>Stops the proxy and the server.</summary>
    [GlobalCleanup]
    public void Cleanup() => _cosmos?.Dispose();
}
