using System.Collections.Frozen;
using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Timeline;

/// <summary>
/// The one order in which timelines, and the figures computed from them, read events, whatever order they were
/// delivered or stored in: by <c>data.timestamp</c>; the events of one channel at the same moment in an order that
/// makes its lifecycle possible (a <c>retrieved</c> and a new <c>held</c> in the same millisecond are two holds);
/// then by CloudEvents <c>time</c>, then by CloudEvents <c>id</c> (then document id, for equal ids of two sources).
/// </summary>
/// <remarks>
/// "Possible" is measured against the lifecycle VCC describes (<see cref="From"/>): each event of a moment costs the
/// number of events that would have to be missing for it to follow the channel's state, and the moment's events are
/// put in the order that costs least (an event after <c>channel.ended</c>, or an <c>alerted</c> after the channel
/// alerted, is impossible and costs most). Among equally possible orders, <c>time</c> then <c>id</c> decide.
/// </remarks>
public static class TimelineOrder
{
    /// <summary>The cost of an event that no missing events would make possible (after ended, a second alerted).</summary>
    private const int Impossible = 1000;

    /// <summary>
    /// The most combinations of what may be left of one channel's events at one moment (how many of each name: twelve
    /// different events make 4096) for which every order is searched; past it (only hostile input has that many)
    /// each next event is the cheapest one, without looking further ahead.
    /// </summary>
    private const int MaxCombinations = 4096;

