using System.ComponentModel.DataAnnotations;

namespace ChannelFunctions.Core.Relay;

/// <summary>The VCC webhook relay's settings, bound from the <c>Relay</c> configuration section.</summary>
public sealed class RelayOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Relay";

    /// <summary>
    /// The Event Grid topic endpoint events are published to, with <c>DefaultAzureCredential</c>. When not set, the
    /// relay hands events straight to the ingest core, so a local run needs no Event Grid.
    /// </summary>
    public Uri? TopicEndpoint { get; set; }

    /// <summary>
    /// The VCC subscription secrets, base64 as VCC shows them (<c>Relay__Secrets__0</c>, <c>Relay__Secrets__1</c>; each may
    /// be a Key Vault reference). A signature made with any of them is accepted, so a secret can be rotated without
    /// dropping events: add the new one, change the subscription, then remove the old one.
    /// </summary>
    public string[] Secrets { get; set; } = [];

    /// <summary>
    /// The wait suggested to VCC in <c>Retry-After</c> when the relay cannot accept an event and nothing better is known
    /// (the topic gave no hint, a store is out, the relay is not configured).
    /// </summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>How far the clocks of VCC and this app may disagree when checking a token's times.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest request body accepted, in bytes; larger ones get 413. VCC events are under 1 KiB.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// How long publishing one event may take, retries included, before the relay answers 503. VCC gives up after
    /// 10 seconds, so this stays well below that.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:08")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Local development only: accept requests that carry no <c>Vonage-Signature</c> header when no secret is
    /// configured. Once any secret is configured it relaxes nothing; in Azure it is a configuration error and the relay
    /// answers 503 until it is removed.
    /// </summary>
    public bool AllowUnsignedForLocalDevelopment { get; set; }
}
