using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Documents;

namespace ChannelFunctions.Cli.Generate;

/// <summary>One generated event.</summary>
/// <param name="Raw">The CloudEvent's bytes.</param>
/// <param name="ConversationId">The conversation it belongs to.</param>
/// <param name="Broken">Deliberately broken, so the validator must refuse it.</param>
/// <param name="Duplicate">A second delivery of an event generated before it.</param>
internal sealed record GeneratedEvent(byte[] Raw, string ConversationId, bool Broken, bool Duplicate);

/// <summary>What to generate beyond well-formed conversations.</summary>
/// <param name="Conversations">How many conversations.</param>
/// <param name="Start">When the first conversation begins.</param>
/// <param name="DuplicateShare">The share of events delivered twice, as at-least-once delivery does.</param>
/// <param name="BrokenShare">The share of events broken on purpose (each in one way the validator refuses).</param>
/// <param name="Shuffle">Deliver in random order instead of time order, as webhooks may.</param>
internal sealed record TrafficPlan(int Conversations, DateTimeOffset Start, double DuplicateShare = 0, double BrokenShare = 0, bool Shuffle = false);

/// <summary>
/// Synthetic VCC channel traffic, the same for the same seed: inbound and outbound calls, answered and failed, holds,
/// transfers between agents, supervisors monitoring, voicemail, wrap-up and the end of every channel, with
/// timestamps in lifecycle order, KSUID-style event ids and GUIDs, in the shape of the contract's example.
/// </summary>
internal sealed class TrafficGenerator(int seed)
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const long KsuidEpoch = 1_400_000_000;
    private static readonly string[] FailureReasons = ["busy", "noanswer", "rejected"];
    private readonly Random _random = new(seed);
    private readonly Dictionary<string, string> _agentUsers = [];

    /// <summary>Generates the traffic of a plan, in delivery order.</summary>
    public IReadOnlyList<GeneratedEvent> Generate(TrafficPlan plan)
    {
        var events = new List<GeneratedEvent>();
        var start = plan.Start;
        for (var index = 0; index < plan.Conversations; index++)
        {
            var conversation = new Conversation(this, start);
            if (_random.NextDouble() < 0.7)
            {
                conversation.Inbound();
            }
            else
            {
                conversation.Outbound();
            }

            events.AddRange(conversation.Events().Select(raw => new GeneratedEvent(raw, conversation.Id, false, false)));
            start = start.AddSeconds(_random.Next(5, 300));
        }

        var delivered = new List<GeneratedEvent>(events.Count);
        foreach (var generated in events)
        {
            var item = _random.NextDouble() < plan.BrokenShare ? generated with { Raw = Break(generated.Raw), Broken = true } : generated;
            delivered.Add(item);
            if (_random.NextDouble() < plan.DuplicateShare)
            {
                delivered.Add(item with { Duplicate = true });
            }
        }

        if (plan.Shuffle)
        {
            var array = delivered.ToArray();
            _random.Shuffle(array);
            return array;
        }

        return delivered;
    }

    private string Guid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4, as System.Guid lays the bytes out
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes).ToString("D");
    }

    /// <summary>A KSUID: 4 bytes of seconds since 2014-05-13 and 16 random bytes, as 27 base-62 digits, so ids sort by time.</summary>
    private string Ksuid(DateTimeOffset at)
    {
        Span<byte> bytes = stackalloc byte[20];
        var seconds = (uint)(at.ToUnixTimeSeconds() - KsuidEpoch);
        bytes[0] = (byte)(seconds >> 24);
        bytes[1] = (byte)(seconds >> 16);
        bytes[2] = (byte)(seconds >> 8);
        bytes[3] = (byte)seconds;
        _random.NextBytes(bytes[4..]);
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        Span<char> digits = stackalloc char[27];
        for (var position = digits.Length - 1; position >= 0; position--)
        {
            value = BigInteger.DivRem(value, 62, out var remainder);
            digits[position] = Base62[(int)remainder];
        }

        return new string(digits);
    }

    private (string AgentId, string UserId) Agent()
    {
        var agentId = _random.Next(1001, 1041).ToString(CultureInfo.InvariantCulture);
        if (!_agentUsers.TryGetValue(agentId, out var userId))
        {
            userId = Guid();
            _agentUsers[agentId] = userId;
        }

        return (agentId, userId);
    }

    private TimeSpan Seconds(int min, int max) => TimeSpan.FromMilliseconds(_random.Next(min * 1000, max * 1000));

    /// <summary>Breaks an event in one of the ways senders get things wrong.</summary>
    private byte[] Break(byte[] raw)
    {
        var node = JsonNode.Parse(raw)!.AsObject();
        var channel = node["data"]!["channel"]!.AsObject();
        switch (_random.Next(5))
        {
            case 0: node.Remove("subject"); break;
            case 1: channel["party"]!["role"] = "customer"; break;
            case 2: node["data"]!["timestamp"] = "yesterday"; break;
            case 3: channel["conversationId"] = "not-a-guid"; break;
            default: node["specversion"] = "0.3"; break;
        }

        return System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    /// <summary>One conversation: its channels and their events, built in time order.</summary>
    private sealed class Conversation(TrafficGenerator generator, DateTimeOffset start)
    {
        private readonly string _interactionId = generator.Guid();
        private readonly string _version = generator._random.NextDouble() < 0.2 ? "v1" : "v0";
        private readonly List<(DateTimeOffset At, int Order, byte[] Raw)> _events = [];
        private DateTimeOffset _now = start;

        public string Id { get; } = generator.Guid();

        public IEnumerable<byte[]> Events() => _events.OrderBy(e => e.At).ThenBy(e => e.Order).Select(e => e.Raw);

        public void Inbound()
        {
            var customer = Channel(PartyRoles.External);
            // The first channel of an inbound interaction alerts for zero time.
            Emit(customer, "alerted");
            Emit(customer, "connected");
            Wait(5, 90); // queueing
            var agent = Channel(PartyRoles.Agent);
            Emit(agent, "alerted");
            Wait(2, 20);
            if (generator._random.NextDouble() < 0.15)
            {
                Emit(agent, "connectionfailed", "noanswer");
                Emit(agent, "ended", "noanswer");
                if (generator._random.NextDouble() < 0.5)
                {
                    Visit(PartyRoles.Voicemail);
                }

                Hangup(customer, "abandoned");
                return;
            }

            Emit(agent, "connected");
            agent = Talk(customer, agent);
            Finish(customer, agent);
        }

        public void Outbound()
        {
            var agent = Channel(PartyRoles.Agent);
            Emit(agent, "alerted");
            Emit(agent, "connected");
            Wait(1, 3);
            var customer = Channel(PartyRoles.External);
            Emit(customer, "alerted");
            Wait(3, 25);
            if (generator._random.NextDouble() < 0.3)
            {
                var reason = FailureReasons[generator._random.Next(FailureReasons.Length)];
                Emit(customer, "connectionfailed", reason);
                Emit(customer, "ended", reason);
                WrapUp(agent, 5, 30);
                return;
            }

            Emit(customer, "connected");
            agent = Talk(customer, agent);
            Finish(customer, agent);
        }

        /// <summary>The connected part: maybe a hold, a supervisor listening in, a transfer to another agent.</summary>
        private Channel Talk(Channel customer, Channel agent)
        {
            Wait(20, 240);
            if (generator._random.NextDouble() < 0.3)
            {
                Emit(customer, "held");
                Wait(10, 90);
                Emit(customer, "retrieved");
                Wait(10, 120);
            }

            if (generator._random.NextDouble() < 0.1)
            {
                Visit(PartyRoles.Monitor);
            }

            if (generator._random.NextDouble() < 0.2)
            {
                Emit(customer, "held");
                var next = Channel(PartyRoles.Agent);
                Emit(next, "alerted");
                Wait(2, 15);
                Emit(next, "connected");
                Emit(customer, "retrieved");
                WrapUp(agent, 10, 60);
                Wait(20, 180);
                return next;
            }

            return agent;
        }

        private void Finish(Channel customer, Channel agent)
        {
            Hangup(customer);
            WrapUp(agent, 10, 90);
        }

        /// <summary>A party joins for a while and leaves: a supervisor listening in, or voicemail taking a message.</summary>
        private void Visit(string role)
        {
            var channel = Channel(role);
            Emit(channel, "alerted");
            Emit(channel, "connected");
            Wait(10, 60);
            Hangup(channel);
        }

        /// <summary>A connected channel ends: disconnected and ended at the same moment.</summary>
        private void Hangup(Channel channel, string reason = "released")
        {
            Emit(channel, "disconnected");
            Emit(channel, "ended", reason);
        }

        /// <summary>An agent's channel leaves the call into wrap (after-call work), and ends when wrap is done.</summary>
        private void WrapUp(Channel agent, int minSeconds, int maxSeconds)
        {
            var left = _now;
            Emit(agent, "disconnected");
            Emit(agent, "wrapstarted");
            _now += generator.Seconds(minSeconds, maxSeconds);
            Emit(agent, "ended", "released");
            _now = left;
        }

        private void Wait(int minSeconds, int maxSeconds) => _now += generator.Seconds(minSeconds, maxSeconds);

        private Channel Channel(string role)
        {
            var (agentId, userId) = PartyRoles.RequiresAgentId(role) ? generator.Agent() : (null, null);
            return new Channel(generator.Guid(), role, agentId, userId);
        }

        private void Emit(Channel channel, string name, string? reason = null)
        {
            // VCC sends the notification a little after the change it reports.
            var sent = _now.AddTicks(generator._random.Next(200_000, 9_000_000));
            var buffer = new ArrayBufferWriter<byte>(700);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("specversion", "1.0");
                writer.WriteString("type", $"channel.{name}.{_version}");
                writer.WriteString("id", generator.Ksuid(sent));
                writer.WriteString("source", "/channel");
                writer.WriteString("subject", channel.Id);
                writer.WriteString("time", ChannelEventDocument.FormatTime(sent));
                writer.WriteString("datacontenttype", "application/json");
                writer.WriteStartObject("data");
                writer.WriteString("timestamp", _now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                if (reason is not null)
                {
                    writer.WriteString("reason", reason);
                }

                writer.WriteStartObject("channel");
                writer.WriteString("conversationId", Id);
                writer.WriteString("interactionId", _interactionId);
                writer.WriteString("channelId", channel.Id);
                writer.WriteStartObject("party");
                writer.WriteString("role", channel.Role);
                if (channel.AgentId is not null)
                {
                    writer.WriteString("agentId", channel.AgentId);
                    writer.WriteString("userId", channel.UserId);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            _events.Add((_now, _events.Count, buffer.WrittenSpan.ToArray()));
        }
    }

    private sealed record Channel(string Id, string Role, string? AgentId, string? UserId);
}
