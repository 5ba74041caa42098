using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChannelFunctions.Core.Lookups;

/// <summary>
/// Wraps the store's continuation tokens in an envelope of ours: <c>base64url(payload).base64url(HMAC-SHA256)</c>,
/// where the payload is <c>{"v":1,"q":"…","c":"…"}</c>: the version, a hash of the query's
/// <see cref="EventQuery.Fingerprint"/> and the store's token. The signature means only tokens this service issued
/// reach the store; the hash means a token only continues the query it came from. Anything else is refused with
/// a reason fit for a 400.
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

    /// <summary>What a configured key must be; said (in the log only) when it is not.</summary>
    public const string KeyRule = "Lookups: Lookups__ContinuationTokenKey must be base64 of at least 32 random bytes.";

    private const int Version = 1;
    private readonly Lazy<byte[]> _key;

    /// <summary>
    /// Uses <see cref="LookupOptions.ContinuationTokenKey"/>, or a random key of this process when unset. The key is read
    /// on first use, not here: a bad one (an unresolved Key Vault reference) makes the lookups answer 503 instead of
    /// keeping the app, ingest and relay included, from starting.
    /// </summary>
    public ContinuationTokens(IOptions<LookupOptions> options, ILogger<ContinuationTokens> logger) =>
        _key = new Lazy<byte[]>(() => ReadKey(options.Value.ContinuationTokenKey, logger));

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

        return TryDecodeKey(configured, out var key)
            ? key
            : throw new OptionsValidationException(LookupOptions.SectionName, typeof(LookupOptions), [KeyRule]);
    }

    /// <summary>Wraps the store's token for the query with this fingerprint.</summary>
    /// <exception cref="OptionsValidationException">The configured key is unusable.</exception>
    public string Protect(string fingerprint, string storeToken)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Payload(Version, QueryHash(fingerprint), storeToken), PayloadContext.Default.Payload);
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(HMACSHA256.HashData(_key.Value, payload))}";
    }

    /// <summary>
    /// Unwraps a token for the query with this fingerprint; on failure <paramref name="rule"/> says why
    /// (<see cref="NotIssuedRule"/> or <see cref="ForeignRule"/>).
    /// </summary>
    /// <exception cref="OptionsValidationException">The configured key is unusable.</exception>
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
        if (!CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(_key.Value, payload)))
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

        if (parsed is not { V: Version, Q: { } hash, C: { Length: > 0 } inner })
        {
            return false;
        }

        if (hash != QueryHash(fingerprint))
        {
            rule = ForeignRule;
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

    internal sealed record Payload(int V, string? Q, string? C);

    [System.Text.Json.Serialization.JsonSerializable(typeof(Payload))]
    [System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
    internal sealed partial class PayloadContext : System.Text.Json.Serialization.JsonSerializerContext;
}
