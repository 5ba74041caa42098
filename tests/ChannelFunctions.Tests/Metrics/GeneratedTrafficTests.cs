using System.Text.Json;
using ChannelFunctions.Cli.Generate;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Documents;
using ChannelFunctions.Core.Metrics;

namespace ChannelFunctions.Tests.Metrics;

/// <summary>
/// The figures of realistic generated conversations (the CLI's <see cref="TrafficGenerator"/>: transfers, holds,
/// monitors, voicemail, abandoned and unanswered calls, v0 and v1): the same whatever the delivery (any order,
/// duplicates, v0 and v1 swapped), and the same as a second, independent reading of the spec that sweeps the events
/// in the order they were generated, for whole conversations and for conversations cut off half-way.
/// </summary>
public sealed class GeneratedTrafficTests
{
    private static readonly DateTimeOffset Day = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Generated conversations, each as its events in generated (lifecycle) order.</summary>
    private static List<List<ChannelEvent>> Conversations(int seed, int count) =>
        [.. new TrafficGenerator(seed).Generate(new TrafficPlan(count, Day))
            .GroupBy(e => e.ConversationId)
            .Select(conversation => MetricsTestKit.Stored(conversation.Select(e => e.Raw)))];

    private static string Json(ConversationMetrics metrics) => JsonSerializer.Serialize(metrics, Core.Lookups.LookupJson.Options);

    [Fact]
    public void Any_delivery_order_duplicates_and_either_version_give_the_same_figures()
    {
        var random = new Random(20260105);
        foreach (var events in Conversations(seed: 41, count: 150))
        {
            var expected = Json(MetricsTestKit.Metrics(events));
            for (var delivery = 0; delivery < 8; delivery++)
            {
                var delivered = events
                    .Select(e => random.Next(3) == 0 ? e with { Type = Swap(e.Type) } : e)
                    .Concat(events.Where(_ => random.Next(4) == 0))
                    .ToArray();
                random.Shuffle(delivered);

                Assert.Equal(expected, Json(MetricsTestKit.Metrics(delivered)));
            }
        }
    }

    [Fact]
    public void Whole_conversations_have_the_figures_an_independent_reading_of_the_spec_gives()
    {
        var conversations = Conversations(seed: 7, count: 400);
        var outcomes = new HashSet<(ConversationDirection?, ConversationOutcome?)>();
        foreach (var events in conversations)
        {
            var metrics = MetricsTestKit.Metrics(events);
            Assert.Equal(Json(Reference.Of(events)), Json(metrics));
            outcomes.Add((metrics.Direction, metrics.Outcome));
        }

        // The generated traffic reaches every outcome, so the comparison covers each.
        Assert.Equal(5, outcomes.Count);
        Assert.Contains(conversations, events => MetricsTestKit.Metrics(events) is { Transfers: > 0, HoldCount: > 1, Monitors: > 0 });
    }

    [Fact]
    public void Conversations_cut_off_half_way_have_the_figures_an_independent_reading_of_the_spec_gives()
    {
        var random = new Random(11);
        foreach (var events in Conversations(seed: 19, count: 200))
        {
            var moments = events.Select(e => e.Timestamp).Distinct().ToList();
            for (var cut = 0; cut < 6; cut++)
            {
                var until = moments[random.Next(moments.Count)];
                var prefix = events.Where(e => e.Timestamp <= until).ToList();

                Assert.Equal(Json(Reference.Of(prefix)), Json(MetricsTestKit.Metrics(prefix)));
            }
        }
    }

    private static string Swap(string type) =>
        type.EndsWith(".v0", StringComparison.Ordinal) ? type[..^2] + "v1" : type[..^2] + "v0";

    /// <summary>
    /// The spec read a second way, for conversations without missing events given in lifecycle order: walk the
    /// moments, keep each channel's state, and add each stretch between two moments to what the states then say.
    /// </summary>
    private static class Reference
    {
        private static readonly string[] ConnectedStates = ["connected", "held", "parked", "interrupted"];