    /// <summary>
    /// The states of the lifecycle from which each event may follow, by event name: the lifecycle of
    /// vcc-webhooks.md. The state an event leads to is its phase rule's (<see cref="Target"/>).
    /// </summary>
    private static readonly FrozenDictionary<string, LifecycleState[]> From = new Dictionary<string, LifecycleState[]>
    {
        ["channel.alerted"] = [LifecycleState.Start],
        ["channel.connected"] = [LifecycleState.Alerting],
        ["channel.connectionfailed"] = [LifecycleState.Alerting],
        ["channel.held"] = [LifecycleState.Connected],
        ["channel.retrieved"] = [LifecycleState.Held],
        ["channel.parked"] = [LifecycleState.Connected],
        ["channel.unparked"] = [LifecycleState.Parked],
        ["channel.interrupted"] = [LifecycleState.Connected],
        ["channel.resumed"] = [LifecycleState.Interrupted],
        ["channel.disconnected"] = [LifecycleState.Connected, LifecycleState.Held, LifecycleState.Parked, LifecycleState.Interrupted],
        ["channel.wrapstarted"] = [LifecycleState.Disconnected],
        ["channel.ended"] = [LifecycleState.Alerting, LifecycleState.Failed, LifecycleState.Disconnected, LifecycleState.Wrap],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>What decides where the lifecycle does not: <c>time</c>, then <c>id</c>, then document id.</summary>
    private static readonly Comparer<ChannelEvent> Remaining = Comparer<ChannelEvent>.Create((a, b) =>
        a.Time.CompareTo(b.Time) is var time and not 0 ? time
        : string.CompareOrdinal(a.EventId, b.EventId) is var id and not 0 ? id
        : string.CompareOrdinal(a.DocumentId, b.DocumentId));

    /// <summary>The cost of each event name from each state: how many events must be missing before it.</summary>
    private static readonly FrozenDictionary<string, int[]> Costs = ComputeCosts();

    /// <summary>Where a channel's lifecycle stands after an event.</summary>
    private enum LifecycleState
    {
        Start,
        Alerting,
        Connected,
        Held,
        Parked,
        Interrupted,
        Disconnected,
        Wrap,
        Failed,
        Ended,
    }

    /// <summary>
    /// Drops repeated documents (the same CloudEvents identity), keeping one, and orders the rest: by
    /// <c>data.timestamp</c>; at the same moment each channel's events in the order that makes its lifecycle possible
    /// (events of types this app does not know after them); then by <c>time</c>, then by <c>id</c>, then by document id.
    /// </summary>
    public static IEnumerable<ChannelEvent> Normalize(IEnumerable<ChannelEvent> events)
    {
        var distinct = events.DistinctBy(e => e.DocumentId, StringComparer.Ordinal).ToList();
        var place = new Dictionary<ChannelEvent, int>(ReferenceEqualityComparer.Instance);
        foreach (var channel in distinct.Where(e => e.Rule is not null).GroupBy(e => e.ChannelId, StringComparer.Ordinal))
        {
            var state = LifecycleState.Start;
            foreach (var moment in channel.GroupBy(e => e.Timestamp).OrderBy(moment => moment.Key))
            {
                var ordered = Possible([.. moment.OrderBy(e => e, Remaining)], ref state);
                for (var index = 0; index < ordered.Count; index++)
                {
                    place[ordered[index]] = index;
                }
            }
        }

        return distinct
            .OrderBy(e => e.Timestamp)
            .ThenBy(e => place.GetValueOrDefault(e, int.MaxValue))
            .ThenBy(e => e, Remaining);
    }

    /// <summary>
    /// Orders the events of one channel at one moment, given in <c>time</c>-then-id order, starting from
    /// <paramref name="state"/>, which it moves past them: each next event is the earliest one (in the given order)
    /// that starts a cheapest order of them all. Events of the same name are interchangeable for the cost, so the
    /// search runs over how many of each name are left.
    /// </summary>
    private static List<ChannelEvent> Possible(List<ChannelEvent> events, ref LifecycleState state)
    {
        // Each name's events, as positions in the given order: the first left of a name is the one to take next.
        var kinds = Enumerable.Range(0, events.Count)
            .GroupBy(index => events[index].Rule!.Phase.Name, StringComparer.Ordinal)
            .Select(kind => (Name: kind.Key, Positions: new Queue<int>(kind)))
            .ToArray();
        var names = kinds.Select(kind => kind.Name).ToArray();
        var left = kinds.Select(kind => kind.Positions.Count).ToArray();
        var search = Search.For(names, left);
        var ordered = new List<ChannelEvent>(events.Count);
        while (ordered.Count < events.Count)
        {
            var (best, bestCost) = (-1, int.MaxValue);
            for (var kind = 0; kind < kinds.Length; kind++)
            {
                if (left[kind] == 0)
                {
                    continue;
                }

                var (cost, next) = Step(state, names[kind]);
                left[kind]--;
                var total = cost + (search?.Cheapest(left, next) ?? 0);
                left[kind]++;
                if (total < bestCost || (total == bestCost && kinds[kind].Positions.Peek() < kinds[best].Positions.Peek()))
                {
                    (best, bestCost) = (kind, total);
                }
            }

            ordered.Add(events[kinds[best].Positions.Dequeue()]);
            left[best]--;
            state = Step(state, names[best]).Next;
        }

        return ordered;
    }

    /// <summary>What an event costs in a state, and the state after it (unchanged when it is impossible).</summary>
    private static (int Cost, LifecycleState Next) Step(LifecycleState state, string name)
    {
        var cost = Costs[name][(int)state];
        return (cost, cost >= Impossible ? state : Target(ChannelPhaseRules.TryGet(name, out var rule) ? rule : throw new InvalidOperationException(name)));
    }

    /// <summary>The state an event's phase rule leads to.</summary>
    private static LifecycleState Target(ChannelPhaseRule rule) => rule switch
    {
        { Enters: ChannelPhase.Alerting } => LifecycleState.Alerting,
        { Enters: ChannelPhase.Connected } => LifecycleState.Connected,
        { Enters: ChannelPhase.Held } => LifecycleState.Held,
        { Enters: ChannelPhase.Parked } => LifecycleState.Parked,
        { Enters: ChannelPhase.Interrupted } => LifecycleState.Interrupted,
        { Enters: ChannelPhase.Wrap } => LifecycleState.Wrap,
        { Outcome: ChannelOutcome.Ended } => LifecycleState.Ended,
        { Outcome: ChannelOutcome.ConnectionFailed } => LifecycleState.Failed,
        _ => LifecycleState.Disconnected,
    };

    /// <summary>
    /// For each event name and state, the fewest events that must be missing for the event to follow: the shortest
    /// path, over the lifecycle's transitions, from the state to one the event may follow.
    /// </summary>
    private static FrozenDictionary<string, int[]> ComputeCosts()
    {
        var states = Enum.GetValues<LifecycleState>();
        var edges = ChannelPhaseRules.All
            .SelectMany(rule => From.TryGetValue(rule.Name, out var from)
                ? from.Select(source => (From: source, To: Target(rule)))
                : throw new InvalidOperationException($"{rule.Name} has no line in TimelineOrder's lifecycle."))
            .ToLookup(edge => edge.From, edge => edge.To);
        var distances = states.Select(source =>
        {
            var distance = states.ToDictionary(state => state, _ => Impossible);
            distance[source] = 0;
            var queue = new Queue<LifecycleState>([source]);
            while (queue.TryDequeue(out var state))
            {
                foreach (var next in edges[state].Where(next => distance[next] == Impossible))
                {
                    distance[next] = distance[state] + 1;
                    queue.Enqueue(next);
                }
            }

            return distance;
        }).ToArray();
        return From.ToFrozenDictionary(
            entry => entry.Key,
            entry => states.Select(state => entry.Value.Min(from => distances[(int)state][from])).ToArray(),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// The cheapest cost of ordering what is left of one moment's events (how many of each name) from a state,
    /// remembered; <see cref="For"/> declines moments with too many combinations (see <see cref="MaxCombinations"/>).
    /// </summary>
    private sealed class Search
    {
        private static readonly int StateCount = Enum.GetValues<LifecycleState>().Length;
        private readonly string[] _names;
        private readonly int[] _radix;
        private readonly int?[] _cheapest;

        private Search(string[] names, int[] counts)
        {
            _names = names;
            _radix = new int[counts.Length];
            var combinations = 1;
            for (var kind = 0; kind < counts.Length; kind++)
            {
                _radix[kind] = combinations;
                combinations *= counts[kind] + 1;
            }

            _cheapest = new int?[combinations * StateCount];
        }

        /// <summary>A search over these events, or <c>null</c> when a moment has too many events to search every order.</summary>
        public static Search? For(string[] names, int[] counts)
        {
            var combinations = 1L;
            foreach (var count in counts)
            {
                combinations *= count + 1;
                if (combinations > MaxCombinations)
                {
                    return null;
                }
            }

            return combinations > 2 ? new Search(names, counts) : null;
        }

        public int Cheapest(int[] left, LifecycleState state)
        {
            var key = (int)state;
            for (var kind = 0; kind < left.Length; kind++)
            {
                key += left[kind] * _radix[kind] * StateCount;
            }

            if (_cheapest[key] is { } known)
            {
                return known;
            }

            var cheapest = left.Sum() == 0 ? 0 : int.MaxValue;
            for (var kind = 0; kind < left.Length; kind++)
            {
                if (left[kind] == 0)
                {
                    continue;
                }

                var (cost, next) = Step(state, _names[kind]);
                left[kind]--;
                var total = cost + Cheapest(left, next);
                left[kind]++;
                cheapest = Math.Min(cheapest, total);
            }

            _cheapest[key] = cheapest;
            return cheapest;
        }
    }
}
