using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Timeline;

/// <summary>
/// A <see cref="ConversationTimeline"/> as one self-contained HTML page with inline SVG (no script, no external
/// assets): lanes grouped by interaction, one per channel labelled with its party; a bar per phase, coloured by phase,
/// with start, end and duration in its <c>&lt;title&gt;</c>; each channel's ending marked with outcome and reason; a
/// time axis; a legend; the ignored and unknown events listed below. Lanes carry <c>data-channel-id</c> and bars
/// <c>data-phase</c>, <c>data-start</c> and <c>data-end</c> (the JSON answer's names and values) so tools can read it;
/// the page is also well-formed XML, so tools can read it with an XML parser.
/// </summary>
public static class ConversationTimelinePage
{
    /// <summary>The media type of the page.</summary>
    public const string MediaType = "text/html";

    private const int Width = 1200;
    private const int PlotLeft = 300;
    // Room right of the plot for the label of an ending at the last moment.
    private const int PlotRight = 1060;
    private const int AxisHeight = 40;
    private const int InteractionHeight = 26;
    private const int LaneHeight = 38;
    private const int BarHeight = 18;
    private const int LegendHeight = 40;

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

    /// <summary>The name of a phase or outcome as the JSON answer writes it.</summary>
    internal static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    /// <summary>Renders the page.</summary>
    public static string Render(ConversationTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var scale = new TimeScale(timeline);
        var html = new StringBuilder(8192);
        var title = $"Conversation {timeline.ConversationId}";
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
            .Append("<title>").Append(Encode(title)).Append("</title>\n<style>\n")
            .Append("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:16px;color:#212529;background:#fff}\n")
            .Append("h1{font-size:18px;margin:0 0 4px}p.summary{margin:0 0 12px;color:#495057;font-size:13px}\n")
            .Append("svg text{font-size:12px;fill:#212529}svg .muted{fill:#6c757d;font-size:10px}svg .axis line{stroke:#ced4da}\n")
            .Append("svg .interaction text{font-weight:600}svg .ending text{font-size:11px}\n")
            .Append("table{border-collapse:collapse;font-size:12px;margin:4px 0 12px}td,th{border:1px solid #dee2e6;padding:2px 8px;text-align:left}\n")
            .Append("h2{font-size:14px;margin:16px 0 4px}\n</style>\n</head>\n<body>\n")
            .Append("<h1>").Append(Encode(title)).Append("</h1>\n")
            .Append("<p class=\"summary\">")
            .Append(Encode($"{Count(timeline.EventCount, "event")}, {Count(timeline.Interactions.Count, "interaction")}, {Count(timeline.Channels.Count, "channel")}, "
                + $"{Time(timeline.FirstTimestamp)} to {Time(timeline.LastTimestamp)} UTC ({Duration(timeline.LastTimestamp - timeline.FirstTimestamp)})."))
            .Append(timeline.Truncated ? " <strong>Truncated: the conversation has more events than were read; this shows the earliest.</strong>" : string.Empty)
            .Append("</p>\n");
        AppendChart(html, timeline, scale);
        AppendIgnored(html, timeline);
        AppendUnknown(html, timeline);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendChart(StringBuilder html, ConversationTimeline timeline, TimeScale scale)
    {
        var channels = timeline.Channels.ToDictionary(c => c.ChannelId, StringComparer.Ordinal);
        var lanesHeight = timeline.Interactions.Sum(i => InteractionHeight + (i.ChannelIds.Count * LaneHeight));
        var height = AxisHeight + lanesHeight + LegendHeight + 10;
        html.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"{Encode($"Timeline of conversation {timeline.ConversationId}")}\">\n");
        AppendAxis(html, scale, AxisHeight + lanesHeight);

        var y = AxisHeight;
        foreach (var interaction in timeline.Interactions)
        {
            html.Append(CultureInfo.InvariantCulture, $"<g class=\"interaction\" data-interaction-id=\"{Encode(interaction.InteractionId)}\">\n")
                .Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"{y}\" width=\"{Width}\" height=\"{InteractionHeight}\" fill=\"#f1f3f5\"/>\n")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"8\" y=\"{y + 17}\">{Encode($"Interaction {interaction.InteractionId}")}</text>\n");
            y += InteractionHeight;
            foreach (var channelId in interaction.ChannelIds)
            {
                AppendLane(html, channels[channelId], scale, y);
                y += LaneHeight;
            }

