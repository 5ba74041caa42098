using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ChannelFunctions.TestSupport;

/// <summary>A party's channel in a scripted conversation.</summary>
internal sealed record ScriptChannel(string InteractionId, string ChannelId, string Role, string? AgentId, string? UserId);

/// <summary>
/// Writes realistic VCC channel CloudEvents for one conversation, as VCC would send them, at seconds after a fixed
/// start. Self-contained (no test data files) so the integration tests can link it too.
/// </summary>
internal sealed class ConversationScript(string conversationId, DateTimeOffset? start = null)
{
    private readonly List<byte[]> _events = [];

    /// <summary>The moment second 0 of the script stands for.</summary>
    public DateTimeOffset Start { get; } = start ?? new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public string ConversationId { get; } = conversationId;

    /// <summary>The events written so far, in the order they were written.</summary>
    public IReadOnlyList<byte[]> Events => _events;

    /// <summary>Adds one event of <c>channel.{name}.{version}</c>; returns its CloudEvents id.</summary>
    public string Add(ScriptChannel channel, string name, double seconds, string? reason = null, string version = "v0", string? id = null)
    {
        id ??= $"2Vej{ConversationId[..8]}{_events.Count:D6}".PadRight(27, 'Q');
        var timestamp = Start.AddSeconds(seconds);
        var party = new JsonObject { ["role"] = channel.Role };
        if (channel.AgentId is not null)
        {
            party["agentId"] = channel.AgentId;
        }

        if (channel.UserId is not null)
        {
            party["userId"] = channel.UserId;
        }

        var data = new JsonObject
        {
            ["timestamp"] = timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["channel"] = new JsonObject
            {
                ["conversationId"] = ConversationId,
                ["interactionId"] = channel.InteractionId,
                ["channelId"] = channel.ChannelId,
                ["party"] = party,
            },
        };
        if (reason is not null)
        {
            data["reason"] = reason;
        }

        var cloudEvent = new JsonObject
        {
            ["specversion"] = "1.0",
            ["type"] = $"channel.{name}.{version}",
            ["id"] = id,
            ["source"] = "/channel",
            ["subject"] = channel.ChannelId,
            ["time"] = timestamp.AddMilliseconds(412.3456).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            ["datacontenttype"] = "application/json",
            ["data"] = data,
        };
        _events.Add(Encoding.UTF8.GetBytes(cloudEvent.ToJsonString()));
        return id;
    }

    /// <summary>The customer of <see cref="InboundCallWithTransfer"/>.</summary>
    public static ScriptChannel Customer(string interactionId) =>
        new(interactionId, "740109c1-12d5-430f-9543-131fe5c4edcb", "external", null, null);

    /// <summary>The first agent of <see cref="InboundCallWithTransfer"/>.</summary>
    public static ScriptChannel FirstAgent(string interactionId) =>
        new(interactionId, "8a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "agent", "1544", "ef71f453-556a-3abc-7769-bc678ef6e090");

    /// <summary>The second agent of <see cref="InboundCallWithTransfer"/>.</summary>
    public static ScriptChannel SecondAgent(string interactionId) =>
        new(interactionId, "5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e", "agent", "2077", "aa71f453-556a-3abc-7769-bc678ef6e0ab");

    /// <summary>
    /// An inbound call: the customer's channel alerts for zero time and connects; agent 1 is alerted and answers,
    /// puts the customer on hold and back, transfers to agent 2 (alerted, answers); agent 1 disconnects, wraps up
    /// and ends; later the customer and agent 2 hang up, agent 2 wraps up, all channels end.
    /// </summary>
    public static ConversationScript InboundCallWithTransfer(
        string conversationId = "3e71f453-116a-3abc-7769-bc678ef6e080",
        string interactionId = "1371f451-116a-4abc-8869-bc678ef67070",
        DateTimeOffset? start = null)
    {
        var script = new ConversationScript(conversationId, start);
        var customer = Customer(interactionId);
        var agent1 = FirstAgent(interactionId);
        var agent2 = SecondAgent(interactionId);
        script.Add(customer, "alerted", 0);
        script.Add(customer, "connected", 0);
        script.Add(agent1, "alerted", 12.5);
        script.Add(agent1, "connected", 18.25, version: "v1");
        script.Add(customer, "held", 95);
        script.Add(customer, "retrieved", 140.5);
        script.Add(agent2, "alerted", 170);
        script.Add(agent2, "connected", 176);
        script.Add(agent1, "disconnected", 181);
        script.Add(agent1, "wrapstarted", 181);
        script.Add(agent1, "ended", 241, reason: "released");
        script.Add(customer, "disconnected", 420);
        script.Add(customer, "ended", 420, reason: "released");
        script.Add(agent2, "disconnected", 420.75, version: "v1");
        script.Add(agent2, "wrapstarted", 420.75, version: "v1");
        script.Add(agent2, "ended", 480, reason: "released", version: "v1");
        return script;
    }
}
