using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Documents;
using ChannelFunctions.Core.Timeline;

namespace ChannelFunctions.Tests.Timeline;

/// <summary>
/// The order timelines read events in: by data.timestamp; one channel's events at the same moment in an order that
/// makes its lifecycle possible; then CloudEvents time, then document id.
/// </summary>
public sealed class TimelineOrderTests
{
    private const string Conversation = "3e71f453-116a-3abc-7769-bc678ef6e080";
    private static readonly ScriptChannel Agent = ConversationScript.FirstAgent("1371f451-116a-4abc-8869-bc678ef67070");

    /// <summary>One channel's events at seconds after the start, each with the id given (ids decide nothing here unless said).</summary>
    private static List<ChannelEvent> Events(params (string Name, double Seconds, string Id)[] events)
    {
        var script = new ConversationScript(Conversation);
        foreach (var (name, seconds, id) in events)
        {
            script.Add(Agent, name, seconds, reason: name is "ended" or "connectionfailed" ? "released" : null, id: id);
        }

        return ConversationTimelineTests.Stored(script);
    }

    private static DateTimeOffset T0 => new ConversationScript(Conversation).Start;

    private static ChannelTimeline Channel(IEnumerable<ChannelEvent> events) =>
        Assert.Single(ConversationTimeline.Build(events)!.Channels);

    private static (ChannelPhase Phase, double Start, double? End)[] Phases(ChannelTimeline channel) =>
        [.. channel.Phases.Select(p => (p.Phase, (p.Start - T0).TotalSeconds, p.End is { } end ? (end - T0).TotalSeconds : (double?)null))];

    /// <summary>Every order of the events gives the same timeline.</summary>
    private static ChannelTimeline InAnyOrder(List<ChannelEvent> events)
    {
        var expected = System.Text.Json.JsonSerializer.Serialize(Channel(events));
        var random = new Random(7);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var shuffled = events.ToArray();
            random.Shuffle(shuffled);
            Assert.Equal(expected, System.Text.Json.JsonSerializer.Serialize(Channel(shuffled)));
        }

