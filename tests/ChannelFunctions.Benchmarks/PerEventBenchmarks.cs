using BenchmarkDotNet.Attributes;
using ChannelFunctions.Core.Documents;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Validation;

namespace ChannelFunctions.Benchmarks;

/// <summary>
/// The work done for each event before it is written: ours (validate, then map to the Cosmos document) against the
/// floor (one reader pass over the same bytes) and a naive pipeline (<see cref="NaivePipeline"/>). The input is the
/// contract's example, byte for byte as VCC sends it. Ratios are to ours.
/// </summary>
[MemoryDiagnoser, MinColumn, MedianColumn]
public class PerEventBenchmarks
{
    private static readonly DateTimeOffset ReceivedAt = new(2022, 8, 30, 14, 34, 37, TimeSpan.Zero);
    private readonly ChannelEventValidator _validator = new();
    private readonly NaivePipeline _naive = new();
    private ReadOnlyMemory<byte> _event;

    /// <summary>The event every benchmark processes; the spec example unless a test sets another.</summary>
    public ReadOnlyMemory<byte> Event
    {
        get => _event;
        set => _event = value;
    }

    /// <summary>Loads the spec example.</summary>
    [GlobalSetup]
    public void Setup()
    {
        if (_event.IsEmpty)
        {
            _event = TestEvents.SpecExample;
        }
    }

    /// <summary>Ours: <see cref="ChannelEventValidator.Validate"/> then <see cref="ChannelEventDocument.Write"/>.</summary>
    [Benchmark(Baseline = true, Description = "ours: validate + document")]
    public byte[]? Ours()
    {
        var result = _validator.Validate(_event);
        return result.Event is { } accepted ? ChannelEventDocument.Write(accepted, ReceivedAt) : null;
    }

    /// <summary>The floor: one <see cref="System.Text.Json.Utf8JsonReader"/> pass touching every token.</summary>
    [Benchmark(Description = "floor: one Utf8JsonReader pass")]
    public long Floor() => FloorReader.Read(_event.Span);

    /// <summary>The naive pipeline: CloudEvent.Parse, POCOs, DataAnnotations, JsonSerializer.</summary>
    [Benchmark(Description = "naive: CloudEvent + POCOs + DataAnnotations")]
    public byte[]? Naive() => _naive.Process(_event, ReceivedAt).Document;
}
