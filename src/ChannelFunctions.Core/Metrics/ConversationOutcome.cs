using System.Text.Json.Serialization;

namespace ChannelFunctions.Core.Metrics;

/// <summary>How a conversation turned out, with the names of the answers (docs/metrics.md).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConversationOutcome>))]
public enum ConversationOutcome
{
    /// <summary>Inbound: an agent channel connected (before the customer's channel ended); outbound: the customer's channel connected.</summary>
    [JsonStringEnumMemberName("answered")]
    Answered,

    /// <summary>Inbound: the customer's channel ended before any agent or voicemail channel connected.</summary>
    [JsonStringEnumMemberName("abandoned")]
    Abandoned,

    /// <summary>Inbound: no agent channel connected and a voicemail channel did.</summary>
    [JsonStringEnumMemberName("voicemail")]
    Voicemail,

    /// <summary>Not decided yet.</summary>
    [JsonStringEnumMemberName("in-progress")]
    InProgress,

    /// <summary>Outbound: the customer's channel failed or ended before connecting.</summary>
    [JsonStringEnumMemberName("unanswered")]
    Unanswered,
}
