using System.Xml.Linq;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Pages;
using ChannelFunctions.Core.Timeline;
using ChannelFunctions.Tests.Timeline;

namespace ChannelFunctions.Tests.Pages;

/// <summary>
/// Every page shows controls, format characters (bidirectional ones included) and noncharacters by name, in every text
/// and attribute, so that none can turn a label around and the page stays well-formed XML: data stored before
/// identifiers refused them, and free text that keeps them, reach pages too.
/// </summary>
public sealed class InvisibleCharactersOnPagesTests
{
    private const string AgentId = "15\u202E44\u0000";
    private const string Reason = "released\u001B[2J\uFFFE";

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("Zoë 😀 أحمد", "Zoë 😀 أحمد")]
    [InlineData("a\u202Eb\u202C", "a[U+202E]b[U+202C]")]
    [InlineData("\u0000\u000B\u001B\uFFFE", "[U+0000][U+000B][U+001B][U+FFFE]")]
    [InlineData("x\U000E0041\U0001FFFE", "x[U+E0041][U+1FFFE]")]
    [InlineData("tab\tline\r\nend", "tab\tline\r\nend")]
    public void Visible_names_each_invisible_character_and_keeps_white_space(string text, string visible) =>
        Assert.Equal(visible, HtmlPage.Visible(text));

    [Fact]
    public void An_unpaired_surrogate_is_named_too()
    {
        // Built in code: an attribute's string (InlineData) cannot hold one.
        Assert.Equal("lone [U+D800] surrogate", HtmlPage.Visible("lone " + (char)0xD800 + " surrogate"));
        Assert.Equal("[U+DC00]ok", HtmlPage.Visible((char)0xDC00 + "ok"));
    }

    [Fact]
    public void Every_text_and_attribute_of_any_page_shows_them_by_name()
    {
        var html = HtmlPage.Render(
            "Agent \u202Eevil",
            "p{color:#000}\n",
            HtmlPage.Element("p", new XAttribute("data-agent-id", "a\u0000b"), "said \u2066hi\u2069"),
            HtmlPage.Table("t", ["id\u200B"], [HtmlPage.Element("tr", HtmlPage.Element("td", "x\uFDD0"))]));

        var page = XDocument.Parse(html);

        Assert.Equal("Agent [U+202E]evil", page.Descendants("title").Single().Value);
        Assert.Equal("Agent [U+202E]evil", page.Descendants("h1").Single().Value);
        Assert.Equal("a[U+0000]b", (string?)page.Descendants("p").Single(p => p.Attribute("data-agent-id") is not null).Attribute("data-agent-id"));
        Assert.Equal("said [U+2066]hi[U+2069]", page.Descendants("p").Single(p => p.Attribute("data-agent-id") is not null).Value);
        Assert.Equal(["id[U+200B]", "x[U+FDD0]"], page.Descendants().Where(e => e.Name.LocalName is "th" or "td").Select(e => e.Value));
        Assert.Contains("p{color:#000}\n", page.Descendants("style").Single().Value, StringComparison.Ordinal);
        Assert.True(InvisibleCharacters.IndexOf(html.Replace("\n", string.Empty, StringComparison.Ordinal), out var found, out _) < 0, $"U+{found:X4} is on the page");
    }

    [Fact]
    public void A_timeline_of_events_stored_before_the_rule_stays_well_formed_and_names_them()
    {
        var stored = ConversationTimelineTests.Stored(ConversationScript.InboundCallWithTransfer())
            .Select(e => e with { AgentId = e.AgentId is null ? null : AgentId, Reason = e.Reason is null ? null : Reason });
        var timeline = ConversationTimeline.Build(stored)!;

        var html = ConversationTimelinePage.Render(timeline);

        // Parsed by an XML reader that checks characters: the page is well-formed.
        var (page, lanes) = ConversationTimelinePageTests.ReadPage(html);
        var labels = page.Descendants().Where(e => e.Attribute("data-channel-id") is not null)
            .Select(lane => lane.Elements().First(e => e.Name.LocalName == "text").Value).ToList();
        Assert.Contains("agent 15[U+202E]44[U+0000]", labels);
        Assert.Contains(page.Descendants(), e => (string?)e.Attribute("data-agent-id") == "15[U+202E]44[U+0000]");
        Assert.All(lanes, lane => Assert.Equal("released[U+001B][2J[U+FFFE]", lane.Reason));
        Assert.Contains(page.Descendants(), e => e.Name.LocalName == "text" && e.Value == "ended: released[U+001B][2J[U+FFFE]");
        Assert.DoesNotContain('\u202E', html);
    }
}
