using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Documents;
using ChannelFunctions.Core.Metrics;
using ChannelFunctions.Core.Timeline;

namespace ChannelFunctions.Tests.Metrics;

/// <summary>
/// Every number docs/metrics.md shows is checked here against the computation. The page marks each checked block
/// with an HTML comment, <c>&lt;!-- check: kind arguments --&gt;</c>, right before it:
/// <list type="bullet">
/// <item><c>events FILE</c>: a table of the sample's events (moment, channel, event), all of them, in timeline order;</item>
/// <item><c>figures FILE</c>: a table of figures (figure, value, worked out): the value is the computed one, and the
/// worked-out arithmetic (times of the sample's events, numbers, <c>+ − × /</c>, brackets, then optionally " — " and
/// words) comes to it;</item>
/// <item><c>conversation FILE</c>, <c>agent ID FROM TO</c>, <c>center FROM TO [INTERVAL]</c>: a JSON block that is
/// the answer, over every sample conversation for agents and the centre;</item>
/// <item><c>agent-figures ID FROM TO</c>, <c>center-figures FROM TO</c>: tables of figures as above;</item>
/// <item><c>setting</c>: the setting's table (default and range).</item>
/// </list>
/// Outside those blocks the page may show no digit at all (but for a few names listed here), so no number escapes.
/// </summary>
public sealed partial class MetricsDocumentationTests
{
    private static readonly string DocPath = Path.Combine(MetricsTestKit.Root, "docs", "metrics.md");

    /// <summary>Names with digits that are not figures: event versions, ISO 8601 durations, the spec's file names.</summary>
    private static readonly Regex NotNumbers = NotNumbersPattern();

    private sealed record Block(int Line, string Kind, string[] Arguments, List<string> Lines);

    private static readonly Lazy<List<ConversationMetrics>> AllSamples = new(() =>
        [.. MetricsTestKit.SampleConversations.Select(path => MetricsTestKit.Metrics(MetricsTestKit.Sample(path)))]);

    [Fact]
    public void Every_checked_block_of_docs_metrics_md_shows_what_the_computation_gives()
    {
        var blocks = Blocks(File.ReadAllLines(DocPath), out _);
        var kinds = blocks.Select(b => b.Kind).ToHashSet();

        Assert.Superset(new HashSet<string> { "events", "figures", "conversation", "agent", "agent-figures", "center", "center-figures", "setting" }, kinds);
        Assert.Subset(new HashSet<string> { "events", "figures", "conversation", "agent", "agent-figures", "center", "center-figures", "setting" }, kinds);
        foreach (var block in blocks)
        {
            var where = $"docs/metrics.md:{block.Line} ({block.Kind} {string.Join(' ', block.Arguments)})";
            switch (block.Kind)
            {
                case "events": CheckEvents(block, where); break;
                case "figures": CheckFigures(block, MetricsTestKit.Json(Conversation(block.Arguments[0])), Sample(block.Arguments[0]), where); break;
                case "conversation": CheckJson(block, MetricsTestKit.Json(Conversation(block.Arguments[0])), where); break;
                case "agent": CheckJson(block, MetricsTestKit.Json(Agent(block.Arguments)), where); break;
                case "agent-figures": CheckFigures(block, MetricsTestKit.Json(Agent(block.Arguments)), null, where); break;
                case "center": CheckJson(block, MetricsTestKit.Json(Center(block.Arguments)), where); break;
                case "center-figures": CheckFigures(block, MetricsTestKit.Json(Center(block.Arguments)), null, where); break;
                default: CheckSetting(block, where); break;
            }
        }
    }

    [Fact]
    public void The_worked_examples_cover_every_sample_conversation_and_every_outcome()
    {
        var blocks = Blocks(File.ReadAllLines(DocPath), out _);
        var documented = blocks.Where(b => b.Kind == "conversation").Select(b => b.Arguments[0]).ToHashSet();

        Assert.Equal(MetricsTestKit.SampleConversations.ToHashSet(), documented);
        Assert.Equal(documented, blocks.Where(b => b.Kind == "figures").Select(b => b.Arguments[0]).ToHashSet());
        Assert.Equal(documented, blocks.Where(b => b.Kind == "events").Select(b => b.Arguments[0]).ToHashSet());
        Assert.Equal(
            [ConversationOutcome.Answered, ConversationOutcome.Abandoned, ConversationOutcome.Voicemail, ConversationOutcome.Unanswered],
            AllSamples.Value.Select(c => c.Outcome!.Value).Distinct().Order());
    }

