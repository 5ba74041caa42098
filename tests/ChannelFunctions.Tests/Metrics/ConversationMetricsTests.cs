using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Metrics;

namespace ChannelFunctions.Tests.Metrics;

/// <summary>Each conversation figure of the spec, and each open case docs/metrics.md decides, on scripted conversations.</summary>
public sealed class ConversationMetricsTests
{
    private const string SampleConversation = "samples/conversation/inbound-transfer-hold-monitor.json";

    /// <summary>An inbound call: the customer connects at 0, agent 1544 is alerted at 10 and answers at 15.</summary>
    private static (MetricsScript Script, ScriptChannel Agent) Answered()
    {
        var script = MetricsScript.WithCustomer();
        var agent = script.Channel(PartyRoles.Agent, "1544");
        script.On(script.Customer, 0, "alerted", "connected").On(agent, 10, "alerted").On(agent, 15, "connected");
        return (script, agent);
    }

    /// <summary>The same call over: the customer hangs up at 100, the agent wraps up until 130.</summary>
    private static (MetricsScript Script, ScriptChannel Agent) Finished()
    {
        var (script, agent) = Answered();
        script.On(script.Customer, 100, "disconnected", "ended").On(agent, 100, "disconnected", "wrapstarted").On(agent, 130, "ended");
        return (script, agent);
    }