        return Channel(events);
    }

    [Fact]
    public void A_retrieved_and_a_new_held_in_the_same_millisecond_are_two_holds()
    {
        // The ids put held before retrieved, as the old lifecycle rank did; the lifecycle needs retrieved first.
        var channel = InAnyOrder(Events(("connected", 0, "a"), ("held", 10, "b"), ("held", 20, "c"), ("retrieved", 20, "d"), ("retrieved", 30, "e")));

        Assert.Equal(
            [(ChannelPhase.Connected, 0, 10), (ChannelPhase.Held, 10, 20), (ChannelPhase.Connected, 20, 20), (ChannelPhase.Held, 20, 30), (ChannelPhase.Connected, 30, null)],
            Phases(channel));
        Assert.Empty(channel.IgnoredEvents);
    }

    [Fact]
    public void A_held_and_retrieved_in_the_same_millisecond_while_connected_are_a_zero_length_hold()
    {
        var channel = InAnyOrder(Events(("connected", 0, "z"), ("retrieved", 10, "a"), ("held", 10, "b")));

        Assert.Equal([(ChannelPhase.Connected, 0, 10), (ChannelPhase.Held, 10, 10), (ChannelPhase.Connected, 10, null)], Phases(channel));
    }

    [Fact]
    public void Disconnected_wrapstarted_and_ended_in_one_millisecond_follow_the_lifecycle_whatever_their_ids()
    {
        var channel = InAnyOrder(Events(("alerted", 0, "e"), ("connected", 0, "d"), ("ended", 9, "a"), ("wrapstarted", 9, "b"), ("disconnected", 9, "c")));

        Assert.Equal([(ChannelPhase.Alerting, 0, 0), (ChannelPhase.Connected, 0, 9), (ChannelPhase.Wrap, 9, 9)], Phases(channel));
        Assert.Equal(T0.AddSeconds(9), channel.Milestones.Ended);
        Assert.Empty(channel.IgnoredEvents);
    }

    [Fact]
    public void The_order_that_needs_fewest_missing_events_wins_even_when_a_greedy_choice_would_not_find_it()
    {
        // From connected, at one moment: held, parked, unparked. Taking held first (lifecycle rank) leaves parked
        // impossible without a missing retrieved; parked, unparked, held needs nothing missing.
        var channel = InAnyOrder(Events(("connected", 0, "z"), ("held", 5, "a"), ("parked", 5, "b"), ("unparked", 5, "c"), ("retrieved", 8, "d")));

        Assert.Equal(
            [(ChannelPhase.Connected, 0, 5), (ChannelPhase.Parked, 5, 5), (ChannelPhase.Connected, 5, 5), (ChannelPhase.Held, 5, 8), (ChannelPhase.Connected, 8, null)],
            Phases(channel));
    }

    [Fact]
    public void Where_the_lifecycle_does_not_decide_time_does_and_then_the_id()
    {
        // Two different held events in one millisecond: only one can start the hold; the other repeats it.
        var events = Events(("connected", 0, "z"), ("held", 5, "a"), ("held", 5, "b"));
        var laterTimeFirstId = events.Select(e => e.EventId == "a" ? e with { Time = e.Time.AddMilliseconds(1) } : e).ToList();

        Assert.Equal("b", Assert.Single(Channel(events).IgnoredEvents).EventId);
        Assert.Equal("a", Assert.Single(Channel(laterTimeFirstId).IgnoredEvents).EventId);
        Assert.Equal(
            ["z", "b", "a"],
            TimelineOrder.Normalize(laterTimeFirstId.AsEnumerable().Reverse()).Select(e => e.EventId));
    }

    [Fact]
    public void Events_of_different_channels_and_of_unknown_types_at_one_moment_keep_each_channels_lifecycle_order()
    {
        var script = new ConversationScript(Conversation);
        var customer = ConversationScript.Customer("1371f451-116a-4abc-8869-bc678ef67070");
        script.Add(customer, "connected", 0, id: "z1");
        script.Add(Agent, "connected", 0, id: "z2");
        script.Add(customer, "ended", 5, reason: "released", id: "a1");
        script.Add(Agent, "ended", 5, reason: "released", id: "a2");
        script.Add(customer, "disconnected", 5, id: "b1");
        script.Add(Agent, "disconnected", 5, id: "b2");
        var events = ConversationTimelineTests.Stored(script);
        var unknown = events[2] with { DocumentId = "0000", EventId = "x", Type = "channel.transferred.v0" };

        var ordered = TimelineOrder.Normalize([unknown, .. events.AsEnumerable().Reverse()]).Select(e => e.EventId).ToList();

        Assert.Equal(["z1", "z2"], ordered[..2]);
        Assert.True(ordered.IndexOf("b1") < ordered.IndexOf("a1") && ordered.IndexOf("b2") < ordered.IndexOf("a2"), string.Join(",", ordered));
        Assert.Equal("x", ordered[^1]);
    }

    [Fact]
    public void Events_after_ended_stay_impossible_and_keep_their_time_order()
    {
        var channel = InAnyOrder(Events(("connected", 0, "c"), ("disconnected", 5, "b"), ("ended", 5, "a"), ("held", 9, "e"), ("connected", 9, "d")));

        Assert.Equal([(ChannelPhase.Connected, 0, 5)], Phases(channel));
        Assert.Equal(["d", "e"], channel.IgnoredEvents.Select(e => e.EventId));
    }

    [Fact]
    public void A_hostile_pile_of_events_in_one_millisecond_is_ordered_without_searching_every_order()
    {
        // Six holds and retrievals, five parks and unparks and five interruptions at one moment: too many
        // combinations to search, so each next event is the cheapest; the holds still pair up.
        var pile = new List<(string, double, string)> { ("connected", 0, "start") };
        foreach (var (name, count) in new[] { ("held", 6), ("retrieved", 6), ("parked", 5), ("unparked", 5), ("interrupted", 5), ("resumed", 5) })
        {
            pile.AddRange(Enumerable.Range(0, count).Select(i => (name, 1.0, $"{name}-{i}")));
        }

        var channel = InAnyOrder(Events([.. pile]));

        Assert.Equal(
            Enumerable.Repeat(ChannelPhase.Held, 6).Concat(Enumerable.Repeat(ChannelPhase.Parked, 5)).Concat(Enumerable.Repeat(ChannelPhase.Interrupted, 5)).Order(),
            channel.Phases.Where(p => p.Phase != ChannelPhase.Connected).Select(p => p.Phase).Order());
        Assert.Empty(channel.IgnoredEvents);
    }

    [Fact]
    public void Every_phase_rule_has_its_place_in_the_lifecycle()
    {
        foreach (var rule in ChannelPhaseRules.All)
        {
            var events = Events(("alerted", 0, "a"), (rule.Name["channel.".Length..], 0, "b"));

            Assert.Equal(2, TimelineOrder.Normalize(events).Count());
        }
    }

    [Fact]
    public void Milestones_are_the_first_applied_event_of_each_name()
    {
        var channel = Channel(Events(
            ("alerted", 0, "a"), ("connectionfailed", 4, "b"), ("ended", 6, "c"), ("connected", 7, "d")));
        var connected = Channel(Events(
            ("alerted", 0, "a"), ("connected", 2, "b"), ("held", 3, "c"), ("connected", 4, "d"), ("disconnected", 5, "e"), ("wrapstarted", 5, "f"), ("ended", 8, "g")));

        Assert.Equal(new ChannelMilestones(T0, null, T0.AddSeconds(4), null, null, T0.AddSeconds(6)), channel.Milestones);
        Assert.Equal(new ChannelEnding(ChannelOutcome.ConnectionFailed, "released", T0.AddSeconds(4)), channel.Ending);
        Assert.Equal(new ChannelMilestones(T0, T0.AddSeconds(2), null, T0.AddSeconds(5), T0.AddSeconds(5), T0.AddSeconds(8)), connected.Milestones);
    }

    [Fact]
    public void The_timeline_answer_does_not_show_the_milestones()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(Channel(Events(("alerted", 0, "a"))), Core.Lookups.LookupJson.Options);

        Assert.DoesNotContain("milestones", json, StringComparison.OrdinalIgnoreCase);
    }
}
