using System.Globalization;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using ChannelFunctions.Cli.Generate;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Documents;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Lookups;
using ChannelFunctions.Core.Pages;
using ChannelFunctions.Core.Timeline;
using ChannelFunctions.Core.Validation;
using ChannelFunctions.Tests.EventGrid;

namespace ChannelFunctions.Tests.Timeline;

/// <summary>One lane of a rendered page or of the JSON answer: its channel and its phases (phase, start, end or null).</summary>
internal sealed record Lane(string ChannelId, IReadOnlyList<(string Phase, string Start, string? End)> Bars, string? Outcome, string? Reason)
{
    /// <summary>Everything the lane says, as one comparable line.</summary>
    public override string ToString() =>
        $"{ChannelId}: {string.Join(", ", Bars.Select(b => $"{b.Phase} {b.Start}..{b.End ?? "open"}"))}; {Outcome ?? "not ended"} {Reason}";
}

public sealed class ConversationTimelinePageTests
{
    private static readonly ChannelEventValidator Validator = new();
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Parses the page as XML (it is well-formed by design) and reads its lanes, in page order.</summary>
    internal static (XDocument Page, List<Lane> Lanes) ReadPage(string html)
    {
        using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        var page = XDocument.Load(reader);
        var lanes = page.Descendants().Where(e => e.Attribute("data-channel-id") is not null)
            .Select(lane =>
            {
                var ending = lane.Descendants().SingleOrDefault(e => e.Attribute("data-outcome") is not null);
                return new Lane(
                    (string)lane.Attribute("data-channel-id")!,
                    [.. lane.Descendants().Where(e => e.Attribute("data-phase") is not null)
                        .Select(bar => ((string)bar.Attribute("data-phase")!, (string)bar.Attribute("data-start")!, (string?)bar.Attribute("data-end")))],
                    (string?)ending?.Attribute("data-outcome"),
                    (string?)ending?.Attribute("data-reason"));
            })
            .ToList();
        return (page, lanes);
    }

