using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Timeline;
using static ChannelFunctions.Core.Pages.HtmlPage;

namespace ChannelFunctions.Core.Pages;

/// <summary>
/// A <see cref="ConversationTimeline"/> as one self-contained HTML page with inline SVG (<see cref="HtmlPage"/>):
/// lanes grouped by interaction, one per channel labelled with its party; a bar per phase, coloured by phase, with
/// start, end and duration in its <c>&lt;title&gt;</c>; each channel's ending marked with outcome and reason; a time
/// axis; a legend; the ignored and unknown events listed below. Lanes carry <c>data-channel-id</c> and bars
/// <c>data-phase</c>, <c>data-start</c> and <c>data-end</c> (the JSON answer's names and values) so tools can read it;
/// the page is also well-formed XML, so tools can read it with an XML parser.
/// </summary>
public static class ConversationTimelinePage
{
    private const int Width = 1200;
    private const int PlotLeft = 300;
    // Room right of the plot for the label of an ending at the last moment.
    private const int PlotRight = 1060;
    private const int AxisHeight = 40;
    private const int InteractionHeight = 26;
    private const int LaneHeight = 38;
    private const int BarHeight = 18;
    private const int LegendHeight = 40;

    private const string Styles =
        "svg text{font-size:12px;fill:#212529}svg .muted{fill:#6c757d;font-size:10px}svg .axis line{stroke:#ced4da}\n"
        + "svg .interaction text{font-weight:600}svg .ending text{font-size:11px}\n";

    /// <summary>The colour of each phase (colour-blind-distinguishable where it matters: connected, held, wrap).</summary>
    private static readonly Dictionary<ChannelPhase, string> Colours = new()
    {
        [ChannelPhase.Alerting] = "#f2b705",
        [ChannelPhase.Connected] = "#2b8a3e",
        [ChannelPhase.Held] = "#e8590c",
        [ChannelPhase.Parked] = "#1971c2",
        [ChannelPhase.Interrupted] = "#c2255c",
        [ChannelPhase.Wrap] = "#868e96",
    };

