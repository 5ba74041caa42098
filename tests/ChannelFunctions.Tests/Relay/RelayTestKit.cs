using System.Security.Cryptography;
using System.Text;
using ChannelFunctions.Core.Relay;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChannelFunctions.Tests.Relay;

/// <summary>Secrets, tokens and requests for relay tests, made the way VCC makes them or deliberately not.</summary>
internal static class RelayTestKit
{
    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);

    public static string Base64(byte[] key) => Convert.ToBase64String(key);

    /// <summary>A token with every part under the test's control; defaults are VCC's.</summary>
    public static string Token(
        byte[]? key, ReadOnlySpan<byte> body, DateTime? issuedAt = null, DateTime? expires = null, DateTime? notBefore = null,
        string algorithm = VccSignature.Algorithm, string? payloadHash = null, bool withExpiry = true, bool withIssuedAt = true)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object>
            {
                [VccSignature.PayloadHashClaim] = payloadHash ?? Convert.ToHexStringLower(SHA256.HashData(body)),
            },
            IssuedAt = withIssuedAt ? issuedAt ?? now : null,
            Expires = withExpiry ? expires ?? (issuedAt ?? now) + VccSignature.Lifetime : null,
            NotBefore = notBefore,
            SigningCredentials = key is null ? null : new SigningCredentials(new SymmetricSecurityKey(key), algorithm),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>A verifier of these settings, on the system clock, outside Azure unless told otherwise.</summary>
    public static VccSignatureVerifier Verifier(RelayOptions options, TimeProvider? time = null, AzurePlatform? platform = null) =>
        new(Microsoft.Extensions.Options.Options.Create(options), time ?? TimeProvider.System, platform ?? AzurePlatform.Local);

    /// <summary>A real request as the ASP.NET Core integration hands it to the function, with a readable response.</summary>
    public static HttpRequest Request(byte[] body, string? signature, bool sendContentLength = true)
    {
        var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = HttpMethods.Post;
        context.Request.Path = "/api/vcc/events";
        context.Request.ContentType = "application/cloudevents+json";
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = sendContentLength ? body.Length : null;
        if (signature is not null)
        {
            context.Request.Headers[VccSignature.HeaderName] = signature;
        }

        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    /// <summary>Runs a result against its request's response, as the worker does, and returns the response body.</summary>
    public static async Task<string> ExecuteAsync(IResult result, HttpRequest request)
    {
        await result.ExecuteAsync(request.HttpContext);
        return Encoding.UTF8.GetString(((MemoryStream)request.HttpContext.Response.Body).ToArray());
    }
}
