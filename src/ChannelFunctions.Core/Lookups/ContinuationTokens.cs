using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChannelFunctions.Core.Lookups;

/// <summary>
/// Wraps the store's continuation tokens in an envelope of ours: <c>base64url(payload).base64url(HMAC-SHA256)</c>,
/// where the payload is <c>{"v":2,"t":…,"q":"…","c":"…"}</c>: the version, when it was issued (Unix seconds), a hash
/// of the query's <see cref="EventQuery.Fingerprint"/> and the store's token. The signature means only tokens this
/// service issued reach the store; the hash means a token only continues the query it came from; the issue time means
/// it does so for <see cref="LookupOptions.ContinuationTokenLifetime"/> only. Tokens are signed with
/// <see cref="LookupOptions.ContinuationTokenKey"/> and accepted when signed with it or, while a key is being rotated,
/// with <see cref="LookupOptions.PreviousContinuationTokenKey"/>. Anything else is refused with a reason fit for a 400.
/// </summary>
public sealed partial class ContinuationTokens
{
    /// <summary>The longest token accepted, in characters.</summary>
    public const int MaxLength = 16 * 1024;

    /// <summary>The rule a token that this service did not issue breaks.</summary>
    public const string NotIssuedRule = "is not a continuation token issued by this service";

    /// <summary>The rule a token of another query breaks.</summary>
    public const string ForeignRule =
        "belongs to a different query (another conversation, interaction, agent or other filters); start again without it";

    /// <summary>The rule a token issued longer than the lifetime ago breaks.</summary>
    public const string ExpiredRule = "has expired; start again without it";

    /// <summary>What a configured key must be; said (in the log only) when it is not.</summary>
    public const string KeyRule = "Lookups: Lookups__ContinuationTokenKey must be base64 of at least 32 random bytes.";

    /// <summary>What a configured previous key must be; said (in the log only) when it is not.</summary>
    public const string PreviousKeyRule = "Lookups: Lookups__PreviousContinuationTokenKey must be base64 of at least 32 random bytes, or unset.";

    /// <summary>How far ahead of this instance's clock another instance's may be, which a token's issue time may show.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private const int Version = 2;
    private readonly Lazy<(byte[] Current, byte[]? Previous)> _keys;
    private readonly IOptions<LookupOptions> _options;
    private readonly TimeProvider _time;

    /// <summary>
    /// Uses <see cref="LookupOptions.ContinuationTokenKey"/>, or a random key of this process when unset, and
    /// <see cref="LookupOptions.PreviousContinuationTokenKey"/> when set. The keys are read on first use, not here: a
    /// bad one (an unresolved Key Vault reference) makes the lookups answer 503 instead of keeping the app, ingest and
    /// relay included, from starting.
    /// </summary>
    public ContinuationTokens(IOptions<LookupOptions> options, TimeProvider time, ILogger<ContinuationTokens> logger)
    {
        _options = options;
        _time = time;
        _keys = new Lazy<(byte[], byte[]?)>(() => (
            ReadKey(options.Value.ContinuationTokenKey, logger),
            string.IsNullOrEmpty(options.Value.PreviousContinuationTokenKey) ? null : DecodeKey(options.Value.PreviousContinuationTokenKey, PreviousKeyRule)));
    }

    /// <summary>Whether a configured key is usable: base64 of at least 32 bytes.</summary>
    public static bool IsValidKey(string? key) => string.IsNullOrEmpty(key) || TryDecodeKey(key, out _);

    private static bool TryDecodeKey(string key, out byte[] bytes)
    {
        var buffer = new byte[key.Length];
        var valid = Convert.TryFromBase64String(key, buffer, out var length) && length >= 32;
        bytes = valid ? buffer[..length] : [];
        return valid;
    }

    /// <exception cref="OptionsValidationException">The configured key is not base64 of at least 32 bytes.</exception>
    private static byte[] ReadKey(string? configured, ILogger logger)
    {
        if (string.IsNullOrEmpty(configured))
        {
            LogRandomKey(logger);
            return RandomNumberGenerator.GetBytes(32);
        }

        return DecodeKey(configured, KeyRule);
    }

    /// <exception cref="OptionsValidationException">The key is not base64 of at least 32 bytes.</exception>
    private static byte[] DecodeKey(string configured, string rule) =>
        TryDecodeKey(configured, out var key)
            ? key
            : throw new OptionsValidationException(LookupOptions.SectionName, typeof(LookupOptions), [rule]);

    /// <summary>Wraps the store's token for the query with this fingerprint, issued now, signed with the current key.</summary>
    /// <exception cref="OptionsValidationException">A configured key is unusable.</exception>
    public string Protect(string fingerprint, string storeToken)
    {
        var issued = _time.GetUtcNow().ToUnixTimeSeconds();
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Payload(Version, issued, QueryHash(fingerprint), storeToken), PayloadContext.Default.Payload);
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(HMACSHA256.HashData(_keys.Value.Current, payload))}";
    }

    /// <summary>
    /// Unwraps a token for the query with this fingerprint; on failure <paramref name="rule"/> says why
    /// (<see cref="NotIssuedRule"/>, <see cref="ForeignRule"/> or <see cref="ExpiredRule"/>).
    /// </summary>
    /// <exception cref="OptionsValidationException">A configured key is unusable.</exception>
    public bool TryUnprotect(string fingerprint, string token, out string storeToken, out string rule)
    {
        storeToken = string.Empty;
        rule = NotIssuedRule;
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (token.Length > MaxLength || dot <= 0 || !Base64Url.IsValid(token.AsSpan(0, dot)) || !Base64Url.IsValid(token.AsSpan(dot + 1)))
        {
            return false;
        }

        var payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
        var signature = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        var (current, previous) = _keys.Value;
        if (!CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(current, payload))
            && !(previous is not null && CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(previous, payload))))
        {
            return false;
        }

        // Signed by us, so well-formed; still, nothing in it may throw.
        Payload? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(payload, PayloadContext.Default.Payload);
        }
        catch (JsonException)
        {
            return false;
        }

        if (parsed is not { V: Version, T: { } issued, Q: { } hash, C: { Length: > 0 } inner })
        {
            return false;
        }

        if (hash != QueryHash(fingerprint))
        {
            rule = ForeignRule;
            return false;
        }

        // Signed by an instance of this service, so the issue time is its clock's: allow for skew between instances
        // (a token from further ahead than that is refused too, or it would outlive the lifetime).
        var age = _time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(issued, 0, DateTimeOffset.MaxValue.ToUnixTimeSeconds()));
        if (age > _options.Value.ContinuationTokenLifetime || age < -ClockSkew)
        {
            rule = ExpiredRule;
            return false;
        }

        storeToken = inner;
        rule = string.Empty;
        return true;
    }

    private static string QueryHash(string fingerprint) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint)).AsSpan(0, 16));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lookups:ContinuationTokenKey is not set: continuation tokens are signed with a random key of this process and are refused by other instances and after a restart")]
    private static partial void LogRandomKey(ILogger logger);

    internal sealed record Payload(int V, long? T, string? Q, string? C);

    [System.Text.Json.Serialization.JsonSerializable(typeof(Payload))]
    [System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
    internal sealed partial class PayloadContext : System.Text.Json.Serialization.JsonSerializerContext;
}
