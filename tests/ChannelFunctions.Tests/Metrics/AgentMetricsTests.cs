using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Metrics;

namespace ChannelFunctions.Tests.Metrics;

/// <summary>An agent's figures over a window, from conversation figures only.</summary>
public sealed class AgentMetricsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A conversation's figures with agent rows only, as a stored summary holds them.</summary>
    private static ConversationMetrics Conversation(ConversationDirection? direction, params ChannelMetrics[] channels) => new(
        Guid.NewGuid().ToString(), direction, null, channels.Min(c => c.Alerted), false, null, 0, 0, 0, 0, null, 0, 0, 0, [], 0,
        channels, [.. channels.Select(c => c.AgentId!).Distinct()], channels.Max(c => c.Alerted), channels.Length);

    private static ChannelMetrics Channel(
        string agentId, double alertedSeconds, bool connected = true, bool ended = true, bool failed = false,
        double? talk = 0, double? hold = 0, double? wrap = 0, string role = PartyRoles.Agent) =>
        new("c-" + Guid.NewGuid(), role, agentId, connected ? 1 : 0, talk, hold, wrap, T0.AddSeconds(alertedSeconds), connected, failed, ended);

    [Fact]
    public void Counts_the_agents_channels_alerted_in_the_window_by_direction_and_connection()
    {
        List<ConversationMetrics> conversations =
        [
            Conversation(ConversationDirection.Inbound, Channel("1544", 0), Channel("2087", 1)),
            Conversation(ConversationDirection.Inbound, Channel("1544", 10, connected: false, failed: true)),
            Conversation(ConversationDirection.Inbound, Channel("1544", 20, connected: false, ended: true)),
            Conversation(ConversationDirection.Inbound, Channel("1544", 30, connected: false, ended: false, talk: null, hold: null, wrap: null)),
            Conversation(ConversationDirection.Outbound, Channel("1544", 40)),
            Conversation(null, Channel("1544", 50, talk: 7)),
            Conversation(ConversationDirection.Inbound, Channel("1544", 60, role: PartyRoles.Monitor, talk: null, wrap: null)),
            Conversation(ConversationDirection.Inbound, Channel("1544", 3600)),
            Conversation(ConversationDirection.Inbound, Channel("1544", -1)),
        ];

        var metrics = AgentMetrics.For("1544", T0, T0.AddHours(1), conversations);

        Assert.Equal(("1544", T0, T0.AddHours(1)), (metrics.AgentId, metrics.From, metrics.To));
        // Offered: four inbound channels (the monitor's, and those outside the window, are not); one still ringing.
        Assert.Equal((4, 1, 2, 1), (metrics.Offered, metrics.Handled, metrics.Missed, metrics.Outbound));
        // The channel still ringing has no talk yet: the agent's talk is not decided.
        Assert.Equal(((double?)null, (double?)null, (double?)null), (metrics.TalkMs, metrics.HoldMs, metrics.WrapMs));
    }

    [Fact]
    public void Sums_talk_hold_and_wrap_and_averages_handle_time_over_ended_channels_with_talk()
    {
        List<ConversationMetrics> conversations =
        [
            Conversation(ConversationDirection.Inbound, Channel("1544", 0, talk: 100_000, hold: 20_000, wrap: 30_000)),
            Conversation(ConversationDirection.Outbound, Channel("1544", 100, talk: 50_000, hold: 0, wrap: 10_000)),
            // No talk: it connected after the customer had left.
            Conversation(ConversationDirection.Inbound, Channel("1544", 200, talk: 0, hold: 0, wrap: 8_000)),
            // Not ended: its wrap goes on, so it is not an ended channel with talk; its talk and hold still add up.
            Conversation(ConversationDirection.Inbound, Channel("1544", 300, ended: false, talk: 40_000, hold: 5_000, wrap: null)),
            Conversation(ConversationDirection.Inbound, Channel("2087", 400, talk: 999_000)),
        ];

        var metrics = AgentMetrics.For("1544", T0, T0.AddHours(1), conversations);

        Assert.Equal((190_000d, 25_000d), (metrics.TalkMs!.Value, metrics.HoldMs!.Value));
        Assert.Null(metrics.WrapMs);
        Assert.Equal(((100_000 + 20_000 + 30_000) + (50_000 + 0 + 10_000)) / 2d, metrics.AhtMs);
        Assert.Null(AgentMetrics.For("1544", T0, T0.AddHours(1), conversations.Skip(2).Take(1)).AhtMs);
        Assert.Equal(3, metrics.Offered);
    }

    [Fact]
    public void A_hold_inside_two_agents_connected_time_counts_for_both()
    {
        var script = MetricsScript.WithCustomer();
        var first = script.Channel(PartyRoles.Agent, "1544");
        var second = script.Channel(PartyRoles.Agent, "2087");
        script.On(script.Customer, 0, "alerted", "connected").On(first, 1, "alerted").On(first, 2, "connected");
        script.On(script.Customer, 10, "held").On(second, 11, "alerted").On(second, 12, "connected").On(script.Customer, 20, "retrieved");
        script.On(first, 20, "disconnected", "wrapstarted").On(first, 25, "ended");
        script.On(script.Customer, 40, "disconnected", "ended").On(second, 40, "disconnected", "ended");
        var conversation = script.Metrics();

        var one = AgentMetrics.For("1544", script.T0, script.T0.AddHours(1), [conversation]);
        var two = AgentMetrics.For("2087", script.T0, script.T0.AddHours(1), [conversation]);

        Assert.Equal((8_000d, 10_000d, 5_000d, 23_000d), (one.TalkMs!.Value, one.HoldMs!.Value, one.WrapMs!.Value, one.AhtMs!.Value));
        Assert.Equal((20_000d, 8_000d, 0d, 28_000d), (two.TalkMs!.Value, two.HoldMs!.Value, two.WrapMs!.Value, two.AhtMs!.Value));
        Assert.Equal(10_000, conversation.HoldMs);
        Assert.Equal((1, 1, 0), (one.Offered, one.Handled, one.Missed));
    }

    [Fact]
    public void The_window_is_on_the_channels_alerted_not_the_conversations_start()
    {
        var script = MetricsScript.WithCustomer();
        var agent = script.Channel(PartyRoles.Agent, "1544");
        script.On(script.Customer, 0, "alerted", "connected").On(agent, 90, "alerted").On(agent, 95, "connected");
        var conversation = script.Metrics();

        Assert.Equal(1, AgentMetrics.For("1544", script.T0.AddSeconds(90), script.T0.AddSeconds(91), [conversation]).Offered);
        Assert.Equal(0, AgentMetrics.For("1544", script.T0, script.T0.AddSeconds(90), [conversation]).Offered);
        Assert.Equal(0, AgentMetrics.For("1544", script.T0.AddSeconds(90), script.T0.AddSeconds(90), [conversation]).Offered);
    }

    [Fact]
    public void The_figures_do_not_depend_on_the_order_of_the_conversations()
    {
        var random = new Random(3);
        var conversations = Enumerable.Range(0, 50).Select(i => Conversation(
            i % 3 == 0 ? ConversationDirection.Outbound : ConversationDirection.Inbound,
            Channel("1544", i, talk: random.Next(100_000) + (random.Next(10_000) / 10_000d), hold: random.Next(1000) / 7d, wrap: random.Next(1000) / 3d))).ToArray();
        var expected = MetricsTestKit.Json(AgentMetrics.For("1544", T0, T0.AddHours(1), conversations)).GetRawText();

        for (var attempt = 0; attempt < 20; attempt++)
        {
            random.Shuffle(conversations);
            Assert.Equal(expected, MetricsTestKit.Json(AgentMetrics.For("1544", T0, T0.AddHours(1), conversations)).GetRawText());
        }
    }

    [Fact]
    public void A_window_that_ends_before_it_starts_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AgentMetrics.For("1544", T0, T0.AddTicks(-1), []));
}
