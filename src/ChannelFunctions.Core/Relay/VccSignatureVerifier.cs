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
/// HS256 signature with any configured secret, its lifetime with a small clock skew, then its <c>payload_hash</c>
/// against the SHA-256 of the raw body, compared in constant time. Thread-safe.
/// </summary>
public sealed class VccSignatureVerifier
{
    private const string BearerPrefix = "Bearer ";
    private readonly JsonWebTokenHandler _handler = new();
    private readonly TokenValidationParameters _parameters;
    private readonly TimeSpan _clockSkew;
    private readonly bool _allowUnsigned;
    private readonly bool _hasKeys;

    /// <summary>Decodes the configured secrets once; a problem with them is kept in <see cref="ConfigurationProblem"/>.</summary>
    public VccSignatureVerifier(IOptions<RelayOptions> options)
    {
        var relay = options.Value;
        _clockSkew = relay.ClockSkew;
        _allowUnsigned = relay.AllowUnsignedForLocalDevelopment;

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

        if (keys.Count == 0 && problems.Count == 0 && !_allowUnsigned)
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
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = _clockSkew,
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

    /// <summary>Whether requests without a signature are accepted (the local-development switch).</summary>
    public bool AllowsUnsigned => _allowUnsigned;

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
        // Lifetime validation checks exp and nbf only; a token issued in the future means a forged token or a badly
        // skewed clock. Same clock as the library's lifetime check.
        if (jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Iat, out _)
            && jwt.IssuedAt > DateTime.UtcNow + _clockSkew)
        {
            return SignatureCheck.Refused("the token was issued in the future (iat)");
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

    // Own words for each failure: the library's messages may quote the token.
    private string Describe(Exception? failure, string token) => failure switch
    {
        // The library reports a wrong algorithm (alg none included) as a signature failure; say which it was.
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidAlgorithmException
            when _handler.CanReadToken(token) && _handler.ReadJsonWebToken(token).Alg is var alg && alg != VccSignature.Algorithm =>
            $"the token's algorithm is {Printable(alg)}, not {VccSignature.Algorithm}",
        SecurityTokenExpiredException expired => $"the token expired at {expired.Expires:O}",
        SecurityTokenNotYetValidException => "the token is not valid yet (nbf)",
        SecurityTokenNoExpirationException => "the token has no exp claim",
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
