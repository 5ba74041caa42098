namespace ChannelFunctions.Core.Contract;

/// <summary>
/// The CloudEvents 1.0 attributes (JSON format) every event family shares: their names, as reasons and queries spell
/// them. Each family's <c>data</c> members are in its own table (<see cref="ChannelEventMembers"/>).
/// </summary>
public static class CloudEventAttributes
{
    /// <summary>The CloudEvents version, <c>1.0</c>.</summary>
    public const string SpecVersion = "specversion";

    /// <summary>The event's id, unique per <see cref="Source"/>.</summary>
    public const string Id = "id";

    /// <summary>Where the event comes from.</summary>
    public const string Source = "source";

    /// <summary>The event's type, with its version, for example <c>channel.alerted.v0</c>.</summary>
    public const string Type = "type";

    /// <summary>The media type of <see cref="Data"/>.</summary>
    public const string DataContentType = "datacontenttype";

    /// <summary>Binary data, base64; never together with <see cref="Data"/>.</summary>
    public const string DataBase64 = "data_base64";

    /// <summary>What the event is about, within its source.</summary>
    public const string Subject = "subject";

    /// <summary>When the event was sent.</summary>
    public const string Time = "time";

    /// <summary>The event's data, a JSON object.</summary>
    public const string Data = "data";
}
