using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.TestServers;

namespace ChannelFunctions.Benchmarks;

/// <summary>
/// One delivery of <see cref="EventCount"/> new, valid events written to the local Cosmos DB protocol server
/// (tests/servers/cosmos-server.js, over HTTPS on loopback) through the real ingestor and Cosmos store: one at a
/// time against the app's bounded concurrency (<see cref="IngestOptions.MaxConcurrency"/>), on loopback and, as
/// in Azure, with <see cref="LoopbackProxy.DefaultRoundTrip"/> of network latency added to every request. The
/// CPU column is the benchmark process's own CPU per stored event; the last row is the same bounded write with the
/// Cosmos SDK's default client options instead of the app's, for comparison. Every iteration writes events never
/// written before, so each write is a create, never a duplicate.
/// </summary>
[MemoryDiagnoser]
[ProcessCpuDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 8)]
public class CosmosBatchBenchmarks
{
    private LocalCosmos? _loopback;
    private LocalCosmos? _latency;
    private LocalCosmos? _latencySdkDefaults;
    private ReadOnlyMemory<byte>[] _batch = [];

    /// <summary>Events in the delivery: 1,000 in the benchmark, fewer in the short mode.</summary>
    [Params(1000)]
    public int EventCount { get; set; } = 1000;

    /// <summary>Starts the servers and the proxies, creates the containers and warms each client up with one write.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _loopback = LocalCosmos.Start("events");
        _latency = LocalCosmos.Start("events", LoopbackProxy.DefaultRoundTrip);
        _latencySdkDefaults = LocalCosmos.Start("events", LoopbackProxy.DefaultRoundTrip, sdkDefaults: true);
        foreach (var cosmos in new[] { _loopback, _latency, _latencySdkDefaults })
        {
            NewEvents.Ingestor(cosmos.Store, 1).IngestAsync(NewEvents.Batch(1), NewEvents.Delivery, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    /// <summary>A delivery of events not written before.</summary>
    [IterationSetup]
    public void NewBatch() => _batch = NewEvents.Batch(EventCount);

    /// <summary>One event at a time (<see cref="IngestOptions.MaxConcurrency"/> 1), on loopback.</summary>
    [Benchmark(Baseline = true, Description = "sequential (MaxConcurrency 1)")]
    public Task<IngestReport> Sequential() => Ingest(_loopback!, 1);

    /// <summary>The app's bounded concurrency, on loopback.</summary>
    [Benchmark(Description = "bounded (MaxConcurrency default)")]
    public Task<IngestReport> Bounded() => Ingest(_loopback!, new IngestOptions().MaxConcurrency);

    /// <summary>One event at a time, each request 5 ms away.</summary>
    [Benchmark(Description = "latency: sequential (5 ms, MaxConcurrency 1)")]
    public Task<IngestReport> LatencySequential() => Ingest(_latency!, 1);

    /// <summary>The app's bounded concurrency, each request 5 ms away.</summary>
    [Benchmark(Description = "latency: bounded (5 ms, MaxConcurrency default)")]
    public Task<IngestReport> LatencyBounded() => Ingest(_latency!, new IngestOptions().MaxConcurrency);

    /// <summary>As <see cref="LatencyBounded"/>, with the SDK's default client options instead of the app's.</summary>
    [Benchmark(Description = "latency: bounded, SDK default client options")]
    public Task<IngestReport> LatencyBoundedSdkDefaults() => Ingest(_latencySdkDefaults!, new IngestOptions().MaxConcurrency);

    /// <summary>Stops the proxies and servers.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _loopback?.Dispose();
        _latency?.Dispose();
        _latencySdkDefaults?.Dispose();
    }

    private Task<IngestReport> Ingest(LocalCosmos cosmos, int maxConcurrency) =>
        NewEvents.Ingestor(cosmos.Store, maxConcurrency).IngestAsync(_batch, NewEvents.Delivery with { BatchSize = _batch.Length }, CancellationToken.None);
}
