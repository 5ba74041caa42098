using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChannelFunctions.Core.Relay;

/// <summary>The verdict on one request's signature.</summary>
/// <param name="IsAccepted">Whether the request may be relayed.</param>
/// <param name="Failure">Why it may not, in words safe to log: never the token or a secret.</param>
public readonly record struct SignatureCheck(bool IsAccepted, string? Failure)
{
    /// <summary>A valid signature over this body.</summary>
    public static SignatureCheck Valid { get; } = new(true, null);

    /// <summary>No signature, accepted because the local-development switch is on.</summary>
    public static SignatureCheck Unsigned { get; } = new(true, "unsigned (local development)");

    /// <summary>A refusal with its reason.</summary>
    public static SignatureCheck Refused(string reason) => new(false, reason);
}

/// <summary>
/// Verifies the <c>Vonage-Signature</c> of a VCC webhook request as <c>vcc-webhooks.md</c> describes: the JWT's
/// HS256 signature with any configured secret; its times (<c>iat</c> and <c>exp</c> required, a lifetime no longer than
/// VCC's five minutes, all with a small clock skew, on <see cref="TimeProvider"/>'s clock); then its <c>payload_hash</c>
/// against the SHA-256 of the raw body, compared in constant time. Thread-safe.
/// </summary>
public sealed class VccSignatureVerifier
{
    private const string BearerPrefix = "Bearer ";
    private readonly JsonWebTokenHandler _handler = new();
    private readonly TokenValidationParameters _parameters;
    private readonly TimeSpan _clockSkew;
    private readonly TimeProvider _time;
    private readonly bool _allowUnsigned;
    private readonly bool _hasKeys;

    /// <summary>
    /// Decodes the configured secrets once; a problem with them, or the local-development switch where it must not
    /// be, is kept in <see cref="ConfigurationProblem"/>.
    /// </summary>
    public VccSignatureVerifier(IOptions<RelayOptions> options, TimeProvider time, AzurePlatform platform)
    {
        var relay = options.Value;
        _clockSkew = relay.ClockSkew;
        _time = time;

        var keys = new List<SecurityKey>();
        var problems = new List<string>();
        for (var index = 0; index < relay.Secrets.Length; index++)
        {
            // A blank setting is an unset one (the sample file ships Relay__Secrets__0 empty).
            if (string.IsNullOrWhiteSpace(relay.Secrets[index]))
            {
                continue;
            }

            if (VccSignature.TryDecodeSecret(relay.Secrets[index], out var key, out var problem))
            {
                keys.Add(new SymmetricSecurityKey(key));
            }
            else
            {
                problems.Add($"{RelayOptions.SectionName}__Secrets__{index} {problem}");
            }
        }

        // Any secret configured, even one that does not decode, means the relay is meant to verify: the switch then
        // relaxes nothing. In Azure it is refused outright, so that a local settings file pushed there cannot open the relay.
        var secretsConfigured = keys.Count > 0 || problems.Count > 0;
        _allowUnsigned = relay.AllowUnsignedForLocalDevelopment && !secretsConfigured && !platform.IsAzure;
        IgnoresUnsignedSwitch = relay.AllowUnsignedForLocalDevelopment && secretsConfigured;
        if (relay.AllowUnsignedForLocalDevelopment && platform.IsAzure)
        {
            problems.Add($"{RelayOptions.SectionName}__AllowUnsignedForLocalDevelopment is set, but this app runs in Azure "
                + $"({platform.Evidence} is set): remove the setting and configure {RelayOptions.SectionName}__Secrets__0");
        }
        else if (keys.Count == 0 && problems.Count == 0 && !_allowUnsigned)
        {
            problems.Add($"no VCC webhook secret is configured: set {RelayOptions.SectionName}__Secrets__0 to the subscription's "
                + $"base64 secret (or a Key Vault reference to it), or, for local development only, {RelayOptions.SectionName}__AllowUnsignedForLocalDevelopment=true");
        }

        ConfigurationProblem = problems.Count == 0 ? null : string.Join("; ", problems);
        _hasKeys = keys.Count > 0;
        _parameters = new TokenValidationParameters
        {
            IssuerSigningKeys = keys,
            // VCC's tokens carry no kid, so every configured secret is tried: that is what makes rotation work.
            TryAllIssuerSigningKeys = true,
            ValidAlgorithms = [VccSignature.Algorithm],
            RequireSignedTokens = true,
            // The token's times are checked below, on the injected clock (the library would read the system clock).
            ValidateLifetime = false,
            // VCC documents no issuer or audience.
            ValidateIssuer = false,
            ValidateAudience = false,
        };
    }

    /// <summary>
    /// Why the relay cannot verify requests as configured (no secret and no local-development switch, or a secret
    /// that does not decode); <c>null</c> when it can. The relay refuses to serve while this is set.
    /// </summary>
    public string? ConfigurationProblem { get; }