    /// <summary>Tick steps the axis chooses from, in seconds: the smallest that gives at most ten ticks.</summary>
    private static readonly int[] TickSteps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 21600, 43200, 86400];

    /// <summary>Renders the page.</summary>
    public static string Render(ConversationTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var summary = $"{Count(timeline.EventCount, "event")}, {Count(timeline.Interactions.Count, "interaction")}, {Count(timeline.Channels.Count, "channel")}, "
            + $"{Time(timeline.FirstTimestamp)} to {Time(timeline.LastTimestamp)} UTC ({Duration(timeline.LastTimestamp - timeline.FirstTimestamp)}).";
        return HtmlPage.Render(
            $"Conversation {timeline.ConversationId}",
            Styles,
            Summary(summary, timeline.Truncated ? " " : null,
                timeline.Truncated ? Element("strong", "Truncated: the conversation has more events than were read; this shows the earliest.") : null),
            Chart(timeline, new TimeScale(timeline)),
            Ignored(timeline),
            Unknown(timeline));
    }

    /// <summary>A duration for people: <c>350 ms</c>, <c>5.75 s</c>, <c>2 min 15 s</c>, <c>1 h 4 min</c>.</summary>
    internal static string Duration(TimeSpan span) => span switch
    {
        { TotalSeconds: < 1 } => Invariant($"{span.TotalMilliseconds:0} ms"),
        { TotalMinutes: < 1 } => Invariant($"{span.TotalSeconds:0.###} s"),
        { TotalHours: < 1 } => Invariant($"{(int)span.TotalMinutes} min {span.TotalSeconds % 60:0.###} s"),
        _ => Invariant($"{(int)span.TotalHours} h {span.Minutes} min"),
    };

    private static XElement Chart(ConversationTimeline timeline, TimeScale scale)
    {
        var channels = timeline.Channels.ToDictionary(c => c.ChannelId, StringComparer.Ordinal);
        var lanesHeight = timeline.Interactions.Sum(i => InteractionHeight + (i.ChannelIds.Count * LaneHeight));
        var height = AxisHeight + lanesHeight + LegendHeight + 10;
        var y = AxisHeight;
        var interactions = new List<XElement>();
        foreach (var interaction in timeline.Interactions)
        {
            var group = SvgElement("g", Attributes(("class", "interaction"), ("data-interaction-id", interaction.InteractionId)),
                SvgElement("rect", Attributes(("x", "0"), ("y", Invariant($"{y}")), ("width", Invariant($"{Width}")), ("height", Invariant($"{InteractionHeight}")), ("fill", "#f1f3f5"))),
                SvgElement("text", Attributes(("x", "8"), ("y", Invariant($"{y + 17}"))), $"Interaction {interaction.InteractionId}"));
            y += InteractionHeight;
            foreach (var channelId in interaction.ChannelIds)
            {
                group.Add(Lane(channels[channelId], scale, y));
                y += LaneHeight;
            }

            interactions.Add(group);
        }

        return SvgElement("svg",
            Attributes(("width", Invariant($"{Width}")), ("height", Invariant($"{height}")), ("viewBox", Invariant($"0 0 {Width} {height}")),
                ("role", "img"), ("aria-label", $"Timeline of conversation {timeline.ConversationId}")),
            Axis(scale, AxisHeight + lanesHeight),
            interactions,
            Legend(y + 14));
    }

    private static XElement Axis(TimeScale scale, int bottom)
    {
        var axis = SvgElement("g", new XAttribute("class", "axis"));
        foreach (var tick in scale.Ticks())
        {
            var x = Invariant($"{scale.X(tick):0.#}");
            axis.Add(
                SvgElement("line", Attributes(("x1", x), ("y1", Invariant($"{AxisHeight - 6}")), ("x2", x), ("y2", Invariant($"{bottom}")))),
                SvgElement("text", Attributes(("x", x), ("y", Invariant($"{AxisHeight - 24}")), ("text-anchor", "middle")), Clock(tick)),
                SvgElement("text", Attributes(("class", "muted"), ("x", x), ("y", Invariant($"{AxisHeight - 11}")), ("text-anchor", "middle")), Offset(tick - scale.Start)));
        }

        axis.Add(
            SvgElement("text", Attributes(("class", "muted"), ("x", "8"), ("y", Invariant($"{AxisHeight - 24}"))), "UTC"),
            SvgElement("text", Attributes(("class", "muted"), ("x", "8"), ("y", Invariant($"{AxisHeight - 11}"))), "since the first event"));
        return axis;
    }

    private static XElement Lane(ChannelTimeline channel, TimeScale scale, int y)
    {
        var party = channel.Party;
        var barTop = y + ((LaneHeight - BarHeight) / 2);
        return SvgElement("g",
            Attributes(("class", "lane"), ("data-channel-id", channel.ChannelId), ("data-role", party.Role), ("data-agent-id", party.AgentId)),
            SvgElement("line", Attributes(("x1", "0"), ("y1", Invariant($"{y + LaneHeight}")), ("x2", Invariant($"{Width}")), ("y2", Invariant($"{y + LaneHeight}")), ("stroke", "#e9ecef"))),
            SvgElement("text", Attributes(("x", "20"), ("y", Invariant($"{y + 17}"))), party.AgentId is { } agentId ? $"{party.Role} {agentId}" : party.Role),
            SvgElement("text", Attributes(("class", "muted"), ("x", "20"), ("y", Invariant($"{y + 30}"))), channel.ChannelId),
            channel.Phases.Select(phase => Bar(phase, scale, barTop)),
            channel.Ending is { } ending ? Ending(ending, scale, barTop) : null);
    }

    private static IEnumerable<XElement> Bar(PhaseSpan phase, TimeScale scale, int top)
    {
        var name = Name(phase.Phase);
        var colour = Colours[phase.Phase];
        var x = scale.X(phase.Start);
        var width = Math.Max(2, (phase.End is { } end ? scale.X(end) : scale.OpenEnd) - x);
        var tooltip = phase.End is { } ended
            ? $"{name}: {Time(phase.Start)} to {Time(ended)} UTC ({Duration(ended - phase.Start)})"
            : $"{name}: since {Time(phase.Start)} UTC, still going on";
        yield return SvgElement("rect",
            Attributes(("class", "phase"), ("data-phase", name), ("data-start", Iso(phase.Start)),
                ("data-end", phase.End is { } e ? Iso(e) : null), ("data-open", phase.End is null ? "true" : null),
                ("x", Invariant($"{x:0.##}")), ("y", Invariant($"{top}")), ("width", Invariant($"{width:0.##}")), ("height", Invariant($"{BarHeight}")), ("fill", colour)),
            phase.End is null ? Attributes(("fill-opacity", "0.55"), ("stroke", colour), ("stroke-dasharray", "4 3")) : null,
            SvgElement("title", tooltip));
        if (phase.End is null)
        {
            // An arrow past the bar's end says the phase goes on beyond what is known.
            var tip = x + width;
            yield return SvgElement("path",
                Attributes(("d", Invariant($"M{tip:0.##} {top - 2} l10 {(BarHeight / 2) + 2} l-10 {(BarHeight / 2) + 2} z")), ("fill", colour), ("fill-opacity", "0.55")));
        }
    }

    private static XElement Ending(ChannelEnding ending, TimeScale scale, int top)
    {
        var x = scale.X(ending.Timestamp);
        var words = ending.Outcome == ChannelOutcome.ConnectionFailed ? "connection failed" : "ended";
        var text = ending.Reason is { } reason ? $"{words}: {reason}" : words;
        var colour = ending.Outcome == ChannelOutcome.ConnectionFailed ? "#c92a2a" : "#212529";
        return SvgElement("g",
            Attributes(("class", "ending"), ("data-outcome", Name(ending.Outcome)), ("data-reason", ending.Reason), ("data-at", Iso(ending.Timestamp))),
            SvgElement("title", $"{text} at {Time(ending.Timestamp)} UTC"),
            SvgElement("line", Attributes(("x1", Invariant($"{x:0.##}")), ("y1", Invariant($"{top - 4}")), ("x2", Invariant($"{x:0.##}")), ("y2", Invariant($"{top + BarHeight + 4}")), ("stroke", colour), ("stroke-width", "2"))),
            SvgElement("circle", Attributes(("cx", Invariant($"{x:0.##}")), ("cy", Invariant($"{top + (BarHeight / 2)}")), ("r", "4"), ("fill", colour))),
            SvgElement("text", Attributes(("x", Invariant($"{x + 7:0.##}")), ("y", Invariant($"{top + BarHeight - 4}")), ("fill", colour)), text));
    }

    private static XElement Legend(int y)
    {
        var legend = SvgElement("g", new XAttribute("class", "legend"));
        var x = 20;
        foreach (var (phase, colour) in Colours)
        {
            var name = Name(phase);
            legend.Add(Swatch(x, y, 14, colour), Label(x + 19, y, name));
            x += 40 + (name.Length * 7);
        }

        legend.Add(
            SvgElement("rect", Attributes(("x", Invariant($"{x}")), ("y", Invariant($"{y}")), ("width", "28"), ("height", "14"), ("fill", "#2b8a3e"),
                ("fill-opacity", "0.55"), ("stroke", "#2b8a3e"), ("stroke-dasharray", "4 3"))),
            Label(x + 33, y, "still going on"));
        x += 140;
        legend.Add(Dot(x, y, "#212529"), Label(x + 14, y, "ended (reason)"));
        x += 130;
        legend.Add(Dot(x, y, "#c92a2a"), Label(x + 14, y, "connection failed (reason)"));
        return legend;

        static XElement Swatch(int x, int y, int size, string colour) =>
            SvgElement("rect", Attributes(("x", Invariant($"{x}")), ("y", Invariant($"{y}")), ("width", Invariant($"{size}")), ("height", Invariant($"{size}")), ("fill", colour)));

        static XElement Dot(int x, int y, string colour) =>
            SvgElement("circle", Attributes(("cx", Invariant($"{x + 5}")), ("cy", Invariant($"{y + 7}")), ("r", "4"), ("fill", colour)));

        static XElement Label(int x, int y, string text) =>
            SvgElement("text", Attributes(("x", Invariant($"{x}")), ("y", Invariant($"{y + 11}"))), text);
    }

    private static object[] Ignored(ConversationTimeline timeline)
    {
        var ignored = timeline.Channels.SelectMany(c => c.IgnoredEvents.Select(e => (c.ChannelId, Event: e))).ToList();
        return
        [
            Element("h2", Invariant($"Ignored events ({ignored.Count})")),
            ignored.Count == 0
                ? Summary("None: every event of a supported type changed a phase.")
                : Table("ignored", ["time (UTC)", "channel", "type", "id", "why"],
                    ignored.Select(row => EventRow(row.Event.EventId, row.Event.Timestamp, row.ChannelId, row.Event.Type, row.Event.Reason))),
        ];
    }

    private static object[] Unknown(ConversationTimeline timeline) =>
    [
        Element("h2", Invariant($"Events of unknown types ({timeline.UnknownEvents.Count})")),
        timeline.UnknownEvents.Count == 0
            ? Summary("None.")
            : Table("unknown", ["time (UTC)", "channel", "type", "id"],
                timeline.UnknownEvents.Select(e => EventRow(e.EventId, e.Timestamp, e.ChannelId, e.Type, null))),
    ];

    private static XElement EventRow(string eventId, DateTimeOffset timestamp, string channelId, string type, string? why) =>
        Element("tr", new XAttribute("data-event-id", eventId),
            Element("td", Time(timestamp)), Element("td", channelId), Element("td", type), Element("td", eventId),
            why is null ? null : Element("td", why));

    /// <summary>Attributes from names and values; a <c>null</c> value is no attribute.</summary>
    private static IEnumerable<XAttribute> Attributes(params (string Name, string? Value)[] attributes) =>
        attributes.Where(a => a.Value is not null).Select(a => new XAttribute(a.Name, a.Value!));

    /// <summary>The name of a phase or outcome as the JSON answer writes it.</summary>
    private static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    private static string Count(int count, string noun) => Invariant($"{count} {noun}{(count == 1 ? string.Empty : "s")}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Iso(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static string Clock(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Offset(TimeSpan span) =>
        span.TotalHours >= 1
            ? Invariant($"+{(int)span.TotalHours}:{span.Minutes:00}:{span.Seconds:00}")
            : Invariant($"+{span.Minutes}:{span.Seconds:00}");

    /// <summary>Maps moments to x: the conversation's first to last event, with room after it for phases still going on.</summary>
    private sealed class TimeScale
    {
        private readonly double _seconds;

        public TimeScale(ConversationTimeline timeline)
        {
            Start = timeline.FirstTimestamp;
            var known = Math.Max(1, (timeline.LastTimestamp - Start).TotalSeconds);
            var open = timeline.Channels.Any(c => c.Phases is [.., { End: null }]);
            // Phases still going on run past the last event, to the edge: a tenth of the span more.
            _seconds = open ? known * 1.1 : known;
            OpenEnd = PlotRight;
        }

        public DateTimeOffset Start { get; }

        /// <summary>Where bars of phases still going on stop.</summary>
        public double OpenEnd { get; }

        public double X(DateTimeOffset moment) => PlotLeft + ((moment - Start).TotalSeconds / _seconds * (PlotRight - PlotLeft));

        /// <summary>Ticks on whole multiples of a readable step, at most ten.</summary>
        public IEnumerable<DateTimeOffset> Ticks()
        {
            var step = TickSteps.FirstOrDefault(s => _seconds / s <= 10, TickSteps[^1]);
            var first = Math.Ceiling(Start.ToUnixTimeMilliseconds() / (step * 1000.0)) * step * 1000;
            for (var ms = first; ms <= Start.ToUnixTimeMilliseconds() + (_seconds * 1000); ms += step * 1000)
            {
                yield return DateTimeOffset.FromUnixTimeMilliseconds((long)ms);
            }
        }
    }
}
