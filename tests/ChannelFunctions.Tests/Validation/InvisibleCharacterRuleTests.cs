using System.Text;
using System.Text.Json.Nodes;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Validation;

namespace ChannelFunctions.Tests.Validation;

/// <summary>
/// Identifiers refuse controls, format characters (bidirectional ones included) and noncharacters, which could spoof
/// a label or break a page; a person's free text (<c>data.reason</c>) keeps them, and pages show them by name.
/// </summary>
public sealed class InvisibleCharacterRuleTests
{
    private const string Rule = "must not contain control, format (such as bidirectional) or noncharacter code points";

    private static readonly ChannelEventValidator Validator = new();

    /// <summary>The characters of the review (NUL, vertical tab, escape, a noncharacter, right-to-left override) and more of each kind.</summary>
    public static TheoryData<string, string> Characters => new()
    {
        { "\u0000", "U+0000" },
        { "\u000B", "U+000B" },
        { "\u001B", "U+001B" },
        { "\uFFFE", "U+FFFE" },
        { "\u202E", "U+202E" },
        { "\u2066", "U+2066" },
        { "\u200B", "U+200B" },
        { "\u0085", "U+0085" },
        { "\uFDD0", "U+FDD0" },
        { "\U000E0041", "U+E0041" },
        { "\U0001FFFF", "U+1FFFF" },
    };

    /// <summary>Every identifier the channel family reads, by path, and where it is in the event.</summary>
    public static TheoryData<string> Identifiers => ["id", "source", "type", "subject", "data.channel.party.agentId", "data.channel.party.userId"];

    private static JsonObject At(JsonObject e, string path) =>
        path.Split('.')[..^1].Aggregate(e, (node, name) => node[name]!.AsObject());

    [Theory]
    [MemberData(nameof(Characters))]
    public void An_agent_id_with_one_is_invalid_and_the_reason_names_the_character(string character, string name)
    {
        var result = Validator.Validate(TestEvents.With(e => TestEvents.Party(e)["agentId"] = $"15{character}44"));

        Assert.Equal(EventFate.Invalid, result.Fate);
        Assert.Equal([$"data.channel.party.agentId: {Rule}, found {name}"], result.Errors.Select(error => error.ToString()));
    }

    [Theory]
    [MemberData(nameof(Identifiers))]
    public void Every_identifier_refuses_them_escaped_or_not(string path)
    {
        var name = path.Split('.')[^1];
        var escaped = TestEvents.With(e => At(e, path)[name] = At(e, path)[name]!.GetValue<string>() + "\u202E");
        var raw = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(escaped).Replace("\\u202E", "\u202E", StringComparison.Ordinal));

        Assert.NotEqual(escaped, raw);
        foreach (var result in new[] { Validator.Validate(escaped), Validator.Validate(raw) })
        {
            Assert.Equal(EventFate.Invalid, result.Fate);
            Assert.Contains($"{path}: {Rule}, found U+202E", result.Errors.Select(error => error.ToString()));
        }
    }

    [Fact]
    public void A_refused_event_is_not_named_by_an_id_that_holds_one()
    {
        var result = Validator.Validate(TestEvents.With(e => e["id"] = "evt\u001B[31m"));

        Assert.Equal(EventFate.Invalid, result.Fate);
        Assert.Null(result.Identity.Id);
        Assert.Equal("/channel", result.Identity.Source);
    }

    [Fact]
    public void Free_text_keeps_them_and_identifiers_keep_every_other_character()
    {
        var ended = TestEvents.With(e =>
        {
            e["type"] = "channel.ended.v0";
            e["data"]!["reason"] = "caller said \u202Edesrever\u202C and hung up\u0000";
            TestEvents.Party(e)["agentId"] = "Zoë 😀 أحمد";
        });

        var result = Validator.Validate(ended);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal("caller said \u202Edesrever\u202C and hung up\u0000", result.Event!.Reason);
        Assert.Equal("Zoë 😀 أحمد", result.Event.AgentId);
    }

    [Theory]
    [InlineData("plain ASCII ~!", -1, 0, 0)]
    [InlineData("Zoë 😀", -1, 0, 0)]
    [InlineData("a\u202Eb", 1, 0x202E, 1)]
    [InlineData("😀\U000E0041", 2, 0xE0041, 2)]
    [InlineData("tab\t", 3, 9, 1)]
    public void The_first_invisible_character_is_found_with_its_length(string text, int index, int codePoint, int length)
    {
        Assert.Equal(index, InvisibleCharacters.IndexOf(text, out var found, out var foundLength));
        Assert.Equal((codePoint, length), (found, foundLength));
    }

    [Fact]
    public void An_unpaired_surrogate_counts_as_one()
    {
        // Built in code: an attribute's string (InlineData) cannot hold one.
        Assert.Equal(2, InvisibleCharacters.IndexOf("ok" + (char)0xD800, out var high, out var highLength));
        Assert.Equal(0, InvisibleCharacters.IndexOf((char)0xDC00 + "ok", out var low, out var lowLength));
        Assert.Equal((0xD800, 1, 0xDC00, 1), (high, highLength, low, lowLength));
    }
}