    /// <summary>The lanes the JSON answer describes: channels in interaction order, phases as the API writes them.</summary>
    internal static List<Lane> ReadJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var channels = root.GetProperty("channels").EnumerateArray().ToDictionary(c => c.GetProperty("channelId").GetString()!, c => c.Clone());
        return
        [
            .. root.GetProperty("interactions").EnumerateArray()
                .SelectMany(i => i.GetProperty("channelIds").EnumerateArray().Select(id => channels[id.GetString()!]))
                .Select(c => new Lane(
                    c.GetProperty("channelId").GetString()!,
                    [.. c.GetProperty("phases").EnumerateArray().Select(p => (
                        p.GetProperty("phase").GetString()!,
                        Moment(p.GetProperty("start")),
                        p.GetProperty("end").ValueKind == JsonValueKind.Null ? null : Moment(p.GetProperty("end"))))],
                    c.GetProperty("ending") is { ValueKind: JsonValueKind.Object } ending ? ending.GetProperty("outcome").GetString() : null,
                    c.GetProperty("ending") is { ValueKind: JsonValueKind.Object } withReason && withReason.GetProperty("reason").ValueKind == JsonValueKind.String
                        ? withReason.GetProperty("reason").GetString()
                        : null)),
        ];
    }

    /// <summary>A JSON moment as the page writes it, so both sides compare as the same instant.</summary>
    private static string Moment(JsonElement value) =>
        value.GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static List<ChannelEvent> Stored(IEnumerable<byte[]> raw) =>
        [.. raw.Select(bytes => Validator.Validate(bytes).Event ?? throw new InvalidOperationException("invalid test event"))];

    internal static ConversationTimeline SampleConversation()
    {
        var file = Path.Combine(BuildOutputTests.RepositoryRoot(), "samples", "conversation", "inbound-transfer-hold-monitor.json");
        return ConversationTimeline.Build(Stored(CloudEventJson.Split(File.ReadAllBytes(file)).Select(m => m.ToArray())))!;
    }

    private static void AssertPageMatchesJson(ConversationTimeline timeline)
    {
        var (page, lanes) = ReadPage(ConversationTimelinePage.Render(timeline));
        var expected = ReadJson(JsonSerializer.Serialize(timeline, LookupJson.Options));

        Assert.Equal(expected.Select(l => l.ToString()), lanes.Select(l => l.ToString()));

        Assert.Equal(
            timeline.Interactions.Select(i => i.InteractionId),
            page.Descendants().Select(e => (string?)e.Attribute("data-interaction-id")).OfType<string>());
        Assert.Equal(
            timeline.Channels.SelectMany(c => c.IgnoredEvents).Select(e => e.EventId).Concat(timeline.UnknownEvents.Select(e => e.EventId)),
            page.Descendants("tr").Select(e => (string?)e.Attribute("data-event-id")).OfType<string>());
    }

    [Fact]
    public void The_sample_conversations_page_has_the_lanes_and_bars_of_its_json_answer()
    {
        var timeline = SampleConversation();

        AssertPageMatchesJson(timeline);
        var (page, lanes) = ReadPage(ConversationTimelinePage.Render(timeline));
        Assert.True(lanes.Count >= 4, "a customer, two agents and a supervisor");
        Assert.Contains(lanes, lane => lane.Bars.Any(bar => bar.Phase == "held"));
        var labels = page.Descendants().Where(e => e.Attribute("data-channel-id") is not null)
            .Select(lane => lane.Elements().First(e => e.Name.LocalName == "text").Value).ToList();
        Assert.Contains("agent 1544", labels);
        Assert.Contains(labels, label => label.StartsWith("monitor ", StringComparison.Ordinal));
        Assert.Contains("external", labels);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void Generated_conversations_pages_have_the_lanes_and_bars_of_their_json_answers(int seed)
    {
        var generated = new TrafficGenerator(seed).Generate(new TrafficPlan(60, T0));
        var timelines = generated.GroupBy(e => e.ConversationId)
            .Select(conversation => ConversationTimeline.Build(Stored(conversation.Select(e => e.Raw)))!)
            .ToList();

        foreach (var timeline in timelines)
        {
            AssertPageMatchesJson(timeline);
        }

        // The generated traffic covers what the page must draw: transfers, holds, monitors, voicemail, unanswered.
        var channels = timelines.SelectMany(t => t.Channels).ToList();
        Assert.Contains(timelines, t => t.Channels.Count(c => c.Party.Role == PartyRoles.Agent) >= 2);
        Assert.Contains(channels, c => c.Phases.Any(p => p.Phase == ChannelPhase.Held));
        Assert.Contains(channels, c => c.Party.Role == PartyRoles.Monitor);
        Assert.Contains(channels, c => c.Party.Role == PartyRoles.Voicemail);
        Assert.Contains(channels, c => c.Ending?.Outcome == ChannelOutcome.ConnectionFailed);
    }

    [Fact]
    public void Phases_still_going_on_are_drawn_open_ended()
    {
        // The generated conversations, cut off half-way: many channels are in the middle of a phase.
        var generated = new TrafficGenerator(3).Generate(new TrafficPlan(20, T0));
        var opened = 0;
        foreach (var conversation in generated.GroupBy(e => e.ConversationId))
        {
            var events = conversation.Select(e => e.Raw).ToList();
            var timeline = ConversationTimeline.Build(Stored(events.Take(events.Count / 2)))!;
            AssertPageMatchesJson(timeline);

            var (page, _) = ReadPage(ConversationTimelinePage.Render(timeline));
            var open = page.Descendants().Where(e => (string?)e.Attribute("data-open") == "true").ToList();
            Assert.Equal(timeline.Channels.Count(c => c.Phases is [.., { End: null }]), open.Count);
            Assert.All(open, bar => Assert.Contains("still going on", bar.Value, StringComparison.Ordinal));
            opened += open.Count;
        }

        Assert.True(opened > 0, "some phases were cut off while going on");
    }

    [Fact]
    public void Bars_tell_start_end_and_duration_and_endings_their_outcome_and_reason()
    {
        var timeline = ConversationTimeline.Build(ConversationTimelineTests.Stored(ConversationScript.InboundCallWithTransfer()))!;

        var (page, lanes) = ReadPage(ConversationTimelinePage.Render(timeline));

        var held = page.Descendants().Single(e => (string?)e.Attribute("data-phase") == "held");
        Assert.Equal("held: 2026-03-02 09:01:35.000 to 2026-03-02 09:02:20.500 UTC (45.5 s)", held.Element(Svg("title"))!.Value);
        var connected = page.Descendants().First(e => (string?)e.Attribute("data-phase") == "connected");
        Assert.Equal("connected: 2026-03-02 09:00:00.000 to 2026-03-02 09:01:35.000 UTC (1 min 35 s)", connected.Element(Svg("title"))!.Value);
        Assert.All(lanes, lane => Assert.Equal(("ended", "released"), (lane.Outcome, lane.Reason)));
        Assert.Contains("ended: released", page.Descendants(Svg("g")).First(e => (string?)e.Attribute("data-outcome") == "ended").Value, StringComparison.Ordinal);
    }

    [Fact]
    public void The_time_axis_has_at_most_ten_ticks_on_whole_readable_steps()
    {
        var timeline = ConversationTimeline.Build(ConversationTimelineTests.Stored(ConversationScript.InboundCallWithTransfer()))!;

        var (page, _) = ReadPage(ConversationTimelinePage.Render(timeline));

        var axis = page.Descendants(Svg("g")).Single(e => (string?)e.Attribute("class") == "axis");
        var clocks = axis.Elements(Svg("text")).Select(e => e.Value).Where(v => v.Contains(':', StringComparison.Ordinal) && !v.StartsWith('+')).ToList();
        // 480 s of conversation: a tick each minute, 09:00:00 to 09:08:00.
        Assert.Equal([.. Enumerable.Range(0, 9).Select(m => $"09:0{m}:00")], clocks);
        Assert.Contains("+8:00", axis.Elements(Svg("text")).Select(e => e.Value));
    }

    [Fact]
    public void The_legend_names_every_phase()
    {
        var (page, _) = ReadPage(ConversationTimelinePage.Render(SampleConversation()));

        var legend = page.Descendants(Svg("g")).Single(e => (string?)e.Attribute("class") == "legend");
        Assert.Equal(
            Enum.GetValues<ChannelPhase>().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.ToString())),
            legend.Elements(Svg("text")).Select(e => e.Value).Take(Enum.GetValues<ChannelPhase>().Length));
    }

    [Fact]
    public void Hostile_text_is_escaped_everywhere_it_appears()
    {
        const string Hostile = "<script>alert('x')</script>&\"1544\"";
        var timeline = new ConversationTimeline(
            "c<&>\"'", T0, T0.AddSeconds(60), 3,
            [new InteractionSummary("i<b>&amp;", ["ch\"<x>"], T0, T0.AddSeconds(60), 2)],
            [new ChannelTimeline(
                "ch\"<x>", "i<b>&amp;", new ChannelParty("agent", Hostile, null),
                [new PhaseSpan(ChannelPhase.Connected, T0, T0.AddSeconds(30))],
                new ChannelEnding(ChannelOutcome.Ended, "</title><script>", T0.AddSeconds(30)),
                T0, T0.AddSeconds(30), 2,
                [new IgnoredEvent("id'<img src=x>", "channel.held.v0", T0.AddSeconds(40), ChannelTimeline.AfterEnd)])],
            [new EventReference("u&<", "x.<y>.v0", "ch\"<x>", T0.AddSeconds(60))]);

        var html = ConversationTimelinePage.Render(timeline);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        var (page, lanes) = ReadPage(html);
        var lane = Assert.Single(lanes);
        Assert.Equal("ch\"<x>", lane.ChannelId);
        Assert.Equal("</title><script>", lane.Reason);
        var laneElement = page.Descendants().Single(e => e.Attribute("data-channel-id") is not null);
        Assert.Equal(Hostile, (string)laneElement.Attribute("data-agent-id")!);
        Assert.Equal($"agent {Hostile}", laneElement.Elements(Svg("text")).First().Value);
        Assert.Equal("Conversation c<&>\"'", page.Descendants("title").First().Value);
        Assert.Equal(["id'<img src=x>", "u&<"], page.Descendants("tr").Select(e => (string?)e.Attribute("data-event-id")).OfType<string>());
    }

    [Fact]
    public void The_page_is_self_contained_without_script()
    {
        var html = ConversationTimelinePage.Render(SampleConversation());

        var (page, _) = ReadPage(html);
        Assert.DoesNotContain(page.Descendants(), e => e.Name.LocalName is "script" or "link" or "img" or "iframe" or "object");
        Assert.DoesNotContain(page.Descendants().Attributes(), a => a.Name.LocalName.StartsWith("on", StringComparison.Ordinal)
            || a.Name.LocalName is "href" or "src");
        Assert.DoesNotContain("url(", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.35, "350 ms")]
    [InlineData(5.75, "5.75 s")]
    [InlineData(135, "2 min 15 s")]
    [InlineData(3840, "1 h 4 min")]
    public void Durations_read_as_people_say_them(double seconds, string expected) =>
        Assert.Equal(expected, ConversationTimelinePage.Duration(TimeSpan.FromSeconds(seconds)));

    private static XName Svg(string name) => XName.Get(name, "http://www.w3.org/2000/svg");
}