        public static ConversationMetrics Of(List<ChannelEvent> events)
        {
            var channels = events.GroupBy(e => e.ChannelId).Select(channel => new Channel([.. channel])).ToList();
            var byId = channels.ToDictionary(c => c.Id);
            var externals = channels.Where(c => c.Role == "external").ToList();
            var agents = channels.Where(c => c.Role == "agent").ToList();
            var customer = externals.OrderBy(c => c.First).FirstOrDefault();
            var holdTotal = TimeSpan.Zero;
            var (park, interrupt) = (TimeSpan.Zero, TimeSpan.Zero);
            var moments = events.GroupBy(e => e.Timestamp).ToList();
            for (var index = 0; index < moments.Count; index++)
            {
                foreach (var e in moments[index])
                {
                    byId[e.ChannelId].Apply(e);
                }

                if (index + 1 == moments.Count)
                {
                    break;
                }

                var stretch = moments[index + 1].Key - moments[index].Key;
                holdTotal += stretch * externals.Count(c => c.State == "held");
                var customerHeld = customer?.State == "held" ? stretch : TimeSpan.Zero;
                park += stretch * channels.Count(c => c.Role is "external" or "agent" && c.State == "parked");
                interrupt += stretch * channels.Count(c => c.Role is "external" or "agent" && c.State == "interrupted");
                foreach (var channel in channels)
                {
                    if (ConnectedStates.Contains(channel.State))
                    {
                        channel.ConnectedTime += stretch;
                        channel.Hold += customerHeld;
                    }

                    if (channel.Role == "agent" && channel.State is "connected" or "held" && customer?.State == "connected")
                    {
                        channel.Talk += stretch;
                    }

                    if (channel.State == "wrap")
                    {
                        channel.Wrap += stretch;
                    }
                }
            }

            var direction = customer is null ? (ConversationDirection?)null
                : agents.Count == 0 || customer.First <= agents.Min(a => a.First) ? ConversationDirection.Inbound : ConversationDirection.Outbound;
            var (outcome, wait) = direction switch
            {
                ConversationDirection.Inbound => Inbound(customer!, agents, channels.Where(c => c.Role == "voicemail").ToList()),
                ConversationDirection.Outbound => Outbound(customer!),
                _ => ((ConversationOutcome?)null, (TimeSpan?)null),
            };
            var rows = channels.Select(c => Row(c, c == customer)).ToList();
            var talk = Sum(rows.Where(r => r.Role == "agent").Select(r => r.TalkMs));
            var wrap = Sum(rows.Where(r => r.Role == "agent").Select(r => r.WrapMs));
            double? hold = externals.Any(c => c.State == "held") ? null : holdTotal.TotalMilliseconds;
            var complete = channels.All(c => c.Ended is not null);
            var connectedAgents = agents.Where(a => a.Connected is not null).OrderBy(a => a.Connected).ToList();
            return new ConversationMetrics(
                events[0].ConversationId,
                direction,
                outcome,
                events.Min(e => e.Timestamp),
                complete,
                wait?.TotalMilliseconds,
                externals.Sum(c => c.Holds),
                hold,
                talk,
                wrap,
                complete ? Sum([talk, hold, wrap]) : null,
                channels.Any(c => c.Role is "external" or "agent" && c.State == "parked") ? null : park.TotalMilliseconds,
                channels.Any(c => c.Role is "external" or "agent" && c.State == "interrupted") ? null : interrupt.TotalMilliseconds,
                Math.Max(0, connectedAgents.Count - 1),
                [.. connectedAgents.Select(a => a.AgentId)],
                channels.Count(c => c.Role == "monitor" && c.Connected is not null),
                rows,
                [.. agents.Select(a => a.AgentId!).Distinct()],
                events.Max(e => e.Timestamp),
                events.Count);
        }

        private static (ConversationOutcome?, TimeSpan?) Inbound(Channel customer, List<Channel> agents, List<Channel> voicemails)
        {
            var gone = customer.Ended ?? customer.Failed;
            var answering = agents.Concat(voicemails)
                .Where(c => c.Connected is { } at && (gone is null || at <= gone))
                .OrderBy(c => c.Role == "agent" ? 0 : 1).ThenBy(c => c.Connected)
                .FirstOrDefault();
            return answering is not null
                ? (answering.Role == "agent" ? ConversationOutcome.Answered : ConversationOutcome.Voicemail, answering.Connected - customer.Connected)
                : gone is not null ? (ConversationOutcome.Abandoned, gone - customer.Connected) : (ConversationOutcome.InProgress, null);
        }

