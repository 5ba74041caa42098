using System.Text.Json;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Documents;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Timeline;
using ChannelFunctions.Core.Validation;

namespace ChannelFunctions.Tests.Timeline;

public sealed class ConversationTimelineTests
{
    private const string Interaction = "1371f451-116a-4abc-8869-bc678ef67070";
    private static readonly ScriptChannel Customer = ConversationScript.Customer(Interaction);
    private static readonly ScriptChannel Agent = ConversationScript.FirstAgent(Interaction);
    private static readonly ChannelEventValidator Validator = new();

    /// <summary>The stored form of each scripted event, as ingest would promote it.</summary>
    internal static List<ChannelEvent> Stored(ConversationScript script) =>
        [.. script.Events.Select(raw => Validator.Validate(raw).Event
            ?? throw new InvalidOperationException("the script wrote an invalid event"))];

    private static ChannelTimeline Channel(params (string Name, double Seconds)[] events) =>
        Channel(Agent, events);

    private static ChannelTimeline Channel(ScriptChannel channel, params (string Name, double Seconds)[] events)
    {
        var script = new ConversationScript("3e71f453-116a-3abc-7769-bc678ef6e080");
        foreach (var (name, seconds) in events)
        {
            script.Add(channel, name, seconds, reason: name is "ended" or "connectionfailed" ? "released" : null);
        }

        return Assert.Single(ConversationTimeline.Build(Stored(script))!.Channels);
    }

    private static (ChannelPhase Phase, double Start, double? End)[] Phases(ChannelTimeline channel, DateTimeOffset start) =>
        [.. channel.Phases.Select(p => (p.Phase, (p.Start - start).TotalSeconds, p.End is { } end ? (end - start).TotalSeconds : (double?)null))];

    private static DateTimeOffset T0 => new ConversationScript("3e71f453-116a-3abc-7769-bc678ef6e080").Start;

    private static string Json(ConversationTimeline? timeline) => JsonSerializer.Serialize(timeline);

    [Fact]
    public void Every_supported_name_has_exactly_one_phase_rule_and_every_rule_a_supported_name()
    {
        var names = ChannelEventTypes.All.Select(rule => rule.Name).Distinct().Order().ToList();

        Assert.Equal(names, ChannelPhaseRules.All.Select(rule => rule.Name).Order());
        Assert.Equal(ChannelPhaseRules.All.Count, ChannelPhaseRules.All.Select(r => r.Name).Distinct().Count());
        Assert.All(ChannelEventTypes.All, rule => Assert.Equal(rule.Name, rule.Phase.Name));
        Assert.Equal(Enumerable.Range(0, ChannelPhaseRules.All.Count), ChannelPhaseRules.All.Select(r => r.Rank));
    }

    [Fact]
    public void No_events_make_no_timeline() => Assert.Null(ConversationTimeline.Build([]));

    [Fact]
    public void Alerted_starts_alerting_and_connected_ends_it_and_starts_connected()
    {
        var channel = Channel(("alerted", 10), ("connected", 16.5));

        Assert.Equal([(ChannelPhase.Alerting, 10, 16.5), (ChannelPhase.Connected, 16.5, null)], Phases(channel, T0));
        Assert.Equal(6500, channel.Phases[0].DurationMs);
        Assert.Null(channel.Phases[1].DurationMs);
        Assert.Null(channel.Ending);
    }

    [Fact]
    public void The_first_inbound_channel_has_a_zero_length_alerting_phase()
    {
        var channel = Channel(Customer, ("connected", 0), ("alerted", 0));

        Assert.Equal([(ChannelPhase.Alerting, 0, 0), (ChannelPhase.Connected, 0, null)], Phases(channel, T0));
        Assert.Equal(0, channel.Phases[0].DurationMs);
    }

    [Fact]
    public void Held_starts_held_and_retrieved_returns_to_connected()
    {
        var channel = Channel(("connected", 0), ("held", 30), ("retrieved", 45));

        Assert.Equal([(ChannelPhase.Connected, 0, 30), (ChannelPhase.Held, 30, 45), (ChannelPhase.Connected, 45, null)], Phases(channel, T0));
    }

