using System.Text.Json;
using ChannelFunctions.Core;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Lookups;
using ChannelFunctions.Core.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChannelFunctions.Tests.Metrics;

/// <summary>The figures as JSON: the spec's names exactly, nulls written, outcomes by their names; and the setting.</summary>
public sealed class MetricsJsonTests
{
    private static List<string> Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    /// <summary>A conversation in progress: the customer waits on hold, an agent is connected.</summary>
    private static ConversationMetrics InProgress()
    {
        var script = MetricsScript.WithCustomer();
        var agent = script.Channel(PartyRoles.Agent, "1544");
        script.On(script.Customer, 0, "alerted", "connected").On(agent, 1, "alerted").On(agent, 2, "connected").On(script.Customer, 5, "held");
        return script.Metrics();
    }

    [Fact]
    public void A_conversation_has_the_specs_names_and_writes_its_nulls()
    {
        var json = MetricsTestKit.Json(InProgress());

        Assert.Equal(
            ["conversationId", "direction", "outcome", "start", "complete", "waitMs", "holdCount", "holdMs", "talkMs", "wrapMs", "handleMs",
             "parkMs", "interruptMs", "transfers", "agents", "monitors", "channels", "agentIds", "lastTimestamp", "eventCount"],
            Names(json));
        Assert.Equal(
            ["channelId", "role", "agentId", "connectedMs", "talkMs", "holdMs", "wrapMs", "alerted", "connected", "connectionFailed", "ended"],
            Names(json.GetProperty("channels")[0]));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("holdMs").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("handleMs").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("channels")[0].GetProperty("talkMs").ValueKind);
        Assert.Equal("inbound", json.GetProperty("direction").GetString());
        Assert.Equal("answered", json.GetProperty("outcome").GetString());
        Assert.Equal("2026-03-02T09:00:00Z", json.GetProperty("start").GetString());
        Assert.Equal(2000, json.GetProperty("waitMs").GetDouble());
    }

    [Theory]
    [InlineData(ConversationOutcome.Answered, "answered")]
    [InlineData(ConversationOutcome.Abandoned, "abandoned")]
    [InlineData(ConversationOutcome.Voicemail, "voicemail")]
    [InlineData(ConversationOutcome.InProgress, "in-progress")]
    [InlineData(ConversationOutcome.Unanswered, "unanswered")]
    public void Outcomes_are_written_by_their_names_with_any_options(ConversationOutcome outcome, string name)
    {
        Assert.Equal($"\"{name}\"", JsonSerializer.Serialize(outcome, LookupJson.Options));
        Assert.Equal($"\"{name}\"", JsonSerializer.Serialize(outcome));
        Assert.Equal(outcome, JsonSerializer.Deserialize<ConversationOutcome>($"\"{name}\"", LookupJson.Options));
    }

    [Fact]
    public void A_conversation_survives_being_stored_and_read_back_as_a_summary()
    {
        foreach (var events in MetricsTestKit.SampleConversations.Select(MetricsTestKit.Sample).Append(InProgressEvents()))
        {
            var metrics = MetricsTestKit.Metrics(events);
            var stored = JsonSerializer.Serialize(metrics, LookupJson.Options);

            var read = JsonSerializer.Deserialize<ConversationMetrics>(stored, LookupJson.Options)!;

            Assert.Equal(stored, JsonSerializer.Serialize(read, LookupJson.Options));
            Assert.Equal(
                MetricsTestKit.Json(CenterMetrics.For(metrics.Start, metrics.Start.AddDays(1), TimeSpan.FromHours(1), [metrics], new MetricsOptions())).GetRawText(),
                MetricsTestKit.Json(CenterMetrics.For(metrics.Start, metrics.Start.AddDays(1), TimeSpan.FromHours(1), [read], new MetricsOptions())).GetRawText());
        }
    }

    [Fact]
    public void The_agent_and_centre_figures_have_the_specs_names_and_write_their_nulls()
    {
        var from = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        var agent = MetricsTestKit.Json(AgentMetrics.For("1544", from, from.AddHours(1), [InProgress()]));
        var center = MetricsTestKit.Json(CenterMetrics.For(from, from.AddHours(1), TimeSpan.FromMinutes(30), [InProgress()], new MetricsOptions()));

        Assert.Equal(["agentId", "from", "to", "offered", "handled", "missed", "outbound", "talkMs", "holdMs", "wrapMs", "ahtMs"], Names(agent));
        Assert.Equal(JsonValueKind.Null, agent.GetProperty("ahtMs").ValueKind);
        Assert.Equal(["from", "to", "inbound", "outbound", "intervals"], Names(center));
        string[] inbound = ["offered", "answered", "abandoned", "voicemail", "inProgress", "abandonRate", "asaMs", "serviceLevel", "ahtMs"];
        Assert.Equal(inbound, Names(center.GetProperty("inbound")));
        Assert.Equal(["attempted", "answered", "unanswered"], Names(center.GetProperty("outbound")));
        Assert.Equal(["start", "inbound", "outbound"], Names(center.GetProperty("intervals")[0]));
        Assert.Equal(inbound, Names(center.GetProperty("intervals")[1].GetProperty("inbound")));
        Assert.Equal(JsonValueKind.Null, center.GetProperty("inbound").GetProperty("ahtMs").ValueKind);
        Assert.Equal(
            JsonValueKind.Null,
            MetricsTestKit.Json(CenterMetrics.For(from, from.AddHours(1), null, [], new MetricsOptions())).GetProperty("intervals").ValueKind);
    }

    [Fact]
    public void The_service_level_setting_binds_from_metrics_service_level_seconds_and_is_checked()
    {
        static IOptions<MetricsOptions> Bind(Dictionary<string, string?> settings) =>
            new ServiceCollection().AddLogging()
                .AddChannelFunctionsCore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
                .BuildServiceProvider().GetRequiredService<IOptions<MetricsOptions>>();

        Assert.Equal(20, Bind([]).Value.ServiceLevelSeconds);
        Assert.Equal(45, Bind(new() { ["Metrics:ServiceLevelSeconds"] = "45" }).Value.ServiceLevelSeconds);
        foreach (var bad in new[] { "0", "3601" })
        {
            var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Metrics:ServiceLevelSeconds"] = bad }).Value);
            Assert.Contains("ServiceLevelSeconds", error.Message, StringComparison.Ordinal);
        }
    }

    private static List<ChannelEvent> InProgressEvents()
    {
        var script = MetricsScript.WithCustomer();
        script.On(script.Customer, 0, "alerted", "connected").On(script.Customer, 5, "held");
        return script.Events;
    }
}