        private static (ConversationOutcome?, TimeSpan?) Outbound(Channel customer) =>
            customer.Connected is not null ? (ConversationOutcome.Answered, customer.Connected - customer.Alerted)
            : (customer.Failed ?? customer.Ended) is { } end ? (ConversationOutcome.Unanswered, end - customer.Alerted)
            : (ConversationOutcome.InProgress, null);

        private static ChannelMetrics Row(Channel channel, bool isCustomer)
        {
            var over = channel.Ended is not null || channel.Failed is not null;
            var decided = channel.Connected is not null ? !ConnectedStates.Contains(channel.State) : over;
            var connected = decided ? channel.ConnectedTime.TotalMilliseconds : (double?)null;
            var (talk, hold, wrap) = channel.Role switch
            {
                _ when isCustomer => ((double?)null, channel.State == "held" ? null : (double?)channel.OwnHold.TotalMilliseconds, (double?)null),
                "agent" => (
                    decided ? channel.Talk.TotalMilliseconds : (double?)null,
                    decided ? channel.Hold.TotalMilliseconds : (double?)null,
                    channel.State is "ended" or "failed" ? channel.Wrap.TotalMilliseconds : (double?)null),
                _ => (null, decided ? channel.Hold.TotalMilliseconds : (double?)null, null),
            };
            return new ChannelMetrics(
                channel.Id, channel.Role, channel.AgentId, connected, talk, hold, wrap, channel.First,
                channel.Connected is not null, channel.Failed is not null, channel.Ended is not null);
        }

        private static double? Sum(IEnumerable<double?> terms) =>
            terms.Any(t => t is null) ? null : terms.Sum(t => t!.Value);

        private sealed class Channel(List<ChannelEvent> events)
        {
            public string Id { get; } = events[0].ChannelId;

            public string Role { get; } = events[0].PartyRole;

            public string? AgentId { get; } = events[0].AgentId;

            /// <summary>Its alerted, else its first event.</summary>
            public DateTimeOffset First { get; } =
                events.FirstOrDefault(e => e.Type.StartsWith("channel.alerted.", StringComparison.Ordinal))?.Timestamp ?? events.Min(e => e.Timestamp);

            public string State { get; private set; } = "none";

            public DateTimeOffset? Alerted { get; private set; }

            public DateTimeOffset? Connected { get; private set; }

            public DateTimeOffset? Failed { get; private set; }

            public DateTimeOffset? Ended { get; private set; }

            public int Holds { get; private set; }

            public TimeSpan ConnectedTime { get; set; }

            public TimeSpan Talk { get; set; }

            public TimeSpan Hold { get; set; }

            public TimeSpan Wrap { get; set; }

            public TimeSpan OwnHold => Role == "external" ? _ownHold : TimeSpan.Zero;

            private TimeSpan _ownHold;
            private DateTimeOffset? _heldSince;

            public void Apply(ChannelEvent e)
            {
                var name = e.Type.Split('.')[1];
                if (_heldSince is { } since && name != "held")
                {
                    _ownHold += e.Timestamp - since;
                    _heldSince = null;
                }

                switch (name)
                {
                    case "alerted": Alerted ??= e.Timestamp; State = "alerting"; break;
                    case "connected": Connected ??= e.Timestamp; State = "connected"; break;
                    case "connectionfailed": Failed ??= e.Timestamp; State = "failed"; break;
                    case "held": Holds++; _heldSince = e.Timestamp; State = "held"; break;
                    case "retrieved" or "unparked" or "resumed": State = "connected"; break;
                    case "parked": State = "parked"; break;
                    case "interrupted": State = "interrupted"; break;
                    case "disconnected": State = "disconnected"; break;
                    case "wrapstarted": State = "wrap"; break;
                    case "ended": Ended ??= e.Timestamp; State = "ended"; break;
                    default: throw new InvalidOperationException(name);
                }
            }
        }
    }
}