    [Fact]
    public void No_number_is_shown_outside_a_checked_block()
    {
        var lines = File.ReadAllLines(DocPath);
        Blocks(lines, out var checkedLines);

        var bare = lines
            .Select((text, index) => (Line: index + 1, Text: text))
            .Where(line => !checkedLines.Contains(line.Line) && WithoutAgents(NotNumbers.Replace(line.Text, string.Empty), $"docs/metrics.md:{line.Line}").Any(char.IsAsciiDigit))
            .Select(line => $"docs/metrics.md:{line.Line}: {line.Text}")
            .ToList();

        Assert.True(bare.Count == 0, "numbers outside checked blocks:\n" + string.Join("\n", bare));
    }

    [Fact]
    public void A_wrong_number_in_a_checked_block_is_caught()
    {
        var lines = File.ReadAllLines(DocPath);
        var blocks = Blocks(lines, out _);
        var figures = blocks.First(b => b.Kind == "figures");
        var row = figures.Lines.FindIndex(l => l.Contains("waitMs", StringComparison.Ordinal));
        var wrong = figures with { Lines = [.. figures.Lines] };
        wrong.Lines[row] = Regex.Replace(wrong.Lines[row], @"(?<=\|\s*)(\d{1,3}(,\d{3})*)(?=\s*\|)", m => m.Value + "1");
        var json = blocks.First(b => b.Kind == "conversation");
        var wrongJson = json with { Lines = [.. json.Lines.Select(l => l.Replace("\"holdCount\": 2", "\"holdCount\": 3", StringComparison.Ordinal))] };

        Assert.ThrowsAny<Exception>(() => CheckFigures(wrong, MetricsTestKit.Json(Conversation(figures.Arguments[0])), Sample(figures.Arguments[0]), "mutated"));
        Assert.ThrowsAny<Exception>(() => CheckJson(wrongJson, MetricsTestKit.Json(Conversation(json.Arguments[0])), "mutated"));
    }

    private static List<ChannelEvent> Sample(string path) => MetricsTestKit.Sample(path);

    private static ConversationMetrics Conversation(string path) => MetricsTestKit.Metrics(Sample(path));

    private static AgentMetrics Agent(string[] arguments) =>
        AgentMetrics.For(arguments[0], Moment(arguments[1]), Moment(arguments[2]), AllSamples.Value);

    private static CenterMetrics Center(string[] arguments) =>
        CenterMetrics.For(Moment(arguments[0]), Moment(arguments[1]), arguments.Length > 2 ? System.Xml.XmlConvert.ToTimeSpan(arguments[2]) : null,
            AllSamples.Value, new MetricsOptions());