    [Fact]
    public void Parked_starts_parked_and_unparked_returns_to_connected()
    {
        var channel = Channel(("connected", 0), ("parked", 5), ("unparked", 9));

        Assert.Equal([(ChannelPhase.Connected, 0, 5), (ChannelPhase.Parked, 5, 9), (ChannelPhase.Connected, 9, null)], Phases(channel, T0));
    }

    [Fact]
    public void Interrupted_starts_interrupted_and_resumed_returns_to_connected()
    {
        var channel = Channel(("connected", 0), ("interrupted", 2), ("resumed", 3));

        Assert.Equal([(ChannelPhase.Connected, 0, 2), (ChannelPhase.Interrupted, 2, 3), (ChannelPhase.Connected, 3, null)], Phases(channel, T0));
    }

    [Fact]
    public void Disconnected_ends_connected_and_wrapstarted_at_the_same_moment_starts_wrap()
    {
        // Delivered wrap first: at the same moment, lifecycle order decides.
        var channel = Channel(("wrapstarted", 60), ("connected", 0), ("disconnected", 60));

        Assert.Equal([(ChannelPhase.Connected, 0, 60), (ChannelPhase.Wrap, 60, null)], Phases(channel, T0));
        Assert.Null(channel.Ending);
    }

    [Fact]
    public void Disconnected_while_held_ends_the_hold()
    {
        var channel = Channel(("connected", 0), ("held", 10), ("disconnected", 20));

        Assert.Equal([(ChannelPhase.Connected, 0, 10), (ChannelPhase.Held, 10, 20)], Phases(channel, T0));
    }

    [Fact]
    public void Ended_closes_everything_with_its_reason()
    {
        var channel = Channel(("alerted", 0), ("connected", 1), ("disconnected", 9), ("wrapstarted", 9), ("ended", 39));

        Assert.Equal(
            [(ChannelPhase.Alerting, 0, 1), (ChannelPhase.Connected, 1, 9), (ChannelPhase.Wrap, 9, 39)],
            Phases(channel, T0));
        Assert.Equal(new ChannelEnding(ChannelOutcome.Ended, "released", T0.AddSeconds(39)), channel.Ending);
        Assert.Equal(T0, channel.FirstTimestamp);
        Assert.Equal(T0.AddSeconds(39), channel.LastTimestamp);
        Assert.Equal(5, channel.EventCount);
        Assert.Empty(channel.IgnoredEvents);
    }

    [Fact]
    public void Connection_failed_ends_alerting_and_stays_the_outcome_when_ended_follows()
    {
        var script = new ConversationScript("3e71f453-116a-3abc-7769-bc678ef6e080");
        script.Add(Customer, "alerted", 0);
        script.Add(Customer, "connectionfailed", 25, reason: "busy");
        script.Add(Customer, "ended", 25, reason: "released");

        var channel = Assert.Single(ConversationTimeline.Build(Stored(script))!.Channels);

        Assert.Equal([(ChannelPhase.Alerting, 0, 25)], Phases(channel, T0));
        Assert.Equal(new ChannelEnding(ChannelOutcome.ConnectionFailed, "busy", T0.AddSeconds(25)), channel.Ending);
    }

    [Fact]
    public void A_missing_alerted_starts_the_timeline_at_connected()
    {
        var channel = Channel(("connected", 5), ("disconnected", 50));

        Assert.Equal([(ChannelPhase.Connected, 5, 50)], Phases(channel, T0));
    }

    [Fact]
    public void A_missing_connected_lets_the_next_event_close_alerting()
    {
        var channel = Channel(("alerted", 0), ("held", 8), ("retrieved", 12));

        Assert.Equal([(ChannelPhase.Alerting, 0, 8), (ChannelPhase.Held, 8, 12), (ChannelPhase.Connected, 12, null)], Phases(channel, T0));
    }

    [Fact]
    public void Duplicate_deliveries_count_once()
    {
        var script = new ConversationScript("3e71f453-116a-3abc-7769-bc678ef6e080");
        script.Add(Agent, "alerted", 0);
        script.Add(Agent, "connected", 4);
        var events = Stored(script);

        var timeline = ConversationTimeline.Build([.. events, .. events, events[1]])!;

        Assert.Equal(2, timeline.EventCount);
        Assert.Equal(Json(ConversationTimeline.Build(events)), Json(timeline));
    }