    /// <summary>Whether requests without a signature are accepted (the local-development switch, with no secret, outside Azure).</summary>
    public bool AllowsUnsigned => _allowUnsigned;

    /// <summary>Whether the local-development switch is set but ignored because secrets are configured.</summary>
    public bool IgnoresUnsignedSwitch { get; }

    /// <summary>The longest lifetime (<c>exp</c> − <c>iat</c>) accepted: VCC's five minutes plus the clock skew.</summary>
    public TimeSpan MaxLifetime => VccSignature.Lifetime + _clockSkew;

    /// <summary>Checks a request's <c>Vonage-Signature</c> header value (bare token or <c>Bearer</c> token) against its body.</summary>
    public async Task<SignatureCheck> VerifyAsync(string? header, ReadOnlyMemory<byte> body)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return _allowUnsigned ? SignatureCheck.Unsigned : SignatureCheck.Refused($"the {VccSignature.HeaderName} header is missing");
        }

        if (!_hasKeys)
        {
            return SignatureCheck.Refused("a signature was sent but no secret is configured to verify it");
        }

        var token = header.Trim();
        if (token.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            token = token[BearerPrefix.Length..].Trim();
        }

        var result = await _handler.ValidateTokenAsync(token, _parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return SignatureCheck.Refused(Describe(result.Exception, token));
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        if (CheckTimes(jwt) is { } timeFailure)
        {
            return SignatureCheck.Refused(timeFailure);
        }

        if (!jwt.TryGetPayloadValue<string>(VccSignature.PayloadHashClaim, out var claimed) || claimed is null)
        {
            return SignatureCheck.Refused($"the token has no {VccSignature.PayloadHashClaim} claim");
        }

        Span<byte> claimedHash = stackalloc byte[SHA256.HashSizeInBytes];
        if (claimed.Length != SHA256.HashSizeInBytes * 2
            || Convert.FromHexString(claimed, claimedHash, out _, out _) != OperationStatus.Done)
        {
            return SignatureCheck.Refused($"the {VccSignature.PayloadHashClaim} claim is not a hex SHA-256");
        }

        return CryptographicOperations.FixedTimeEquals(VccSignature.PayloadHash(body.Span), claimedHash)
            ? SignatureCheck.Valid
            : SignatureCheck.Refused($"the {VccSignature.PayloadHashClaim} claim does not match the body");
    }

    /// <summary>
    /// The token's times on <see cref="TimeProvider"/>'s clock, each with the clock skew: <c>exp</c> and <c>iat</c>
    /// required, not expired, not before <c>nbf</c>, not issued in the future, and living no longer than VCC's tokens
    /// do (a longer-lived token, even correctly signed, could be replayed for longer than VCC intends).
    /// </summary>
    private string? CheckTimes(JsonWebToken jwt)
    {
        if (!jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Exp, out _))
        {
            return "the token has no exp claim";
        }

        if (!jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Iat, out _))
        {
            return "the token has no iat claim";
        }

        var now = _time.GetUtcNow().UtcDateTime;
        if (jwt.ValidTo < now - _clockSkew)
        {
            return $"the token expired at {jwt.ValidTo:O}";
        }

        if (jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Nbf, out _) && jwt.ValidFrom > now + _clockSkew)
        {
            return "the token is not valid yet (nbf)";
        }

        if (jwt.IssuedAt > now + _clockSkew)
        {
            return "the token was issued in the future (iat)";
        }

        var lifetime = jwt.ValidTo - jwt.IssuedAt;
        return lifetime > MaxLifetime
            ? $"the token lives {lifetime.TotalSeconds:F0} s (exp - iat); at most {MaxLifetime.TotalSeconds:F0} s are accepted"
            : null;
    }

    // Own words for each failure: the library's messages may quote the token.
    private string Describe(Exception? failure, string token) => failure switch
    {
        // The library reports a wrong algorithm (alg none included) as a signature failure; say which it was.
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidAlgorithmException
            when _handler.CanReadToken(token) && _handler.ReadJsonWebToken(token).Alg is var alg && alg != VccSignature.Algorithm =>
            $"the token's algorithm is {Printable(alg)}, not {VccSignature.Algorithm}",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidAlgorithmException =>
            "the signature matches none of the configured secrets",
        SecurityTokenMalformedException or ArgumentException => "the token is not a well-formed JWT",
        null => "the token was refused",
        _ => $"the token was refused ({failure.GetType().Name})",
    };

    // The alg header is the sender's text: log at most a short, plain rendering of it.
    private static string Printable(string? alg) =>
        alg is { Length: > 0 and <= 16 } && alg.All(char.IsAsciiLetterOrDigit) ? alg : "unrecognised";
}
