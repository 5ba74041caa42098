using System.Text;
using System.Text.Json.Nodes;

namespace ChannelFunctions.TestSupport;

/// <summary>Valid and broken VCC channel events for tests, derived from the contract's own example.</summary>
internal static class TestEvents
{
    /// <summary>The example of ../shared/spec/channel.alerted.v0.md, byte for byte.</summary>
    public static byte[] SpecExample { get; } = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Data", "spec-example.json"));

    /// <summary>The spec example as a mutable JSON tree.</summary>
    public static JsonObject SpecExampleNode() => JsonNode.Parse(SpecExample)!.AsObject();

    /// <summary>The spec example changed by <paramref name="change"/>, as UTF-8 bytes.</summary>
    public static byte[] With(Action<JsonObject> change)
    {
        var node = SpecExampleNode();
        change(node);
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    /// <summary>A valid event of the given type, id and conversation, otherwise the spec example.</summary>
    public static byte[] Valid(string type = "channel.alerted.v0", string? id = null, string? conversationId = null) => With(e =>
    {
        e["type"] = type;
        e["id"] = id ?? e["id"]!.GetValue<string>();
        if (conversationId is not null)
        {
            e["data"]!["channel"]!["conversationId"] = conversationId;
        }
    });

    /// <summary>The party object of an event tree.</summary>
    public static JsonObject Party(JsonObject e) => e["data"]!["channel"]!["party"]!.AsObject();

    /// <summary>The channel object of an event tree.</summary>
    public static JsonObject Channel(JsonObject e) => e["data"]!["channel"]!.AsObject();
}
