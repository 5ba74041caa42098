using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChannelFunctions.Core.Relay;

/// <summary>
/// The VCC webhook signature as VCC makes it: a JWT in the <c>Vonage-Signature</c> header, HS256-signed with the
/// base64-decoded subscription secret, expiring 5 minutes after issue, whose <c>payload_hash</c> claim is the hex
/// SHA-256 of the raw body. One definition for the relay that verifies and the CLI that signs.
/// </summary>
public static class VccSignature
{
    /// <summary>The request header that carries the token.</summary>
    public const string HeaderName = "Vonage-Signature";

    /// <summary>The claim holding the hex SHA-256 of the request body.</summary>
    public const string PayloadHashClaim = "payload_hash";

    /// <summary>The only signing algorithm VCC uses, and so the only one accepted.</summary>
    public const string Algorithm = SecurityAlgorithms.HmacSha256;

    /// <summary>How long VCC's tokens live.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The shortest secret accepted, in bytes: Microsoft.IdentityModel refuses HMAC keys under 128 bits. VCC
    /// recommends at least 32 bytes.
    /// </summary>
    public const int MinimumSecretBytes = 16;

    /// <summary>The SHA-256 of a body, as the raw 32 bytes.</summary>
    public static byte[] PayloadHash(ReadOnlySpan<byte> body) => SHA256.HashData(body);

    /// <summary>
    /// Decodes a subscription secret as VCC shows it (base64) into the key bytes, or says why it cannot be used.
    /// </summary>
    public static bool TryDecodeSecret(string secret, out byte[] key, out string? problem)
    {
        key = [];
        var buffer = new byte[secret.Length];
        if (!Convert.TryFromBase64String(secret.Trim(), buffer, out var length))
        {
            problem = "is not valid base64 (an unresolved Key Vault reference?)";
            return false;
        }

        if (length < MinimumSecretBytes)
        {
            problem = $"decodes to {length} bytes; at least {MinimumSecretBytes} are needed";
            return false;
        }

        key = buffer[..length];
        problem = null;
        return true;
    }

    /// <summary>Signs a body exactly as VCC does: <c>iat</c> now, <c>exp</c> five minutes later, <c>payload_hash</c>.</summary>
    /// <param name="body">The raw request body that will be sent.</param>
    /// <param name="key">The base64-decoded subscription secret.</param>
    /// <param name="issuedAt">The moment of signing.</param>
    public static string Sign(ReadOnlySpan<byte> body, byte[] key, DateTimeOffset issuedAt)
    {
        // VCC's tokens carry iat and exp only; without this the handler would add nbf too.
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { [PayloadHashClaim] = Convert.ToHexStringLower(PayloadHash(body)) },
            IssuedAt = issuedAt.UtcDateTime,
            Expires = (issuedAt + Lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), Algorithm),
        });
    }
}