            html.Append("</g>\n");
        }

        AppendLegend(html, y + 14);
        html.Append("</svg>\n");
    }

    private static void AppendAxis(StringBuilder html, TimeScale scale, int bottom)
    {
        html.Append("<g class=\"axis\">\n");
        foreach (var tick in scale.Ticks())
        {
            var x = scale.X(tick);
            html.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x:0.#}\" y1=\"{AxisHeight - 6}\" x2=\"{x:0.#}\" y2=\"{bottom}\"/>\n")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.#}\" y=\"{AxisHeight - 24}\" text-anchor=\"middle\">{Encode(Clock(tick))}</text>\n")
                .Append(CultureInfo.InvariantCulture, $"<text class=\"muted\" x=\"{x:0.#}\" y=\"{AxisHeight - 11}\" text-anchor=\"middle\">{Encode(Offset(tick - scale.Start))}</text>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"<text class=\"muted\" x=\"8\" y=\"{AxisHeight - 24}\">UTC</text>\n")
            .Append(CultureInfo.InvariantCulture, $"<text class=\"muted\" x=\"8\" y=\"{AxisHeight - 11}\">since the first event</text>\n")
            .Append("</g>\n");
    }

    private static void AppendLane(StringBuilder html, ChannelTimeline channel, TimeScale scale, int y)
    {
        var party = channel.Party;
        var label = party.AgentId is { } agentId ? $"{party.Role} {agentId}" : party.Role;
        html.Append(CultureInfo.InvariantCulture,
                $"<g class=\"lane\" data-channel-id=\"{Encode(channel.ChannelId)}\" data-role=\"{Encode(party.Role)}\"{(party.AgentId is { } id ? $" data-agent-id=\"{Encode(id)}\"" : string.Empty)}>\n")
            .Append(CultureInfo.InvariantCulture, $"<line x1=\"0\" y1=\"{y + LaneHeight}\" x2=\"{Width}\" y2=\"{y + LaneHeight}\" stroke=\"#e9ecef\"/>\n")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"20\" y=\"{y + 17}\">{Encode(label)}</text>\n")
            .Append(CultureInfo.InvariantCulture, $"<text class=\"muted\" x=\"20\" y=\"{y + 30}\">{Encode(channel.ChannelId)}</text>\n");
        var barTop = y + ((LaneHeight - BarHeight) / 2);
        foreach (var phase in channel.Phases)
        {
            AppendBar(html, phase, scale, barTop);
        }

        if (channel.Ending is { } ending)
        {
            AppendEnding(html, ending, scale, barTop);
        }

        html.Append("</g>\n");
    }

    private static void AppendBar(StringBuilder html, PhaseSpan phase, TimeScale scale, int top)
    {
        var name = Name(phase.Phase);
        var x = scale.X(phase.Start);
        var width = Math.Max(2, (phase.End is { } end ? scale.X(end) : scale.OpenEnd) - x);
        var tooltip = phase.End is { } ended
            ? $"{name}: {Time(phase.Start)} to {Time(ended)} UTC ({Duration(ended - phase.Start)})"
            : $"{name}: since {Time(phase.Start)} UTC, still going on";
        html.Append(CultureInfo.InvariantCulture,
            $"<rect class=\"phase\" data-phase=\"{name}\" data-start=\"{Iso(phase.Start)}\"{(phase.End is { } e ? $" data-end=\"{Iso(e)}\"" : " data-open=\"true\"")} ")
            .Append(CultureInfo.InvariantCulture, $"x=\"{x:0.##}\" y=\"{top}\" width=\"{width:0.##}\" height=\"{BarHeight}\" fill=\"{Colours[phase.Phase]}\"")
            .Append(phase.End is null ? " fill-opacity=\"0.55\" stroke=\"" + Colours[phase.Phase] + "\" stroke-dasharray=\"4 3\"" : string.Empty)
            .Append("><title>").Append(Encode(tooltip)).Append("</title></rect>\n");
        if (phase.End is null)
        {
            // An arrow past the bar's end says the phase goes on beyond what is known.
            var tip = x + width;
            html.Append(CultureInfo.InvariantCulture,
                $"<path d=\"M{tip:0.##} {top - 2} l10 {(BarHeight / 2) + 2} l-10 {(BarHeight / 2) + 2} z\" fill=\"{Colours[phase.Phase]}\" fill-opacity=\"0.55\"/>\n");
        }
    }

    private static void AppendEnding(StringBuilder html, ChannelEnding ending, TimeScale scale, int top)
    {
        var outcome = Name(ending.Outcome);
        var x = scale.X(ending.Timestamp);
        var words = ending.Outcome == ChannelOutcome.ConnectionFailed ? "connection failed" : "ended";
        var text = ending.Reason is { } reason ? $"{words}: {reason}" : words;
        var colour = ending.Outcome == ChannelOutcome.ConnectionFailed ? "#c92a2a" : "#212529";
        html.Append(CultureInfo.InvariantCulture,
                $"<g class=\"ending\" data-outcome=\"{outcome}\"{(ending.Reason is { } r ? $" data-reason=\"{Encode(r)}\"" : string.Empty)} data-at=\"{Iso(ending.Timestamp)}\">")
            .Append("<title>").Append(Encode($"{text} at {Time(ending.Timestamp)} UTC")).Append("</title>")
            .Append(CultureInfo.InvariantCulture, $"<line x1=\"{x:0.##}\" y1=\"{top - 4}\" x2=\"{x:0.##}\" y2=\"{top + BarHeight + 4}\" stroke=\"{colour}\" stroke-width=\"2\"/>")
            .Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x:0.##}\" cy=\"{top + (BarHeight / 2)}\" r=\"4\" fill=\"{colour}\"/>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 7:0.##}\" y=\"{top + BarHeight - 4}\" fill=\"{colour}\">{Encode(text)}</text>")
            .Append("</g>\n");
    }

    private static void AppendLegend(StringBuilder html, int y)
    {
        html.Append("<g class=\"legend\">\n");
        var x = 20;
        foreach (var (phase, colour) in Colours)
        {
            var name = Name(phase);
            html.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"14\" height=\"14\" fill=\"{colour}\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 19}\" y=\"{y + 11}\">{name}</text>\n");
            x += 40 + (name.Length * 7);
        }

        html.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"28\" height=\"14\" fill=\"#2b8a3e\" fill-opacity=\"0.55\" stroke=\"#2b8a3e\" stroke-dasharray=\"4 3\"/>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 33}\" y=\"{y + 11}\">still going on</text>\n");
        x += 140;
        html.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x + 5}\" cy=\"{y + 7}\" r=\"4\" fill=\"#212529\"/>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 14}\" y=\"{y + 11}\">ended (reason)</text>\n");
        x += 130;
        html.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x + 5}\" cy=\"{y + 7}\" r=\"4\" fill=\"#c92a2a\"/>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 14}\" y=\"{y + 11}\">connection failed (reason)</text>\n")
            .Append("</g>\n");
    }

    private static void AppendIgnored(StringBuilder html, ConversationTimeline timeline)
    {
        var ignored = timeline.Channels.SelectMany(c => c.IgnoredEvents.Select(e => (c.ChannelId, Event: e))).ToList();
        html.Append(CultureInfo.InvariantCulture, $"<h2>Ignored events ({ignored.Count})</h2>\n");
        if (ignored.Count == 0)
        {
            html.Append("<p class=\"summary\">None: every event of a supported type changed a phase.</p>\n");
            return;
        }

        html.Append("<table class=\"ignored\">\n<tr><th>time (UTC)</th><th>channel</th><th>type</th><th>id</th><th>why</th></tr>\n");
        foreach (var (channelId, e) in ignored)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr data-event-id=\"{Encode(e.EventId)}\"><td>{Time(e.Timestamp)}</td><td>{Encode(channelId)}</td><td>{Encode(e.Type)}</td><td>{Encode(e.EventId)}</td><td>{Encode(e.Reason)}</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void AppendUnknown(StringBuilder html, ConversationTimeline timeline)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h2>Events of unknown types ({timeline.UnknownEvents.Count})</h2>\n");
        if (timeline.UnknownEvents.Count == 0)
        {
            html.Append("<p class=\"summary\">None.</p>\n");
            return;
        }

        html.Append("<table class=\"unknown\">\n<tr><th>time (UTC)</th><th>channel</th><th>type</th><th>id</th></tr>\n");
        foreach (var e in timeline.UnknownEvents)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr data-event-id=\"{Encode(e.EventId)}\"><td>{Time(e.Timestamp)}</td><td>{Encode(e.ChannelId)}</td><td>{Encode(e.Type)}</td><td>{Encode(e.EventId)}</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static string Count(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");

    /// <summary>Encodes text for HTML content and quoted attributes alike (<c>&lt; &gt; &amp; " '</c>).</summary>
    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Iso(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static string Clock(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Offset(TimeSpan span) =>
        span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"+{(int)span.TotalHours}:{span.Minutes:00}:{span.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"+{span.Minutes}:{span.Seconds:00}");

    /// <summary>A duration for people: <c>350 ms</c>, <c>5.75 s</c>, <c>2 min 15 s</c>, <c>1 h 4 min</c>.</summary>
    internal static string Duration(TimeSpan span) => span switch
    {
        { TotalSeconds: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.TotalMilliseconds:0} ms"),
        { TotalMinutes: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.###} s"),
        { TotalHours: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes} min {span.TotalSeconds % 60:0.###} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes} min"),
    };

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
