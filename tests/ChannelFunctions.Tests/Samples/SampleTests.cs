using System.Text.Json;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Validation;
using ChannelFunctions.Tests.EventGrid;

namespace ChannelFunctions.Tests.Samples;

/// <summary>The files under samples/ that the README's walkthrough uses say what they claim to.</summary>
public sealed class SampleTests
{
    private static readonly string SamplesRoot = Path.Combine(BuildOutputTests.RepositoryRoot(), "samples");
    private static readonly ChannelEventValidator Validator = new();

    /// <summary>Each invalid sample and the reason it must be refused with.</summary>
    private static readonly Dictionary<string, string> InvalidReasons = new()
    {
        ["agent-without-agent-id.json"] = "data.channel.party.agentId: is required",
        ["subject-not-the-channel.json"] = "subject: must equal data.channel.channelId",
        ["time-not-rfc3339.json"] = "time: must be an RFC 3339 date-time, for example 2022-08-30T14:34:36.088Z",
        ["unknown-party-role.json"] = "data.channel.party.role: must be one of external, agent, monitor, voicemail",
        ["unsupported-presence-event.json"] = "type: 'agent.presencechanged.v0' is not a supported channel event type",
    };

    private static string[] Files(string folder) => Directory.GetFiles(Path.Combine(SamplesRoot, folder), "*.json");

    [Fact]
    public void There_is_one_valid_sample_of_each_supported_type_and_each_validates_as_that_type()
    {
        Assert.Equal(
            ChannelEventTypes.All.Select(rule => rule.Type + ".json").Order(StringComparer.Ordinal),
            Files("valid").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var file in Files("valid"))
        {
            var result = Validator.Validate(File.ReadAllBytes(file));
            Assert.True(result.IsValid, $"{file}: {string.Join("; ", result.Errors)}");
            Assert.Equal(Path.GetFileNameWithoutExtension(file), result.Event!.Type);
        }
    }

    [Fact]
    public void Every_invalid_sample_is_rejected_with_its_expected_reason()
    {
        Assert.Equal(InvalidReasons.Keys.Order(StringComparer.Ordinal), Files("invalid").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var file in Files("invalid"))
        {
            var result = Validator.Validate(File.ReadAllBytes(file));
            Assert.False(result.IsValid);
            Assert.Equal([InvalidReasons[Path.GetFileName(file)]], result.Errors.Select(e => e.ToString()));
        }
    }

    [Fact]
    public void The_conversation_sample_is_one_valid_multi_channel_conversation_in_time_order()
    {
        var events = Files("conversation").SelectMany(file => CloudEventJson.Split(File.ReadAllBytes(file)))
            .Select(raw => Validator.Validate(raw)).ToList();

        Assert.All(events, result => Assert.True(result.IsValid));
        var accepted = events.Select(result => result.Event!).ToList();
        Assert.Single(accepted.Select(e => e.ConversationId).Distinct());
        Assert.True(accepted.Select(e => e.ChannelId).Distinct().Count() >= 4, "a customer, two agents (a transfer) and a supervisor");
        Assert.Equal(["agent", "external", "monitor"], accepted.Select(e => e.PartyRole).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(accepted.Select(e => e.Timestamp).Order(), accepted.Select(e => e.Timestamp));
        Assert.Equal(accepted.Count, accepted.Select(e => e.EventId).Distinct().Count());
        Assert.All(accepted.GroupBy(e => e.ChannelId), channel => Assert.StartsWith("channel.ended", channel.Last().Type, StringComparison.Ordinal));
    }

    [Fact]
    public void The_replay_sample_is_valid_but_over_a_one_kilobyte_limit()
    {
        var raw = File.ReadAllBytes(Path.Combine(SamplesRoot, "replay", "large-event.json"));

        Assert.True(Validator.Validate(raw).IsValid);
        Assert.Equal(
            [$"event: must be at most 1024 bytes, was {raw.Length}"],
            new ChannelEventValidator(new ValidationOptions { MaxEventBytes = 1024 }).Validate(raw).Errors.Select(e => e.ToString()));
        using var document = JsonDocument.Parse(raw);
        Assert.True(document.RootElement.GetProperty("data").TryGetProperty("notes", out _));
    }
}
