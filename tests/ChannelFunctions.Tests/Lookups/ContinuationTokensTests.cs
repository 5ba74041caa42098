using System.Buffers.Text;
using System.Text;
using ChannelFunctions.Core.Lookups;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace ChannelFunctions.Tests.Lookups;

public sealed class ContinuationTokensTests
{
    private const string Fingerprint = "Conversation\n3e71f453-116a-3abc-7769-bc678ef6e080\n\n\n-\n-";
    private const string StoreToken = "[{\"token\":\"+RID:~abc#RT:1#TRC:2\",\"range\":{\"min\":\"\",\"max\":\"FF\"}}]";

    [Fact]
    public void A_token_continues_the_query_it_was_issued_for()
    {
        var tokens = LookupTestSupport.Tokens();
        var token = tokens.Protect(Fingerprint, StoreToken);

        Assert.True(tokens.TryUnprotect(Fingerprint, token, out var inner, out _));
        Assert.Equal(StoreToken, inner);
        Assert.DoesNotContain("RID", token, StringComparison.Ordinal);
        Assert.Matches("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$", token);
    }

    [Fact]
    public void Another_instance_with_the_same_key_accepts_it() =>
        Assert.True(LookupTestSupport.Tokens().TryUnprotect(Fingerprint, LookupTestSupport.Tokens().Protect(Fingerprint, StoreToken), out _, out _));

    [Fact]
    public void A_token_of_another_query_is_foreign()
    {
        var tokens = LookupTestSupport.Tokens();
        var token = tokens.Protect(Fingerprint, StoreToken);

        Assert.False(tokens.TryUnprotect(Fingerprint.Replace("3e71", "4e71", StringComparison.Ordinal), token, out var inner, out var rule));
        Assert.Equal(ContinuationTokens.ForeignRule, rule);
        Assert.Empty(inner);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a token")]
    [InlineData("abc")]
    [InlineData(".abc")]
    [InlineData("abc.")]
    [InlineData("a$c.def")]
    [InlineData("+RID:~abc#RT:1#TRC:2")]
    public void Garbage_is_not_a_token(string token)
    {
        Assert.False(LookupTestSupport.Tokens().TryUnprotect(Fingerprint, token, out _, out var rule));
        Assert.Equal(ContinuationTokens.NotIssuedRule, rule);
    }

    [Fact]
    public void A_changed_payload_or_signature_or_another_key_is_refused()
    {
        var token = LookupTestSupport.Tokens().Protect(Fingerprint, StoreToken);
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        var forgedPayload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("{\"v\":1,\"q\":\"x\",\"c\":\"+RID:~zzz\"}")) + token[dot..];
        var flipped = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];
        var otherKey = LookupTestSupport.Tokens(Convert.ToBase64String(new byte[32])).Protect(Fingerprint, StoreToken);

        foreach (var forged in new[] { forgedPayload, flipped, otherKey, token + "A", new string('A', ContinuationTokens.MaxLength + 1) })
        {
            Assert.False(LookupTestSupport.Tokens().TryUnprotect(Fingerprint, forged, out _, out var rule));
            Assert.Equal(ContinuationTokens.NotIssuedRule, rule);
        }
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", true)]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==", false)]
    [InlineData("not base64!", false)]
    public void Keys_are_base64_of_at_least_32_bytes(string? key, bool valid) => Assert.Equal(valid, ContinuationTokens.IsValidKey(key));

    [Fact]
    public void Without_a_key_each_process_signs_with_its_own_and_warns()
    {
        var logger = new FakeLogger<ContinuationTokens>();
        var first = new ContinuationTokens(Options.Create(new LookupOptions()), logger);
        var second = new ContinuationTokens(Options.Create(new LookupOptions()), logger);

        Assert.True(first.TryUnprotect(Fingerprint, first.Protect(Fingerprint, StoreToken), out _, out _));
        Assert.False(second.TryUnprotect(Fingerprint, first.Protect(Fingerprint, StoreToken), out _, out _));
        Assert.Equal(2, logger.Collector.GetSnapshot().Count(r => r.Level == LogLevel.Warning));
    }
}
