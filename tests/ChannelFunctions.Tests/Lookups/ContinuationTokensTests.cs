using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using ChannelFunctions.Core.Lookups;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

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
    public void A_token_continues_its_query_for_the_lifetime_and_no_longer()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        var tokens = LookupTestSupport.Tokens(time: clock);
        var token = tokens.Protect(Fingerprint, StoreToken);
        var shortLived = new ContinuationTokens(
            Options.Create(new LookupOptions { ContinuationTokenKey = LookupTestSupport.Key, ContinuationTokenLifetime = TimeSpan.FromMinutes(10) }),
            clock, NullLogger<ContinuationTokens>.Instance);

        Assert.Equal(TimeSpan.FromHours(1), new LookupOptions().ContinuationTokenLifetime);
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.True(tokens.TryUnprotect(Fingerprint, token, out _, out _));
        Assert.True(shortLived.TryUnprotect(Fingerprint, token, out _, out _));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(shortLived.TryUnprotect(Fingerprint, token, out var inner, out var rule));
        Assert.Equal((string.Empty, ContinuationTokens.ExpiredRule), (inner, rule));
        clock.Advance(TimeSpan.FromMinutes(50) - TimeSpan.FromSeconds(1));
        Assert.True(tokens.TryUnprotect(Fingerprint, token, out _, out _));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(tokens.TryUnprotect(Fingerprint, token, out _, out rule));
        Assert.Equal(ContinuationTokens.ExpiredRule, rule);
    }

    [Fact]
    public void A_token_issued_further_ahead_than_clock_skew_allows_is_refused_too()
    {
        var now = new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
        var slightlyAhead = LookupTestSupport.Tokens(time: new FakeTimeProvider(now.AddMinutes(4))).Protect(Fingerprint, StoreToken);
        var farAhead = LookupTestSupport.Tokens(time: new FakeTimeProvider(now.AddMinutes(6))).Protect(Fingerprint, StoreToken);
        var tokens = LookupTestSupport.Tokens(time: new FakeTimeProvider(now));

        Assert.True(tokens.TryUnprotect(Fingerprint, slightlyAhead, out _, out _));
        Assert.False(tokens.TryUnprotect(Fingerprint, farAhead, out _, out var rule));
        Assert.Equal(ContinuationTokens.ExpiredRule, rule);
    }

    [Fact]
    public void During_a_key_rotation_tokens_of_the_previous_key_are_accepted_and_new_ones_signed_with_the_current()
    {
        var oldKey = LookupTestSupport.Key;
        var newKey = Convert.ToBase64String(Enumerable.Range(100, 32).Select(i => (byte)i).ToArray());
        var beforeRotation = LookupTestSupport.Tokens(oldKey);
        var duringRotation = LookupTestSupport.Tokens(newKey, previousKey: oldKey);
        var afterRotation = LookupTestSupport.Tokens(newKey);
        var issuedBefore = beforeRotation.Protect(Fingerprint, StoreToken);
        var issuedDuring = duringRotation.Protect(Fingerprint, StoreToken);

        Assert.True(duringRotation.TryUnprotect(Fingerprint, issuedBefore, out var inner, out _));
        Assert.Equal(StoreToken, inner);
        Assert.True(duringRotation.TryUnprotect(Fingerprint, issuedDuring, out _, out _));
        Assert.True(afterRotation.TryUnprotect(Fingerprint, issuedDuring, out _, out _));
        Assert.False(beforeRotation.TryUnprotect(Fingerprint, issuedDuring, out _, out var rule));
        Assert.Equal(ContinuationTokens.NotIssuedRule, rule);
        Assert.False(afterRotation.TryUnprotect(Fingerprint, issuedBefore, out _, out rule));
        Assert.Equal(ContinuationTokens.NotIssuedRule, rule);
        // A token of another query stays foreign, whichever key signed it.
        Assert.False(duringRotation.TryUnprotect(Fingerprint + "x", issuedBefore, out _, out rule));
        Assert.Equal(ContinuationTokens.ForeignRule, rule);
    }

    [Fact]
    public void A_token_without_an_issue_time_is_refused_even_when_signed_with_the_key()
    {
        var payload = Encoding.UTF8.GetBytes($"{{\"v\":1,\"q\":\"{QueryHashOf(Fingerprint)}\",\"c\":\"+RID:~abc\"}}");
        var unversioned = $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(HMACSHA256.HashData(Convert.FromBase64String(LookupTestSupport.Key), payload))}";

        Assert.False(LookupTestSupport.Tokens().TryUnprotect(Fingerprint, unversioned, out _, out var rule));
        Assert.Equal(ContinuationTokens.NotIssuedRule, rule);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", true)]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://kv/secrets/previous)", false)]
    public void A_previous_key_is_checked_like_the_current_one(string? previousKey, bool usable)
    {
        var tokens = LookupTestSupport.Tokens(previousKey: previousKey);
        var token = LookupTestSupport.Tokens().Protect(Fingerprint, StoreToken);

        var failure = Record.Exception(() => tokens.TryUnprotect(Fingerprint, token, out _, out _));

        Assert.Equal(usable, failure is null);
        Assert.Equal(usable ? null : [ContinuationTokens.PreviousKeyRule], (failure as OptionsValidationException)?.Failures);
    }

    private static string QueryHashOf(string fingerprint) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint)).AsSpan(0, 16));

    [Fact]
    public void Without_a_key_each_process_signs_with_its_own_and_warns()
    {
        var logger = new FakeLogger<ContinuationTokens>();
        var first = new ContinuationTokens(Options.Create(new LookupOptions()), TimeProvider.System, logger);
        var second = new ContinuationTokens(Options.Create(new LookupOptions()), TimeProvider.System, logger);

        Assert.True(first.TryUnprotect(Fingerprint, first.Protect(Fingerprint, StoreToken), out _, out _));
        Assert.False(second.TryUnprotect(Fingerprint, first.Protect(Fingerprint, StoreToken), out _, out _));
        Assert.Equal(2, logger.Collector.GetSnapshot().Count(r => r.Level == LogLevel.Warning));
    }
}
