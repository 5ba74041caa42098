using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Storage;
using ChannelFunctions.Core.Validation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChannelFunctions.Benchmarks;

/// <summary>
/// One delivery of <see cref="EventCount"/> new, valid events written to the local Cosmos DB protocol server
/// (tests/servers/cosmos-server.js, over HTTPS on loopback) through the real ingestor and Cosmos store: with the
/// bounded concurrency the app uses (<see cref="IngestOptions.MaxConcurrency"/> 16) against one at a time.
/// Every iteration writes events never written before, so each write is a create, never a duplicate.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 5, iterationCount: 10)]
public class CosmosBatchBenchmarks
{
    private static readonly Delivery Delivery = new("benchmark", null, 0);
    private LocalCosmos? _cosmos;
    private ChannelEventIngestor _sequential = null!;
    private ChannelEventIngestor _bounded = null!;
    private ReadOnlyMemory<byte>[] _batch = [];
    private int _round;

    /// <summary>Events in the delivery: 1,000 in the benchmark, fewer in the short mode.</summary>
    public int EventCount { get; set; } = 1000;

    /// <summary>Starts the server, creates the container and warms the client up with one write.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _cosmos = LocalCosmos.Start("events");
        _sequential = Ingestor(_cosmos.Store, maxConcurrency: 1);
        _bounded = Ingestor(_cosmos.Store, maxConcurrency: new IngestOptions().MaxConcurrency);
        _sequential.IngestAsync([TestEvents.Valid(id: "warm-up")], Delivery, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>A delivery of events not written before.</summary>
    [IterationSetup]
    public void NewBatch()
    {
        var round = Interlocked.Increment(ref _round);
        _batch = [.. Enumerable.Range(0, EventCount).Select(i => (ReadOnlyMemory<byte>)TestEvents.Valid(
            id: $"r{round}-e{i}", conversationId: $"00000000-0000-4000-8000-{i % 100:D12}"))];
    }

    /// <summary>One event at a time (<see cref="IngestOptions.MaxConcurrency"/> 1).</summary>
    [Benchmark(Baseline = true, Description = "sequential (MaxConcurrency 1)")]
    public Task<IngestReport> Sequential() => _sequential.IngestAsync(_batch, Delivery with { BatchSize = _batch.Length }, CancellationToken.None);

    /// <summary>The app's bounded concurrency (<see cref="IngestOptions.MaxConcurrency"/> 16).</summary>
    [Benchmark(Description = "bounded (MaxConcurrency 16)")]
    public Task<IngestReport> Bounded() => _bounded.IngestAsync(_batch, Delivery with { BatchSize = _batch.Length }, CancellationToken.None);

    /// <summary>Stops the server.</summary>
    [GlobalCleanup]
    public void Cleanup() => _cosmos?.Dispose();

    private static ChannelEventIngestor Ingestor(IChannelEventStore store, int maxConcurrency) => new(
        new ChannelEventValidator(),
        store,
        new RefusingRejectedEventStore(),
        Options.Create(new IngestOptions { MaxConcurrency = maxConcurrency }),
        TimeProvider.System,
        NullLogger<ChannelEventIngestor>.Instance);

    /// <summary>Every benchmark event is valid and new: one that is kept as rejected is a broken benchmark.</summary>
    private sealed class RefusingRejectedEventStore : IRejectedEventStore
    {
        public Task<bool> KeepAsync(RejectedEvent rejected, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"benchmark event {rejected.Identity.Id} was refused: {string.Join("; ", rejected.Reasons)}");

        public IAsyncEnumerable<KeptRejectedEvent> ListAsync(RejectionKind? kind, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
