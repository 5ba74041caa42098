using System.Text.Json;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Documents;
using ChannelFunctions.Core.Lookups;
using ChannelFunctions.Core.Metrics;
using ChannelFunctions.Core.Timeline;
using ChannelFunctions.Core.Validation;
using ChannelFunctions.Tests.EventGrid;

namespace ChannelFunctions.Tests.Metrics;

/// <summary>
/// A conversation written event by event for the figures' tests: channels by role, events at seconds after a fixed
/// start (<see cref="ConversationScript"/> writes them as VCC would), and its figures as the app computes them.
/// </summary>
internal sealed class MetricsScript
{
    public const string Interaction = "1371f451-116a-4abc-8869-bc678ef67070";
    private readonly ConversationScript _script = new("3e71f453-116a-3abc-7769-bc678ef6e080");
    private int _channels;

    public DateTimeOffset T0 => _script.Start;

    public ScriptChannel Customer { get; private set; } = null!;

    public static MetricsScript WithCustomer()
    {
        var script = new MetricsScript();
        script.Customer = script.Channel(PartyRoles.External);
        return script;
    }

    /// <summary>A new channel of a role (agents and monitors need an agent id).</summary>
    public ScriptChannel Channel(string role, string? agentId = null) => new(
        Interaction, $"{++_channels:D8}-0000-4000-8000-000000000000", role, agentId, agentId is null ? null : $"{_channels:D8}-1111-4000-8000-000000000000");

    /// <summary>Events of one channel at one moment, in the order given; <c>ended</c> and <c>connectionfailed</c> get a reason.</summary>
    public MetricsScript On(ScriptChannel channel, double seconds, params string[] names)
    {
        foreach (var name in names)
        {
            _script.Add(channel, name, seconds, reason: name is "ended" or "connectionfailed" ? "released" : null);
        }

        return this;
    }

    public List<ChannelEvent> Events => MetricsTestKit.Stored(_script.Events);

    public ConversationMetrics Metrics() => MetricsTestKit.Metrics(Events);

    /// <summary>The row of a channel.</summary>
    public ChannelMetrics Row(ConversationMetrics metrics, ScriptChannel channel) =>
        Assert.Single(metrics.Channels, row => row.ChannelId == channel.ChannelId);
}

internal static class MetricsTestKit
{
    public static readonly string Root = BuildOutputTests.RepositoryRoot();
    private static readonly ChannelEventValidator Validator = new();

    /// <summary>The stored form of raw events, as ingest would promote them.</summary>
    public static List<ChannelEvent> Stored(IEnumerable<byte[]> raws) =>
        [.. raws.Select(raw => (Validator.Validate(raw).Event
            ?? throw new InvalidOperationException($"invalid event: {string.Join("; ", Validator.Validate(raw).Errors)}")))];

    /// <summary>The events of a sample file (a path from the repository root).</summary>
    public static List<ChannelEvent> Sample(string path) =>
        Stored(CloudEventJson.Split(File.ReadAllBytes(Path.Combine(Root, path))).Select(raw => raw.ToArray()));

    /// <summary>Every sample conversation the docs use: the timeline's sample and the figures' own.</summary>
    public static IReadOnlyList<string> SampleConversations { get; } =
    [
        .. new[] { "samples/conversation", "samples/metrics" }
            .SelectMany(folder => Directory.GetFiles(Path.Combine(Root, folder), "*.json"))
            .Select(file => Path.GetRelativePath(Root, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal),
    ];

    public static ConversationMetrics Metrics(IEnumerable<ChannelEvent> events) =>
        ConversationMetrics.From(ConversationTimeline.Build(events) ?? throw new InvalidOperationException("no events"));

    public static JsonElement Json<T>(T value) => JsonSerializer.SerializeToElement(value, LookupJson.Options);
}