    [Fact]
    public void A_repeated_phase_change_with_another_id_is_ignored_with_the_reason()
    {
        var script = new ConversationScript("3e71f453-116a-3abc-7769-bc678ef6e080");
        script.Add(Agent, "connected", 0);
        script.Add(Agent, "held", 10);
        var repeat = script.Add(Agent, "held", 11);
        script.Add(Agent, "retrieved", 20);

        var channel = Assert.Single(ConversationTimeline.Build(Stored(script))!.Channels);

        Assert.Equal([(ChannelPhase.Connected, 0, 10), (ChannelPhase.Held, 10, 20), (ChannelPhase.Connected, 20, null)], Phases(channel, T0));
        var ignored = Assert.Single(channel.IgnoredEvents);
        Assert.Equal((repeat, "channel.held.v0", ChannelTimeline.RepeatsPhase), (ignored.EventId, ignored.Type, ignored.Reason));
        Assert.Equal(4, channel.EventCount);
    }

    [Fact]
    public void Events_after_ended_change_nothing()
    {
        var script = new ConversationScript("3e71f453-116a-3abc-7769-bc678ef6e080");
        script.Add(Agent, "connected", 0);
        script.Add(Agent, "ended", 10, reason: "released");
        var late = script.Add(Agent, "connected", 12);

        var channel = Assert.Single(ConversationTimeline.Build(Stored(script))!.Channels);

        Assert.Equal([(ChannelPhase.Connected, 0, 10)], Phases(channel, T0));
        Assert.Equal(ChannelOutcome.Ended, channel.Ending!.Outcome);
        Assert.Equal((late, ChannelTimeline.AfterEnd), (channel.IgnoredEvents.Single().EventId, channel.IgnoredEvents.Single().Reason));
    }

    [Fact]
    public void V0_and_v1_events_mix_and_mean_the_same()
    {
        var mixed = new ConversationScript("3e71f453-116a-3abc-7769-bc678ef6e080");
        var v0 = new ConversationScript("3e71f453-116a-3abc-7769-bc678ef6e080");
        string[] names = ["alerted", "connected", "held", "retrieved", "disconnected", "wrapstarted", "ended"];
        for (var i = 0; i < names.Length; i++)
        {
            mixed.Add(Agent, names[i], i * 10, version: i % 2 == 0 ? "v1" : "v0");
            v0.Add(Agent, names[i], i * 10);
        }

        var fromMixed = Assert.Single(ConversationTimeline.Build(Stored(mixed))!.Channels);
        var fromV0 = Assert.Single(ConversationTimeline.Build(Stored(v0))!.Channels);

        Assert.Equal(JsonSerializer.Serialize(fromV0.Phases), JsonSerializer.Serialize(fromMixed.Phases));
        Assert.Equal(fromV0.Ending, fromMixed.Ending);
        Assert.Equal(7, fromMixed.EventCount);
    }

    [Fact]
    public void Unknown_types_are_listed_and_counted_but_not_used_for_phases()
    {
        var script = new ConversationScript("3e71f453-116a-3abc-7769-bc678ef6e080");
        script.Add(Agent, "alerted", 0);
        script.Add(Agent, "connected", 5);
        var events = Stored(script);
        var transferred = events[1] with { DocumentId = "doc-transferred", EventId = "transferred-1", Type = "channel.transferred.v0", Timestamp = T0.AddSeconds(3) };
        var future = events[1] with { DocumentId = "doc-v9", EventId = "held-v9", Type = "channel.held.v9", Timestamp = T0.AddSeconds(4) };
        var otherChannel = transferred with { DocumentId = "doc-other", EventId = "other", ChannelId = "00000000-0000-0000-0000-000000000001", Timestamp = T0.AddSeconds(9) };

        var timeline = ConversationTimeline.Build([.. events, transferred, future, otherChannel])!;

        var channel = Assert.Single(timeline.Channels);
        Assert.Equal([(ChannelPhase.Alerting, 0, 5), (ChannelPhase.Connected, 5, null)], Phases(channel, T0));
        Assert.Equal(2, channel.EventCount);
        Assert.Equal(5, timeline.EventCount);
        Assert.Equal(T0.AddSeconds(9), timeline.LastTimestamp);
        Assert.Equal(
            [("transferred-1", "channel.transferred.v0"), ("held-v9", "channel.held.v9"), ("other", "channel.transferred.v0")],
            timeline.UnknownEvents.Select(e => (e.EventId, e.Type)));
    }