    private static DateTimeOffset Moment(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>The checked blocks, and every line number that belongs to one (markers included).</summary>
    private static List<Block> Blocks(string[] lines, out HashSet<int> checkedLines)
    {
        var blocks = new List<Block>();
        checkedLines = [];
        for (var index = 0; index < lines.Length; index++)
        {
            var marker = MarkerPattern().Match(lines[index]);
            if (!marker.Success)
            {
                continue;
            }

            checkedLines.Add(index + 1);
            var words = marker.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var start = index + 1;
            while (start < lines.Length && lines[start].Trim().Length == 0)
            {
                start++;
            }

            var end = start;
            if (lines[start].StartsWith("```", StringComparison.Ordinal))
            {
                end = Array.FindIndex(lines, start + 1, l => l.StartsWith("```", StringComparison.Ordinal)) + 1;
            }
            else
            {
                while (end < lines.Length && lines[end].StartsWith('|'))
                {
                    end++;
                }
            }

            Assert.True(end > start, $"docs/metrics.md:{index + 1}: a check marker must be followed by a table or a fenced block");
            for (var line = start; line < end; line++)
            {
                checkedLines.Add(line + 1);
            }

            blocks.Add(new Block(index + 1, words[0], words[1..], [.. lines[start..end]]));
        }

        return blocks;
    }

    private static string[] Cells(string row) => [.. row.Trim().Trim('|').Split('|').Select(cell => cell.Trim())];

    /// <summary>The table's rows below its header and separator.</summary>
    private static IEnumerable<string[]> Rows(Block block) => block.Lines.Skip(2).Select(Cells);

    private static void CheckJson(Block block, JsonElement actual, string where)
    {
        var text = string.Join('\n', block.Lines.Skip(1).SkipLast(1));
        using var shown = JsonDocument.Parse(text);
        Assert.True(JsonElement.DeepEquals(shown.RootElement, actual),
            $"{where}: the page shows\n{text}\nthe computation gives\n{JsonSerializer.Serialize(actual, Indented)}");
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static void CheckEvents(Block block, string where)
    {
        var events = TimelineOrder.Normalize(Sample(block.Arguments[0])).ToList();
        var timeline = ConversationTimeline.Build(events)!;
        var expected = events.Select(e => string.Join(" | ",
            Clock(e.Timestamp),
            Label(timeline, e.ChannelId),
            e.Rule!.Phase.Name["channel.".Length..] + (e.Reason is { } reason ? $" ({reason})" : string.Empty))).ToList();

        Assert.True(
            expected.SequenceEqual(Rows(block).Select(cells => string.Join(" | ", cells))),
            $"{where}: the events are, in timeline order:\n{string.Join('\n', expected.Select(row => $"| {row} |"))}");
    }

    /// <summary>How the page names a channel: <c>customer</c>, <c>agent 1544</c>, <c>monitor 1010</c>, <c>voicemail</c>.</summary>
    private static string Label(ConversationTimeline timeline, string channelId)
    {
        var channel = timeline.Channels.Single(c => c.ChannelId == channelId);
        return channel.Party.Role switch
        {
            PartyRoles.External => "customer",
            PartyRoles.Voicemail => "voicemail",
            var role => $"{role} {channel.Party.AgentId}",
        };
    }

    private static string Clock(DateTimeOffset moment) => moment.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static void CheckFigures(Block block, JsonElement actual, List<ChannelEvent>? sample, string where)
    {
        var timeline = sample is null ? null : ConversationTimeline.Build(sample)!;
        var moments = sample?.Select(e => Clock(e.Timestamp)).ToHashSet() ?? [];
        foreach (var cells in Rows(block))
        {
            Assert.True(cells.Length == 3, $"{where}: a figures row has three cells: {string.Join(" | ", cells)}");
            var (figure, shown, workedOut) = (cells[0], cells[1], cells[2]);
            var value = Figure(actual, figure, timeline, where);
            var shownValue = Value(shown);
            Assert.True(JsonElement.DeepEquals(shownValue, value) || (shownValue.ValueKind == JsonValueKind.Number && value.ValueKind == JsonValueKind.Number && shownValue.GetDouble() == value.GetDouble()),
                $"{where}: {figure} shows {shown}, the computation gives {value.GetRawText()}");

            var parts = workedOut.Split(" — ", 2);
            var (expression, words) = parts[0].Any(char.IsLetter) ? (string.Empty, workedOut) : (parts[0], parts.Length == 2 ? parts[1] : string.Empty);
            if (expression.Length > 0)
            {
                var result = new Arithmetic(expression, moments, $"{where}: {figure}").Evaluate();
                Assert.True(value.ValueKind == JsonValueKind.Number && result == value.GetDouble(),
                    $"{where}: {figure}: {expression} comes to {result.ToString(CultureInfo.InvariantCulture)}, not {value.GetRawText()}");
            }

            Assert.False(WithoutAgents(NotNumbers.Replace(words, string.Empty), $"{where}: {figure}").Any(char.IsAsciiDigit), $"{where}: {figure}: the words may name agents only: {words}");
        }
    }

    /// <summary>Text without the agents it names (<c>agent 1544</c>, <c>supervisor 1010</c>), each of which must be a sample's.</summary>
    private static string WithoutAgents(string text, string where) => AgentPattern().Replace(text, match =>
    {
        var id = match.Groups["id"].Value;
        Assert.True(AllSamples.Value.SelectMany(c => c.Channels).Any(c => c.AgentId == id), $"{where}: no sample has agent {id}");
        return match.Groups["who"].Value;
    });

    /// <summary>The computed value a figure names: <c>waitMs</c>, <c>inbound.asaMs</c>, or <c>talkMs (agent 1544)</c>.</summary>
    private static JsonElement Figure(JsonElement actual, string figure, ConversationTimeline? timeline, string where)
    {
        var match = FigurePattern().Match(figure.Replace("`", string.Empty, StringComparison.Ordinal));
        Assert.True(match.Success, $"{where}: cannot read the figure {figure}");
        var node = actual;
        if (match.Groups["channel"].Success)
        {
            Assert.NotNull(timeline);
            node = node.GetProperty("channels").EnumerateArray()
                .Single(row => Label(timeline, row.GetProperty("channelId").GetString()!) == match.Groups["channel"].Value);
        }

        foreach (var name in match.Groups["path"].Value.Split('.'))
        {
            Assert.True(node.TryGetProperty(name, out node), $"{where}: there is no figure {figure}");
        }

        return node;
    }

    /// <summary>A value as the page shows it: a number with thousands separators, null, true, a name, or JSON.</summary>
    private static JsonElement Value(string shown)
    {
        var text = shown.Replace("`", string.Empty, StringComparison.Ordinal);
        if (GroupedNumberPattern().IsMatch(text))
        {
            text = text.Replace(",", string.Empty, StringComparison.Ordinal);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(text);
        }
    }

    private static void CheckSetting(Block block, string where)
    {
        var cells = Rows(block).Single();
        var property = typeof(MetricsOptions).GetProperty(nameof(MetricsOptions.ServiceLevelSeconds))!;
        var range = property.GetCustomAttribute<RangeAttribute>()!;

        Assert.Equal($"`{MetricsOptions.SectionName}__{property.Name}`", cells[0]);
        Assert.True(cells[1] == new MetricsOptions().ServiceLevelSeconds.ToString(CultureInfo.InvariantCulture), $"{where}: the default is {new MetricsOptions().ServiceLevelSeconds}");
        Assert.True(cells[2] == $"{range.Minimum} to {range.Maximum}", $"{where}: the range is {range.Minimum} to {range.Maximum}");
    }

    /// <summary>
    /// Arithmetic as the page writes it: numbers (with thousands separators), times of day (in milliseconds; each must
    /// be the moment of an event of the sample), <c>+ − - × /</c> and brackets.
    /// </summary>
    private sealed class Arithmetic(string text, HashSet<string> moments, string where)
    {
        private readonly List<string> _tokens = [.. TokenPattern().Matches(text).Select(m => m.Value)];
        private int _next;

        public double Evaluate()
        {
            Assert.True(string.Concat(_tokens) == WhiteSpacePattern().Replace(text, string.Empty), $"{where}: cannot read {text}");
            var value = Sum();
            Assert.True(_next == _tokens.Count, $"{where}: cannot read {text}");
            return value;
        }

        private double Sum()
        {
            var value = Product();
            while (_next < _tokens.Count && _tokens[_next] is "+" or "−" or "-")
            {
                value = _tokens[_next++] == "+" ? value + Product() : value - Product();
            }

            return value;
        }

        private double Product()
        {
            var value = Term();
            while (_next < _tokens.Count && _tokens[_next] is "×" or "/")
            {
                value = _tokens[_next++] == "×" ? value * Term() : value / Term();
            }

            return value;
        }

        private double Term()
        {
            var token = _tokens[_next++];
            if (token == "(")
            {
                var value = Sum();
                Assert.Equal(")", _tokens[_next++]);
                return value;
            }

            if (token.Contains(':', StringComparison.Ordinal))
            {
                Assert.True(moments.Contains(token), $"{where}: {token} is not the moment of an event of the sample");
                return TimeSpan.ParseExact(token, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture).TotalMilliseconds;
            }

            return double.Parse(token.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
        }
    }

    [GeneratedRegex(@"^<!-- check: (.+?) -->$")]
    private static partial Regex MarkerPattern();

    [GeneratedRegex(@"\bv[01]\b|\bPT\d+[HMS]\b|ISO 8601|RFC 3339|SHA-256|\bC#|\.NET \d+")]
    private static partial Regex NotNumbersPattern();

    [GeneratedRegex(@"\b(?<who>[Aa]gents?|supervisor|monitor) (?<id>\d+)\b")]
    private static partial Regex AgentPattern();

    [GeneratedRegex(@"^\d{1,3}(,\d{3})+(\.\d+)?$")]
    private static partial Regex GroupedNumberPattern();

    [GeneratedRegex(@"^(?<path>[a-zA-Z.]+)( \((?<channel>[a-z]+( \d+)?)\))?$")]
    private static partial Regex FigurePattern();

    [GeneratedRegex(@"\d{2}:\d{2}:\d{2}\.\d{3}|\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?|[-+−×/()]")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpacePattern();
}