    [Fact]
    public void The_spec_example_has_the_spec_figures()
    {
        var metrics = MetricsTestKit.Metrics(MetricsTestKit.Sample(SampleConversation));

        Assert.Equal((ConversationDirection.Inbound, ConversationOutcome.Answered, true), (metrics.Direction, metrics.Outcome, metrics.Complete));
        Assert.Equal(47_902, metrics.WaitMs);
        Assert.Equal((2, 54_526d), (metrics.HoldCount, metrics.HoldMs!.Value));
        Assert.Equal(1, metrics.Transfers);
        Assert.Equal(["1544", "2087"], metrics.Agents);
        Assert.Equal(1, metrics.Monitors);
        var wraps = metrics.Channels.Where(c => c.Role == PartyRoles.Agent).Select(c => (c.AgentId, c.WrapMs)).ToList();
        // 09:06:10.010 to 09:06:55.480, and 09:11:27.355 to 09:12:40.066.
        Assert.Equal([("1544", 45_470d), ("2087", 72_711d)], wraps.Select(w => (w.AgentId, w.WrapMs!.Value)));
        Assert.Equal(45_470 + 72_711, metrics.WrapMs);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero), metrics.Start);
        Assert.Equal("5b2c6f0e-8d1a-4c3b-9e7f-2a4d6c8e0b13", metrics.ConversationId);
        Assert.Equal(metrics.TalkMs + metrics.HoldMs + metrics.WrapMs, metrics.HandleMs);
    }

    [Fact]
    public void Talk_is_an_agent_channels_connected_time_while_the_customer_is_connected_and_not_held()
    {
        var (script, agent) = Answered();
        script.On(script.Customer, 40, "held").On(script.Customer, 55.5, "retrieved");
        script.On(script.Customer, 100, "disconnected", "ended").On(agent, 100, "disconnected", "wrapstarted").On(agent, 130, "ended");

        var metrics = script.Metrics();
        var row = script.Row(metrics, agent);

        Assert.Equal((85_000d, 69_500d, 15_500d, 30_000d), (row.ConnectedMs!.Value, row.TalkMs!.Value, row.HoldMs!.Value, row.WrapMs!.Value));
        Assert.Equal((69_500d, 15_500d, 30_000d, 115_000d), (metrics.TalkMs!.Value, metrics.HoldMs!.Value, metrics.WrapMs!.Value, metrics.HandleMs!.Value));
        Assert.Equal(15_000, metrics.WaitMs);
    }

    [Fact]
    public void Two_agents_connected_at_once_both_talk_and_each_counts_the_hold_inside_its_own_connected_time()
    {
        var script = MetricsScript.WithCustomer();
        var first = script.Channel(PartyRoles.Agent, "1544");
        var second = script.Channel(PartyRoles.Agent, "2087");
        script.On(script.Customer, 0, "alerted", "connected").On(first, 5, "alerted").On(first, 10, "connected");
        // A consult: the customer waits on hold while the second agent joins; then a conference, then the first leaves.
        script.On(script.Customer, 30, "held").On(second, 31, "alerted").On(second, 40, "connected").On(script.Customer, 50, "retrieved");
        script.On(first, 70, "disconnected", "ended").On(script.Customer, 90, "disconnected", "ended").On(second, 90, "disconnected", "ended");

        var metrics = script.Metrics();

        Assert.Equal((20_000 + 20_000d, 20_000d), (script.Row(metrics, first).TalkMs!.Value, script.Row(metrics, first).HoldMs!.Value));
        Assert.Equal((40_000d, 10_000d), (script.Row(metrics, second).TalkMs!.Value, script.Row(metrics, second).HoldMs!.Value));
        Assert.Equal(80_000, metrics.TalkMs);
        // The conversation's hold counts once; the agents' add up to more: a hold inside two agents' connected time counts for both.
        Assert.Equal((1, 20_000d), (metrics.HoldCount, metrics.HoldMs!.Value));
        Assert.Equal(1, metrics.Transfers);
        Assert.Equal(["1544", "2087"], metrics.Agents);
        Assert.Equal((0d, 0d), (script.Row(metrics, first).WrapMs!.Value, metrics.WrapMs!.Value));
    }

    [Fact]
    public void Parked_and_interrupted_time_is_neither_talk_nor_hold_and_is_reported_apart()
    {
        var (script, agent) = Answered();
        script.On(script.Customer, 20, "parked").On(script.Customer, 32, "unparked");
        script.On(agent, 50, "interrupted").On(agent, 53.25, "resumed");
        script.On(script.Customer, 60, "interrupted").On(script.Customer, 61, "resumed");
        script.On(script.Customer, 100, "disconnected", "ended").On(agent, 100, "disconnected", "ended");

        var metrics = script.Metrics();

        Assert.Equal((12_000d, 3_250 + 1_000d), (metrics.ParkMs!.Value, metrics.InterruptMs!.Value));
        Assert.Equal(85_000 - 12_000 - 3_250 - 1_000d, metrics.TalkMs);
        Assert.Equal((0, 0d), (metrics.HoldCount, metrics.HoldMs!.Value));
        Assert.Equal(85_000, script.Row(metrics, agent).ConnectedMs);
    }

    [Fact]
    public void An_agent_channels_own_hold_is_connected_time_so_talk_while_the_customer_is_connected_but_not_the_conversations_hold()
    {
        var (script, agent) = Answered();
        script.On(agent, 30, "held").On(agent, 45, "retrieved").On(agent, 60, "parked").On(agent, 70, "unparked");
        script.On(script.Customer, 100, "disconnected", "ended").On(agent, 100, "disconnected", "ended");

        var metrics = script.Metrics();

        Assert.Equal((75_000d, 0d, 0, 10_000d), (metrics.TalkMs!.Value, metrics.HoldMs!.Value, metrics.HoldCount, metrics.ParkMs!.Value));
        Assert.Equal((85_000d, 0d), (script.Row(metrics, agent).ConnectedMs!.Value, script.Row(metrics, agent).HoldMs!.Value));
    }

    [Fact]
    public void Outbound_dialling_is_not_talk_and_the_wait_runs_from_the_customers_alerted_to_its_connected()
    {
        var script = new MetricsScript();
        var agent = script.Channel(PartyRoles.Agent, "1544");
        var customer = script.Channel(PartyRoles.External);
        script.On(agent, 0, "alerted", "connected").On(customer, 2, "alerted").On(customer, 9.5, "connected");
        script.On(customer, 60, "disconnected", "ended").On(agent, 60, "disconnected", "wrapstarted").On(agent, 75, "ended");

        var metrics = script.Metrics();

        Assert.Equal((ConversationDirection.Outbound, ConversationOutcome.Answered), (metrics.Direction, metrics.Outcome));
        Assert.Equal(7_500, metrics.WaitMs);
        Assert.Equal((60_000d, 50_500d), (script.Row(metrics, agent).ConnectedMs!.Value, metrics.TalkMs!.Value));
        Assert.Equal(50_500 + 15_000d, metrics.HandleMs);
    }

    [Fact]
    public void Outbound_where_the_customers_channel_fails_is_unanswered_with_the_wait_to_the_failure()
    {
        var script = new MetricsScript();
        var agent = script.Channel(PartyRoles.Agent, "2087");
        var customer = script.Channel(PartyRoles.External);
        script.On(agent, 0, "alerted", "connected").On(customer, 1.75, "alerted");
        var ringing = script.Metrics();
        script.On(customer, 19.25, "connectionfailed", "ended").On(agent, 21, "disconnected", "wrapstarted").On(agent, 36, "ended");

        var metrics = script.Metrics();

        Assert.Equal((ConversationOutcome.InProgress, (double?)null), (ringing.Outcome, ringing.WaitMs));
        Assert.Equal((ConversationDirection.Outbound, ConversationOutcome.Unanswered, 17_500d), (metrics.Direction, metrics.Outcome, metrics.WaitMs!.Value));
        Assert.Equal((0d, 15_000d, 15_000d, true), (metrics.TalkMs!.Value, metrics.WrapMs!.Value, metrics.HandleMs!.Value, metrics.Complete));
        Assert.Equal(0, metrics.Transfers);
        Assert.Equal(["2087"], metrics.Agents);
        var row = script.Row(metrics, customer);
        Assert.Equal((false, true, true, 0d), (row.Connected, row.ConnectionFailed, row.Ended, row.ConnectedMs!.Value));
    }

    [Fact]
    public void Outbound_where_the_customers_channel_ends_without_a_failure_is_unanswered_with_the_wait_to_the_end()
    {
        var script = new MetricsScript();
        var agent = script.Channel(PartyRoles.Agent, "2087");
        var customer = script.Channel(PartyRoles.External);
        script.On(agent, 0, "alerted", "connected").On(customer, 1, "alerted").On(customer, 31, "ended");

        var metrics = script.Metrics();

        Assert.Equal((ConversationOutcome.Unanswered, 30_000d), (metrics.Outcome, metrics.WaitMs!.Value));
    }

    [Fact]
    public void Inbound_outcomes_and_waits_follow_the_customers_channel()
    {
        // Abandoned: the customer hangs up while the agent is still ringing.
        var abandoned = MetricsScript.WithCustomer();
        var ringing = abandoned.Channel(PartyRoles.Agent, "1544");
        abandoned.On(abandoned.Customer, 0, "alerted", "connected").On(ringing, 30, "alerted");
        var waiting = abandoned.Metrics();
        abandoned.On(abandoned.Customer, 46.5, "disconnected", "ended").On(ringing, 46.5, "connectionfailed", "ended");

        // Voicemail: the agent does not answer; voicemail does.
        var voicemail = MetricsScript.WithCustomer();
        var missed = voicemail.Channel(PartyRoles.Agent, "2087");
        var box = voicemail.Channel(PartyRoles.Voicemail);
        voicemail.On(voicemail.Customer, 0, "alerted", "connected").On(missed, 4, "alerted").On(missed, 24, "connectionfailed", "ended");
        voicemail.On(box, 25, "alerted").On(box, 26, "connected").On(voicemail.Customer, 63, "disconnected", "ended").On(box, 63, "disconnected", "ended");

        Assert.Equal((ConversationOutcome.InProgress, (double?)null), (waiting.Outcome, waiting.WaitMs));
        var gone = abandoned.Metrics();
        Assert.Equal((ConversationOutcome.Abandoned, 46_500d), (gone.Outcome, gone.WaitMs!.Value));
        Assert.Equal((0, true), (gone.Transfers, gone.Complete));
        Assert.Empty(gone.Agents);
        var left = voicemail.Metrics();
        Assert.Equal((ConversationOutcome.Voicemail, 26_000d), (left.Outcome, left.WaitMs!.Value));
        Assert.Equal((0d, 0d, 0d), (left.TalkMs!.Value, left.WrapMs!.Value, left.HandleMs!.Value));
        Assert.Equal((37_000d, (double?)null, (double?)null), (voicemail.Row(left, box).ConnectedMs!.Value, voicemail.Row(left, box).TalkMs, voicemail.Row(left, box).WrapMs));
    }

    [Fact]
    public void An_agent_connecting_in_the_same_millisecond_as_the_customers_end_still_answers()
    {
        var script = MetricsScript.WithCustomer();
        var agent = script.Channel(PartyRoles.Agent, "1544");
        script.On(script.Customer, 0, "alerted", "connected").On(agent, 10, "alerted");
        script.On(script.Customer, 30, "disconnected", "ended").On(agent, 30, "connected", "disconnected", "ended");

        var metrics = script.Metrics();

        Assert.Equal((ConversationOutcome.Answered, 30_000d, 0d), (metrics.Outcome, metrics.WaitMs!.Value, metrics.TalkMs!.Value));
    }

    [Fact]
    public void An_agent_channel_that_connects_after_the_customer_ended_does_not_answer_but_still_counts_as_connected()
    {
        var script = MetricsScript.WithCustomer();
        var agent = script.Channel(PartyRoles.Agent, "1544");
        script.On(script.Customer, 0, "alerted", "connected").On(agent, 10, "alerted");
        script.On(script.Customer, 30, "disconnected", "ended").On(agent, 30.5, "connected").On(agent, 32, "disconnected", "wrapstarted").On(agent, 40, "ended");

        var metrics = script.Metrics();

        Assert.Equal((ConversationOutcome.Abandoned, 30_000d), (metrics.Outcome, metrics.WaitMs!.Value));
        Assert.Equal(0, metrics.Transfers);
        Assert.Equal(["1544"], metrics.Agents);
        Assert.Equal((0d, 8_000d, 8_000d), (metrics.TalkMs!.Value, metrics.WrapMs!.Value, metrics.HandleMs!.Value));
        Assert.True(script.Row(metrics, agent).Connected);
    }

    [Fact]
    public void A_voicemail_connecting_after_the_customer_ended_does_not_take_the_call()
    {
        var script = MetricsScript.WithCustomer();
        var box = script.Channel(PartyRoles.Voicemail);
        script.On(script.Customer, 0, "alerted", "connected").On(box, 10, "alerted").On(script.Customer, 12, "ended").On(box, 13, "connected");

        Assert.Equal(ConversationOutcome.Abandoned, script.Metrics().Outcome);
    }

    [Fact]
    public void An_inbound_customer_whose_connection_fails_has_abandoned_and_no_wait()
    {
        var script = MetricsScript.WithCustomer();
        script.On(script.Customer, 0, "alerted").On(script.Customer, 3, "connectionfailed");

        var metrics = script.Metrics();

        Assert.Equal((ConversationDirection.Inbound, ConversationOutcome.Abandoned, (double?)null, false), (metrics.Direction, metrics.Outcome, metrics.WaitMs, metrics.Complete));
    }

    [Fact]
    public void Direction_is_who_alerted_first_and_null_without_an_external_channel()
    {
        var inboundOnly = MetricsScript.WithCustomer();
        inboundOnly.On(inboundOnly.Customer, 0, "alerted");
        var internalCall = new MetricsScript();
        var caller = internalCall.Channel(PartyRoles.Agent, "1544");
        var callee = internalCall.Channel(PartyRoles.Agent, "2087");
        internalCall.On(caller, 0, "alerted", "connected").On(callee, 2, "alerted").On(callee, 5, "connected");
        internalCall.On(callee, 65, "disconnected", "ended").On(caller, 65, "disconnected", "ended");
        var tie = new MetricsScript();
        var agent = tie.Channel(PartyRoles.Agent, "1544");
        var customer = tie.Channel(PartyRoles.External);
        tie.On(agent, 0, "alerted").On(customer, 0, "alerted");

        var alone = inboundOnly.Metrics();
        var between = internalCall.Metrics();

        Assert.Equal((ConversationDirection.Inbound, ConversationOutcome.InProgress), (alone.Direction, alone.Outcome));
        Assert.Equal(((ConversationDirection?)null, (ConversationOutcome?)null, (double?)null), (between.Direction, between.Outcome, between.WaitMs));
        // No customer's channel is ever connected: no talk, decided.
        Assert.Equal((0d, 1, true), (between.TalkMs!.Value, between.Transfers, between.Complete));
        Assert.Equal(ConversationDirection.Inbound, tie.Metrics().Direction);
    }

    [Fact]
    public void With_several_external_channels_the_earliest_alerted_is_the_customer_and_all_their_holds_count()
    {
        var script = MetricsScript.WithCustomer();
        var agent = script.Channel(PartyRoles.Agent, "1544");
        var expert = script.Channel(PartyRoles.External);
        script.On(script.Customer, 0, "alerted", "connected").On(agent, 1, "alerted").On(agent, 2, "connected");
        // The agent calls an outside expert in; the expert waits on hold, then the customer does, for a while each.
        script.On(expert, 20, "alerted").On(expert, 25, "connected").On(expert, 30, "held").On(expert, 40, "retrieved");
        script.On(script.Customer, 35, "held").On(script.Customer, 45, "retrieved");
        script.On(expert, 50, "disconnected", "ended").On(script.Customer, 62, "disconnected", "ended").On(agent, 62, "disconnected", "ended");

        var metrics = script.Metrics();

        Assert.Equal((ConversationDirection.Inbound, 2_000d), (metrics.Direction, metrics.WaitMs!.Value));
        // The conversation's holds are every external channel's.
        Assert.Equal((2, 20_000d), (metrics.HoldCount, metrics.HoldMs!.Value));
        // Talk and the rows' hold follow the customer's channel only.
        Assert.Equal((50_000d, 10_000d), (metrics.TalkMs!.Value, script.Row(metrics, agent).HoldMs!.Value));
        Assert.Equal((10_000d, 10_000d), (script.Row(metrics, expert).HoldMs!.Value, script.Row(metrics, script.Customer).HoldMs!.Value));
    }

    [Fact]
    public void A_hold_not_retrieved_ends_with_the_channel_and_a_hold_still_on_is_counted_but_not_timed()
    {
        var (script, agent) = Answered();
        script.On(script.Customer, 40, "held");
        var onHold = script.Metrics();
        script.On(script.Customer, 70, "disconnected", "ended").On(agent, 70, "disconnected", "ended");

        var over = script.Metrics();

        Assert.Equal((1, (double?)null, (double?)null), (onHold.HoldCount, onHold.HoldMs, onHold.HandleMs));
        Assert.Null(script.Row(onHold, script.Customer).HoldMs);
        Assert.Equal((1, 30_000d, 25_000d), (over.HoldCount, over.HoldMs!.Value, over.TalkMs!.Value));
        var endedOnHold = MetricsScript.WithCustomer();
        endedOnHold.On(endedOnHold.Customer, 0, "alerted", "connected").On(endedOnHold.Customer, 5, "held").On(endedOnHold.Customer, 9, "ended");
        Assert.Equal((1, 4_000d), (endedOnHold.Metrics().HoldCount, endedOnHold.Metrics().HoldMs!.Value));
    }

    [Fact]
    public void A_retrieved_and_a_new_held_in_the_same_millisecond_are_two_holds_whatever_the_ids_say()
    {
        var (script, agent) = Answered();
        script.On(script.Customer, 20, "held").On(script.Customer, 30, "held", "retrieved").On(script.Customer, 45, "retrieved");
        script.On(script.Customer, 60, "disconnected", "ended").On(agent, 60, "disconnected", "ended");

        var metrics = script.Metrics();

        Assert.Equal((2, 25_000d, 20_000d), (metrics.HoldCount, metrics.HoldMs!.Value, metrics.TalkMs!.Value));
    }

    [Fact]
    public void Figures_of_channels_still_open_are_null_and_figures_they_do_not_touch_are_not()
    {
        var (script, agent) = Answered();
        script.On(script.Customer, 40, "held").On(script.Customer, 50, "retrieved");

        var metrics = script.Metrics();
        var row = script.Row(metrics, agent);

        Assert.Equal((ConversationOutcome.Answered, 15_000d, false), (metrics.Outcome, metrics.WaitMs!.Value, metrics.Complete));
        Assert.Equal((1, 10_000d), (metrics.HoldCount, metrics.HoldMs!.Value));
        Assert.Equal(((double?)null, (double?)null, (double?)null, (double?)null), (metrics.TalkMs, metrics.WrapMs, metrics.HandleMs, row.ConnectedMs));
        Assert.Equal(((double?)null, (double?)null, (double?)null), (row.TalkMs, row.HoldMs, row.WrapMs));
    }

    [Fact]
    public void An_agent_channel_still_ringing_leaves_its_figures_open_and_one_that_failed_has_none()
    {
        var script = MetricsScript.WithCustomer();
        var ringing = script.Channel(PartyRoles.Agent, "1544");
        script.On(script.Customer, 0, "alerted", "connected").On(ringing, 3, "alerted");

        var open = script.Row(script.Metrics(), ringing);
        script.On(ringing, 13, "connectionfailed");
        var failed = script.Row(script.Metrics(), ringing);

        Assert.Equal(((double?)null, (double?)null, (double?)null, (double?)null), (open.ConnectedMs, open.TalkMs, open.HoldMs, open.WrapMs));
        Assert.Equal((0d, 0d, 0d, 0d), (failed.ConnectedMs!.Value, failed.TalkMs!.Value, failed.HoldMs!.Value, failed.WrapMs!.Value));
        Assert.Equal((false, true, false), (failed.Connected, failed.ConnectionFailed, failed.Ended));
    }

    [Fact]
    public void An_agent_channel_that_never_ended_keeps_its_talk_but_not_its_wrap()
    {
        var (script, agent) = Answered();
        script.On(script.Customer, 100, "disconnected", "ended").On(agent, 100, "disconnected", "wrapstarted");

        var metrics = script.Metrics();
        var row = script.Row(metrics, agent);

        Assert.Equal((85_000d, (double?)null, false), (row.TalkMs!.Value, row.WrapMs, row.Ended));
        Assert.Equal((85_000d, (double?)null, (double?)null, false), (metrics.TalkMs!.Value, metrics.WrapMs, metrics.HandleMs, metrics.Complete));
        var disconnectedOnly = Answered();
        disconnectedOnly.Script.On(disconnectedOnly.Script.Customer, 100, "disconnected", "ended").On(disconnectedOnly.Agent, 100, "disconnected");
        Assert.Null(disconnectedOnly.Script.Row(disconnectedOnly.Script.Metrics(), disconnectedOnly.Agent).WrapMs);
    }

    [Fact]
    public void An_agent_channel_that_ended_without_wrap_has_no_wrap_and_its_connected_part_ends_at_its_end()
    {
        var (script, agent) = Answered();
        script.On(script.Customer, 100, "disconnected", "ended").On(agent, 100, "ended");

        var row = script.Row(script.Metrics(), agent);

        Assert.Equal((85_000d, 85_000d, 0d), (row.ConnectedMs!.Value, row.TalkMs!.Value, row.WrapMs!.Value));
    }

    [Fact]
    public void A_missing_connected_with_a_disconnected_counts_as_connected_but_leaves_what_starts_there_unknown()
    {
        var script = MetricsScript.WithCustomer();
        var agent = script.Channel(PartyRoles.Agent, "1544");
        script.On(script.Customer, 0, "alerted", "connected").On(agent, 10, "alerted");
        script.On(script.Customer, 100, "disconnected", "ended").On(agent, 100, "disconnected", "wrapstarted").On(agent, 120, "ended");

        var metrics = script.Metrics();
        var row = script.Row(metrics, agent);

        Assert.Equal((ConversationOutcome.Answered, (double?)null), (metrics.Outcome, metrics.WaitMs));
        Assert.Equal(0, metrics.Transfers);
        Assert.Equal(["1544"], metrics.Agents);
        Assert.True(row.Connected);
        Assert.Equal(((double?)null, (double?)null, (double?)null, 20_000d), (row.ConnectedMs, row.TalkMs, row.HoldMs, row.WrapMs!.Value));
        Assert.Equal(((double?)null, (double?)null, true), (metrics.TalkMs, metrics.HandleMs, metrics.Complete));
    }

    [Fact]
    public void A_missing_connected_of_the_customer_leaves_talk_and_wait_unknown_but_not_the_hold()
    {
        var script = MetricsScript.WithCustomer();
        var agent = script.Channel(PartyRoles.Agent, "1544");
        script.On(script.Customer, 0, "alerted").On(agent, 10, "alerted").On(agent, 15, "connected");
        script.On(script.Customer, 40, "held").On(script.Customer, 50, "retrieved");
        script.On(script.Customer, 100, "disconnected", "ended").On(agent, 100, "disconnected", "ended");

        var metrics = script.Metrics();

        Assert.Equal((ConversationOutcome.Answered, (double?)null, (double?)null), (metrics.Outcome, metrics.WaitMs, metrics.TalkMs));
        Assert.Equal((10_000d, 10_000d), (metrics.HoldMs!.Value, script.Row(metrics, agent).HoldMs!.Value));
        Assert.Null(script.Row(metrics, script.Customer).ConnectedMs);
    }

    [Fact]
    public void An_agent_whose_connected_is_missing_is_ordered_and_answers_by_the_first_event_that_shows_it_connected()
    {
        var script = MetricsScript.WithCustomer();
        var late = script.Channel(PartyRoles.Agent, "1544");
        var early = script.Channel(PartyRoles.Agent, "2087");
        script.On(script.Customer, 0, "alerted", "connected").On(late, 1, "alerted").On(early, 2, "alerted").On(early, 20, "connected");
        script.On(late, 30, "held").On(late, 35, "retrieved").On(late, 40, "disconnected", "ended");
        script.On(script.Customer, 50, "disconnected", "ended").On(early, 50, "disconnected", "ended");

        var metrics = script.Metrics();

        Assert.Equal(["2087", "1544"], metrics.Agents);
        Assert.Equal((ConversationOutcome.Answered, 20_000d), (metrics.Outcome, metrics.WaitMs!.Value));
    }

    [Fact]
    public void Monitors_are_counted_when_connected_and_never_as_handling()
    {
        var (script, agent) = Answered();
        var supervisor = script.Channel(PartyRoles.Monitor, "1010");
        var declined = script.Channel(PartyRoles.Monitor, "1011");
        script.On(supervisor, 20, "alerted", "connected").On(script.Customer, 30, "held").On(script.Customer, 40, "retrieved");
        script.On(supervisor, 50, "disconnected", "wrapstarted").On(supervisor, 60, "ended").On(declined, 55, "alerted").On(declined, 58, "connectionfailed", "ended");
        script.On(script.Customer, 100, "disconnected", "ended").On(agent, 100, "disconnected", "ended");

        var metrics = script.Metrics();
        var row = script.Row(metrics, supervisor);

        Assert.Equal((1, 0), (metrics.Monitors, metrics.Transfers));
        Assert.Equal(["1544"], metrics.Agents);
        Assert.Equal(["1544"], metrics.AgentIds);
        Assert.Equal((75_000d, 0d), (metrics.TalkMs!.Value, metrics.WrapMs!.Value));
        Assert.Equal((30_000d, (double?)null, 10_000d, (double?)null), (row.ConnectedMs!.Value, row.TalkMs, row.HoldMs!.Value, row.WrapMs));
        Assert.Equal(("monitor", "1010"), (row.Role, row.AgentId));
    }

    [Fact]
    public void Handle_time_waits_for_the_conversation_to_be_complete()
    {
        var (script, agent) = Finished();
        var done = script.Metrics();
        var open = Answered();
        open.Script.On(open.Script.Customer, 100, "disconnected", "ended").On(open.Agent, 100, "disconnected", "ended");
        var extra = open.Script.Channel(PartyRoles.Monitor, "1010");
        open.Script.On(extra, 50, "alerted", "connected").On(extra, 60, "disconnected");

        Assert.Equal((true, 85_000 + 0 + 30_000d), (done.Complete, done.HandleMs!.Value));
        var incomplete = open.Script.Metrics();
        Assert.Equal((false, 85_000d, (double?)null), (incomplete.Complete, incomplete.TalkMs!.Value, incomplete.HandleMs));
        Assert.Equal(30_000, script.Row(done, agent).WrapMs);
    }

    [Fact]
    public void Start_is_the_earliest_event_and_a_late_event_moves_it()
    {
        var (script, _) = Finished();
        var events = script.Events;
        var withoutFirst = events.Where(e => e.Timestamp > script.T0).ToList();

        Assert.Equal(script.T0.AddSeconds(10), MetricsTestKit.Metrics(withoutFirst).Start);
        Assert.Equal(script.T0, MetricsTestKit.Metrics([.. withoutFirst, .. events.Where(e => e.Timestamp == script.T0)]).Start);
    }

    [Fact]
    public void Rows_carry_what_the_agent_figures_need_and_the_summary_what_a_query_filters_on()
    {
        var script = MetricsScript.WithCustomer();
        var missed = script.Channel(PartyRoles.Agent, "2087");
        var agent = script.Channel(PartyRoles.Agent, "1544");
        script.On(script.Customer, 0, "alerted", "connected").On(missed, 2, "alerted").On(missed, 12, "connectionfailed", "ended");
        script.On(agent, 13, "connected").On(script.Customer, 60, "disconnected", "ended").On(agent, 60, "disconnected", "ended");

        var metrics = script.Metrics();

        Assert.Equal(["2087", "1544"], metrics.AgentIds);
        Assert.Equal(["1544"], metrics.Agents);
        Assert.Equal([script.Customer.ChannelId, missed.ChannelId, agent.ChannelId], metrics.Channels.Select(c => c.ChannelId));
        var row = script.Row(metrics, agent);
        // Its alerted is missing: it began with its earliest event.
        Assert.Equal((script.T0.AddSeconds(13), true, false, true), (row.Alerted, row.Connected, row.ConnectionFailed, row.Ended));
        Assert.Equal((script.T0.AddSeconds(60), 10), (metrics.LastTimestamp, metrics.EventCount));
        Assert.Equal(("external", (string?)null, (double?)null, (double?)null), (script.Row(metrics, script.Customer).Role, script.Row(metrics, script.Customer).AgentId, script.Row(metrics, script.Customer).TalkMs, script.Row(metrics, script.Customer).WrapMs));
    }

    [Fact]
    public void A_conversation_with_only_events_of_unknown_types_has_no_figures_to_speak_of()
    {
        var (script, _) = Answered();
        var unknown = script.Events.Select((e, index) => e with { Type = "channel.transferred.v0", DocumentId = $"doc-{index}" }).ToList();

        var metrics = MetricsTestKit.Metrics(unknown);

        Assert.Equal(((ConversationDirection?)null, false, 0, 4), (metrics.Direction, metrics.Complete, metrics.Channels.Count, metrics.EventCount));
    }
}
