using System.Text.Json.Serialization;

namespace ChannelFunctions.Core.Metrics;

/// <summary>Who started a conversation: the customer (inbound) or an agent (outbound).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConversationDirection>))]
public enum ConversationDirection
{
    /// <summary>The conversation's earliest <c>alerted</c> is an external channel's.</summary>
    [JsonStringEnumMemberName("inbound")]
    Inbound,

    /// <summary>The conversation's earliest <c>alerted</c> is an agent channel's.</summary>
    [JsonStringEnumMemberName("outbound")]
    Outbound,
}