    [Fact]
    public void The_inbound_call_with_a_transfer_reads_as_it_happened()
    {
        var script = ConversationScript.InboundCallWithTransfer();
        var timeline = ConversationTimeline.Build(Stored(script))!;

        Assert.Equal("3e71f453-116a-3abc-7769-bc678ef6e080", timeline.ConversationId);
        Assert.Equal(16, timeline.EventCount);
        Assert.Equal((T0, T0.AddSeconds(480)), (timeline.FirstTimestamp, timeline.LastTimestamp));
        var interaction = Assert.Single(timeline.Interactions);
        Assert.Equal([Customer.ChannelId, Agent.ChannelId, ConversationScript.SecondAgent(Interaction).ChannelId], interaction.ChannelIds);
        Assert.Equal(16, interaction.EventCount);
        Assert.Empty(timeline.UnknownEvents);

        var customer = timeline.Channels[0];
        Assert.Equal(new ChannelParty("external", null, null), customer.Party);
        Assert.Equal(
            [(ChannelPhase.Alerting, 0, 0), (ChannelPhase.Connected, 0, 95), (ChannelPhase.Held, 95, 140.5), (ChannelPhase.Connected, 140.5, 420)],
            Phases(customer, T0));
        Assert.Equal(new ChannelEnding(ChannelOutcome.Ended, "released", T0.AddSeconds(420)), customer.Ending);

        var agent1 = timeline.Channels[1];
        Assert.Equal(new ChannelParty("agent", "1544", "ef71f453-556a-3abc-7769-bc678ef6e090"), agent1.Party);
        Assert.Equal(
            [(ChannelPhase.Alerting, 12.5, 18.25), (ChannelPhase.Connected, 18.25, 181), (ChannelPhase.Wrap, 181, 241)],
            Phases(agent1, T0));

        var agent2 = timeline.Channels[2];
        Assert.Equal("2077", agent2.Party.AgentId);
        Assert.Equal(
            [(ChannelPhase.Alerting, 170, 176), (ChannelPhase.Connected, 176, 420.75), (ChannelPhase.Wrap, 420.75, 480)],
            Phases(agent2, T0));
        Assert.Equal(ChannelOutcome.Ended, agent2.Ending!.Outcome);
    }

    [Fact]
    public void Interactions_group_their_channels()
    {
        var script = ConversationScript.InboundCallWithTransfer();
        var consult = new ScriptChannel("99999999-116a-4abc-8869-bc678ef67070", "11111111-2222-4333-8444-555555555555", "agent", "3001", null);
        script.Add(consult, "alerted", 100);
        script.Add(consult, "connectionfailed", 110, reason: "rejected");

        var timeline = ConversationTimeline.Build(Stored(script))!;

        Assert.Equal([Interaction, consult.InteractionId], timeline.Interactions.Select(i => i.InteractionId));
        var second = timeline.Interactions[1];
        Assert.Equal([consult.ChannelId], second.ChannelIds);
        Assert.Equal((2, T0.AddSeconds(100), T0.AddSeconds(110)), (second.EventCount, second.FirstTimestamp, second.LastTimestamp));
        Assert.Equal(new ChannelEnding(ChannelOutcome.ConnectionFailed, "rejected", T0.AddSeconds(110)), timeline.Channels[2].Ending);
    }

    [Fact]
    public void Any_delivery_order_with_duplicates_gives_the_same_timeline_as_the_ordered_events()
    {
        var script = ConversationScript.InboundCallWithTransfer();
        var events = Stored(script);
        var expected = Json(ConversationTimeline.Build(events));
        var random = new Random(20260302);

        for (var permutation = 0; permutation < 500; permutation++)
        {
            var delivered = events.Concat(events.Where(_ => random.Next(4) == 0)).ToArray();
            random.Shuffle(delivered);

            Assert.Equal(expected, Json(ConversationTimeline.Build(delivered)));
        }

        var reversed = Enumerable.Reverse(events).ToList();
        Assert.Equal(expected, Json(ConversationTimeline.Build(reversed)));
    }
}
