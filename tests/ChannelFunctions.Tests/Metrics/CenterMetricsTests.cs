using ChannelFunctions.Core.Metrics;

namespace ChannelFunctions.Tests.Metrics;

/// <summary>The centre's figures over a window, by interval, from conversation figures only.</summary>
public sealed class CenterMetricsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly MetricsOptions Defaults = new();

    private static ConversationMetrics Conversation(
        double startMinutes, ConversationDirection? direction, ConversationOutcome? outcome, double? wait = null, double? handle = null, bool complete = true) =>
        new(Guid.NewGuid().ToString(), direction, outcome, T0.AddMinutes(startMinutes), complete, wait, 0, 0, 0, 0, handle, 0, 0, 0, [], 0, [], [],
            T0.AddMinutes(startMinutes + 1), 2);

    private static List<ConversationMetrics> Day() =>
    [
        Conversation(0, ConversationDirection.Inbound, ConversationOutcome.Answered, wait: 12_000, handle: 300_000),
        Conversation(5, ConversationDirection.Inbound, ConversationOutcome.Answered, wait: 20_000, handle: 200_000),
        Conversation(10, ConversationDirection.Inbound, ConversationOutcome.Answered, wait: 20_001, handle: null, complete: false),
        Conversation(35, ConversationDirection.Inbound, ConversationOutcome.Abandoned, wait: 40_000),
        Conversation(40, ConversationDirection.Inbound, ConversationOutcome.Voicemail, wait: 30_000, handle: 0),
        Conversation(65, ConversationDirection.Inbound, ConversationOutcome.InProgress),
        Conversation(70, ConversationDirection.Outbound, ConversationOutcome.Answered, wait: 8_000, handle: 100_000),
        Conversation(75, ConversationDirection.Outbound, ConversationOutcome.Unanswered, wait: 17_000, handle: 9_000),
        Conversation(76, ConversationDirection.Outbound, ConversationOutcome.InProgress),
        Conversation(80, null, null),
        // Outside the window: one before, one at its end.
        Conversation(-1, ConversationDirection.Inbound, ConversationOutcome.Abandoned, wait: 1),
        Conversation(100, ConversationDirection.Inbound, ConversationOutcome.Answered, wait: 1, handle: 1),
    ];

    [Fact]
    public void Counts_the_conversations_that_started_in_the_window_by_direction_and_outcome()
    {
        var metrics = CenterMetrics.For(T0, T0.AddMinutes(100), null, Day(), Defaults);

        Assert.Equal(new InboundMetrics(6, 3, 1, 1, 1, 1 / 4d, (12_000 + 20_000 + 20_001) / 3d, 2 / 4d, (300_000 + 200_000) / 2d), metrics.Inbound);
        Assert.Equal(new OutboundMetrics(3, 1, 1), metrics.Outbound);
        Assert.Null(metrics.Intervals);
        Assert.Equal((T0, T0.AddMinutes(100)), (metrics.From, metrics.To));
    }

    [Fact]
    public void The_service_level_threshold_is_a_setting()
    {
        var strict = CenterMetrics.For(T0, T0.AddMinutes(100), null, Day(), new MetricsOptions { ServiceLevelSeconds = 12 });
        var lenient = CenterMetrics.For(T0, T0.AddMinutes(100), null, Day(), new MetricsOptions { ServiceLevelSeconds = 60 });

        Assert.Equal((1 / 4d, 3 / 4d), (strict.Inbound.ServiceLevel!.Value, lenient.Inbound.ServiceLevel!.Value));
    }

    [Fact]
    public void Rates_and_means_are_null_where_their_divisor_is_zero()
    {
        var metrics = CenterMetrics.For(T0, T0.AddHours(1), null, [Conversation(1, ConversationDirection.Inbound, ConversationOutcome.Voicemail, wait: 5)], Defaults);

        Assert.Equal(new InboundMetrics(1, 0, 0, 1, 0, null, null, null, null), metrics.Inbound);
        Assert.Equal(new OutboundMetrics(0, 0, 0), CenterMetrics.For(T0, T0, null, Day(), Defaults).Outbound);
    }

    [Fact]
    public void An_answered_conversation_whose_wait_is_not_decided_counts_but_is_left_out_of_the_means()
    {
        List<ConversationMetrics> conversations =
        [
            Conversation(1, ConversationDirection.Inbound, ConversationOutcome.Answered, wait: 10_000, handle: 50_000),
            Conversation(2, ConversationDirection.Inbound, ConversationOutcome.Answered, wait: null, handle: null),
        ];

        var metrics = CenterMetrics.For(T0, T0.AddHours(1), null, conversations, Defaults).Inbound;

        Assert.Equal((2, 10_000d, 1 / 2d, 50_000d), (metrics.Answered, metrics.AsaMs!.Value, metrics.ServiceLevel!.Value, metrics.AhtMs!.Value));
    }

    [Fact]
    public void Intervals_start_at_from_cover_the_window_and_take_each_conversation_by_its_start()
    {
        var day = Day();

        var metrics = CenterMetrics.For(T0, T0.AddMinutes(100), TimeSpan.FromMinutes(30), day, Defaults);

        var intervals = metrics.Intervals!;
        Assert.Equal([T0, T0.AddMinutes(30), T0.AddMinutes(60), T0.AddMinutes(90)], intervals.Select(i => i.Start));
        Assert.Equal([3, 2, 1, 0], intervals.Select(i => i.Inbound.Offered));
        Assert.Equal([0, 0, 3, 0], intervals.Select(i => i.Outbound.Attempted));
        Assert.Equal(new InboundMetrics(0, 0, 0, 0, 0, null, null, null, null), intervals[3].Inbound);
        Assert.Equal(new InboundMetrics(2, 0, 1, 1, 0, 1d, null, 0d, null), intervals[1].Inbound);
        Assert.Equal(metrics.Inbound.Offered, intervals.Sum(i => i.Inbound.Offered));
        // A conversation at an interval's start belongs to it, not to the one before.
        var edge = CenterMetrics.For(T0, T0.AddMinutes(60), TimeSpan.FromMinutes(30), [Conversation(30, ConversationDirection.Inbound, ConversationOutcome.Answered, 1, 1)], Defaults);
        Assert.Equal([0, 1], edge.Intervals!.Select(i => i.Inbound.Answered));
    }

    [Fact]
    public void An_empty_window_has_zero_counts_and_no_intervals()
    {
        var metrics = CenterMetrics.For(T0, T0, TimeSpan.FromMinutes(30), Day(), Defaults);

        Assert.Empty(metrics.Intervals!);
        Assert.Equal(new InboundMetrics(0, 0, 0, 0, 0, null, null, null, null), metrics.Inbound);
    }

    [Fact]
    public void A_window_that_ends_before_it_starts_or_an_interval_of_no_length_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CenterMetrics.For(T0, T0.AddTicks(-1), null, [], Defaults));
        Assert.Throws<ArgumentOutOfRangeException>(() => CenterMetrics.For(T0, T0.AddHours(1), TimeSpan.Zero, [], Defaults));
    }
}
