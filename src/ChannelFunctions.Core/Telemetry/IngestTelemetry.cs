using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Telemetry;

/// <summary>
/// Ingest's metrics and its span per delivery: events by fate and type, rejected events by reason, batch sizes,
/// and the duration and request charge of each Cosmos DB write. Tag values come from bounded sets (fates, supported types, contract
/// field names), so a sender cannot blow up the metrics' cardinality.
/// </summary>
public static class IngestTelemetry
{
    /// <summary>Counter: events ingested, tagged <c>fate</c> and <c>event.type</c>.</summary>
    public const string EventsName = "channelfunctions.ingest.events";

    /// <summary>Counter: events kept as rejected, tagged <c>fate</c> and <c>reason</c> (the field the first broken rule is about).</summary>
    public const string RejectedName = "channelfunctions.ingest.rejected";

    /// <summary>Histogram: events per delivery, tagged <c>via</c>.</summary>
    public const string BatchSizeName = "channelfunctions.ingest.batch.size";

    /// <summary>Histogram: seconds per Cosmos DB call of a write, tagged <c>operation</c> and <c>status</c>.</summary>
    public const string WriteDurationName = "channelfunctions.ingest.write.duration";

    /// <summary>Histogram: request units per Cosmos DB call of a write, tagged <c>operation</c> and <c>status</c>.</summary>
    public const string RequestChargeName = "channelfunctions.ingest.write.request_charge";

    /// <summary>The <c>event.type</c> of an event whose type is not a supported one (or unreadable).</summary>
    public const string OtherType = "other";

    private static readonly Counter<long> Events = ChannelFunctionsTelemetry.Meter.CreateCounter<long>(
        EventsName, "{event}", "Events ingested, by fate and type.");

    private static readonly Counter<long> Rejected = ChannelFunctionsTelemetry.Meter.CreateCounter<long>(
        RejectedName, "{event}", "Events kept as rejected, by fate and the field of the first broken rule.");

    private static readonly Histogram<int> BatchSize = ChannelFunctionsTelemetry.Meter.CreateHistogram<int>(
        BatchSizeName, "{event}", "Events per delivery.");

    private static readonly Histogram<double> WriteDuration = ChannelFunctionsTelemetry.Meter.CreateHistogram<double>(
        WriteDurationName, "s", "Duration of each Cosmos DB call that writes (or compares) an event.");

    private static readonly Histogram<double> RequestCharge = ChannelFunctionsTelemetry.Meter.CreateHistogram<double>(
        RequestChargeName, "{RU}", "Request units charged for each Cosmos DB call that writes (or compares) an event.");

    /// <summary>Starts the span of one delivery.</summary>
    public static Activity? StartBatch(Delivery delivery, int size)
    {
        BatchSize.Record(size, new KeyValuePair<string, object?>("via", delivery.Via));
        var activity = ChannelFunctionsTelemetry.ActivitySource.StartActivity("ingest batch");
        activity?.SetTag("channelfunctions.delivery.via", delivery.Via);
        activity?.SetTag("channelfunctions.delivery.id", delivery.DeliveryId);
        activity?.SetTag("messaging.batch.message_count", size);
        return activity;
    }

    /// <summary>
    /// Counts what happened to one event. Events have no span of their own: a delivery's span, its log line and the
    /// rejected events' Warnings tell what a per-event span would, at a hundredth of the records.
    /// </summary>
    public static void Completed(EventFate fate, EventIdentity identity, IReadOnlyList<string> reasons)
    {
        var name = fate.Name();
        var type = identity.Type is { } named && ChannelEventTypes.TryGet(named, out _) ? named : OtherType;
        Events.Add(1, new("fate", name), new("event.type", type));
        if (reasons.Count > 0)
        {
            Rejected.Add(1, new("fate", name), new("reason", Reason(fate, reasons[0])));
        }
    }

    /// <summary>Whether a listener (an exporter) takes <see cref="RecordWrite"/>'s measurements.</summary>
    public static bool WritesObserved => WriteDuration.Enabled || RequestCharge.Enabled;

    /// <summary>Records one Cosmos DB call of a write: how long it took and what it charged.</summary>
    public static void RecordWrite(string operation, HttpStatusCode status, TimeSpan duration, double requestCharge)
    {
        var tags = new TagList { { "operation", operation }, { "status", (int)status } };
        WriteDuration.Record(duration.TotalSeconds, tags);
        RequestCharge.Record(requestCharge, tags);
    }

    /// <summary>
    /// A bounded reason: for invalid and unsupported events the field the first broken rule is about (a contract
    /// field name the validator chose, never sender text); for the others the fate itself (their details name ids
    /// and documents).
    /// </summary>
    private static string Reason(EventFate fate, string firstReason) =>
        fate is EventFate.Invalid or EventFate.Unsupported && firstReason.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon
            ? firstReason[..colon]
            : fate.Name();
}
