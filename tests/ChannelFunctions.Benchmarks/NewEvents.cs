using System.Globalization;
using System.Text;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Storage;
using ChannelFunctions.Core.Validation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChannelFunctions.Benchmarks;

/// <summary>
/// Deliveries of valid events never written before, for the write benchmarks: the contract's example with a fresh
/// id per event and 100 conversations, made by overwriting fixed-width digits of one template (so making a batch
/// costs next to nothing next to the writes it is measured with), and the ingestors that write them.
/// </summary>
internal static class NewEvents
{
    private const string IdTemplate = "r000000-e000000";
    private const string ConversationTemplate = "00000000-0000-4000-8000-000000000000";
    private static readonly byte[] Template = TestEvents.Valid(id: IdTemplate, conversationId: ConversationTemplate);
    private static readonly int IdAt = Template.AsSpan().IndexOf(Encoding.UTF8.GetBytes(IdTemplate));
    private static readonly int ConversationAt = Template.AsSpan().IndexOf(Encoding.UTF8.GetBytes(ConversationTemplate));
    private static int s_round;

    /// <summary>The delivery of a benchmark, as <see cref="ChannelEventIngestor.IngestAsync"/> is told of it.</summary>
    public static readonly Delivery Delivery = new("benchmark", null, 0);

    /// <summary>A delivery of <paramref name="count"/> events not written before.</summary>
    public static ReadOnlyMemory<byte>[] Batch(int count)
    {
        var round = Interlocked.Increment(ref s_round);
        var batch = new ReadOnlyMemory<byte>[count];
        for (var i = 0; i < count; i++)
        {
            var raw = Template.ToArray();
            Write(raw.AsSpan(IdAt + 1, 6), round);
            Write(raw.AsSpan(IdAt + 9, 6), i);
            Write(raw.AsSpan(ConversationAt + 24, 12), i % 100);
            batch[i] = raw;
        }

        return batch;
    }

    /// <summary>The real ingestor over <paramref name="store"/>, writing <paramref name="maxConcurrency"/> events at once.</summary>
    public static ChannelEventIngestor Ingestor(IChannelEventStore store, int maxConcurrency) => new(
        new ChannelEventValidator(),
        store,
        new RefusingRejectedEventStore(),
        [],
        Options.Create(new IngestOptions { MaxConcurrency = maxConcurrency }),
        TimeProvider.System,
        NullLogger<ChannelEventIngestor>.Instance);

    private static void Write(Span<byte> digits, int value) =>
        value.TryFormat(digits, out _, new string('0', digits.Length), CultureInfo.InvariantCulture);

    /// <summary>Every benchmark event is valid and new: one that is kept as rejected is a broken benchmark.</summary>
    private sealed class RefusingRejectedEventStore : IRejectedEventStore
    {
        public Task<bool> KeepAsync(RejectedEvent rejected, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"benchmark event {rejected.Identity.Id} was refused: {string.Join("; ", rejected.Reasons)}");

        public IAsyncEnumerable<KeptRejectedEvent> ListAsync(EventFate? kind, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
