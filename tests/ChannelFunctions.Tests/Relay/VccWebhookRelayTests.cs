using System.Security.Cryptography;
using System.Text;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Relay;
using ChannelFunctions.Core.Storage;
using ChannelFunctions.Core.Validation;
using ChannelFunctions.Relay;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Moq;
using static ChannelFunctions.Tests.Relay.RelayTestKit;

namespace ChannelFunctions.Tests.Relay;

/// <summary>The relay function called directly with real requests; the publisher is the seam.</summary>
public sealed class VccWebhookRelayTests
{
    private static readonly byte[] Body = TestEvents.SpecExample;
    private readonly byte[] _key = NewKey();
    private readonly Mock<IRelayPublisher> _publisher = new(MockBehavior.Strict);
    private readonly List<byte[]> _published = [];
    private readonly FakeLogger<VccWebhookRelay> _logger = new();
    private readonly Mock<IRejectedEventStore> _rejected = new();
    private readonly List<RejectedEvent> _kept = [];

    public VccWebhookRelayTests()
    {
        _publisher.Setup(p => p.PublishAsync(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .Callback<ReadOnlyMemory<byte>, string?, CancellationToken>((e, _, _) => _published.Add(e.ToArray()))
            .ReturnsAsync((EventFate?)null);
        _rejected.Setup(s => s.KeepAsync(It.IsAny<RejectedEvent>(), It.IsAny<CancellationToken>()))
            .Callback<RejectedEvent, CancellationToken>((r, _) => _kept.Add(r))
            .ReturnsAsync(true);
    }

    private VccWebhookRelay Relay(RelayOptions? options = null, TimeProvider? time = null, AzurePlatform? platform = null)
    {
        options ??= new RelayOptions { Secrets = [Base64(_key)] };
        var rejections = new RelayRejections(_rejected.Object, new ChannelEventValidator(), TimeProvider.System);
        return new VccWebhookRelay(Verifier(options, time, platform), _publisher.Object, rejections, Options.Create(options), _logger);
    }

    private static Task<IResult> Run(VccWebhookRelay relay, HttpRequest request) =>
        relay.RunAsync(request, new TestFunctionContext(), CancellationToken.None);

    private async Task<int> StatusOf(
        string? signature, byte[]? body = null, RelayOptions? options = null, TimeProvider? time = null, AzurePlatform? platform = null)
    {
        var result = await Run(Relay(options, time, platform), Request(body ?? Body, signature));
        return ((IStatusCodeHttpResult)result).StatusCode ?? 200;
    }

    [Fact]
    public async Task A_valid_signature_is_accepted_and_the_event_published_byte_for_byte()
    {
        var request = Request(Body, VccSignature.Sign(Body, _key, DateTimeOffset.UtcNow));

        var result = await Run(Relay(), request);

        Assert.Equal(200, ((IStatusCodeHttpResult)result).StatusCode);
        Assert.Equal(Body, Assert.Single(_published));
        var log = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Debug, log.Level);
        Assert.DoesNotContain("conversationId", log.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bearer_prefixed_token_is_accepted() =>
        Assert.Equal(200, await StatusOf("Bearer " + VccSignature.Sign(Body, _key, DateTimeOffset.UtcNow)));

    [Fact]
    public async Task A_token_signed_with_another_secret_is_refused() =>
        await AssertRefused(Token(NewKey(), Body), "the signature matches none of the configured secrets");

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var issued = DateTime.UtcNow.AddMinutes(-10);
        await AssertRefused(Token(_key, Body, issuedAt: issued, expires: issued.AddMinutes(5)), "the token expired at");
    }

    [Fact]
    public async Task A_token_expired_within_the_clock_skew_is_still_accepted()
    {
        var issued = DateTime.UtcNow.AddMinutes(-5).AddSeconds(-10);
        Assert.Equal(200, await StatusOf(Token(_key, Body, issuedAt: issued, expires: issued.AddMinutes(5))));
    }

    [Fact]
    public async Task A_token_not_valid_until_the_future_is_refused()
    {
        var later = DateTime.UtcNow.AddMinutes(3);
        await AssertRefused(Token(_key, Body, issuedAt: later, notBefore: later), "the token is not valid yet (nbf)");
    }

    [Fact]
    public async Task A_token_issued_in_the_future_is_refused() =>
        await AssertRefused(Token(_key, Body, issuedAt: DateTime.UtcNow.AddMinutes(3)), "the token was issued in the future (iat)");

    [Fact]
    public async Task A_token_without_iat_is_refused() =>
        await AssertRefused(Token(_key, Body, withIssuedAt: false), "the token has no iat claim");

    [Fact]
    public async Task A_token_living_VCCs_five_minutes_plus_the_skew_is_accepted()
    {
        var issued = DateTime.UtcNow;
        Assert.Equal(200, await StatusOf(Token(_key, Body, issuedAt: issued, expires: issued.AddMinutes(5).AddSeconds(30))));
    }

    [Fact]
    public async Task A_token_living_longer_than_VCCs_five_minutes_plus_the_skew_is_refused()
    {
        var issued = DateTime.UtcNow;
        await AssertRefused(Token(_key, Body, issuedAt: issued, expires: issued.AddMinutes(5).AddSeconds(31)), "the token lives 331 s (exp - iat); at most 330 s");
    }

    [Fact]
    public async Task A_token_living_a_year_is_refused() =>
        await AssertRefused(Token(_key, Body, expires: DateTime.UtcNow.AddYears(1)), "(exp - iat); at most 330 s are accepted");

    [Fact]
    public async Task Token_times_are_checked_on_the_injected_clock()
    {
        var then = new DateTimeOffset(2020, 8, 13, 17, 18, 13, TimeSpan.Zero);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(then);
        var token = VccSignature.Sign(Body, _key, then);

        Assert.Equal(200, await StatusOf(token, time: clock));
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(401, await StatusOf(token, time: clock));
        // Issued "in the future" of a clock that is behind.
        Assert.Equal(401, await StatusOf(VccSignature.Sign(Body, _key, then.AddMinutes(10)), time: clock));
    }

    [Fact]
    public async Task A_token_without_expiry_is_refused() =>
        await AssertRefused(Token(_key, Body, withExpiry: false), "the token has no exp claim");

    [Fact]
    public async Task A_payload_hash_of_another_body_is_refused() =>
        await AssertRefused(Token(_key, "{}"u8), "the payload_hash claim does not match the body");

    [Fact]
    public async Task A_payload_hash_that_is_not_hex_sha256_is_refused() =>
        await AssertRefused(Token(_key, Body, payloadHash: "abc"), "the payload_hash claim is not a hex SHA-256");

    [Fact]
    public async Task A_body_changed_after_signing_is_refused()
    {
        var token = VccSignature.Sign(Body, _key, DateTimeOffset.UtcNow);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Body).Replace("\"1544\"", "\"1545\"", StringComparison.Ordinal));

        await AssertRefused(token, "the payload_hash claim does not match the body", tampered);
    }

    [Fact]
    public async Task A_missing_header_is_refused() =>
        await AssertRefused(null, "the Vonage-Signature header is missing");

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    [InlineData("Bearer ")]
    public async Task A_malformed_token_is_refused(string token) =>
        Assert.Equal(401, await StatusOf(token));

    [Fact]
    public async Task An_unsigned_alg_none_token_is_refused()
    {
        var token = Token(null, Body);
        Assert.Contains("\"alg\":\"none\"", Encoding.UTF8.GetString(Base64UrlDecode(token.Split('.')[0])), StringComparison.Ordinal);

        await AssertRefused(token, "the token's algorithm is none, not HS256");
    }

    [Fact]
    public async Task Another_algorithm_is_refused_even_with_the_right_secret()
    {
        var longKey = RandomNumberGenerator.GetBytes(64); // HS512 needs 512 bits
        var options = new RelayOptions { Secrets = [Base64(longKey)] };

        Assert.Equal(401, await StatusOf(Token(longKey, Body, algorithm: "HS512"), options: options));
        Assert.Contains("the token's algorithm is HS512, not HS256", Assert.Single(_logger.Collector.GetSnapshot()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task During_rotation_both_secrets_are_accepted_and_after_it_only_the_new_one()
    {
        var newKey = NewKey();
        var both = new RelayOptions { Secrets = [Base64(_key), Base64(newKey)] };
        var afterRotation = new RelayOptions { Secrets = [Base64(newKey)] };

        Assert.Equal(200, await StatusOf(Token(_key, Body), options: both));
        Assert.Equal(200, await StatusOf(Token(newKey, Body), options: both));
        Assert.Equal(401, await StatusOf(Token(_key, Body), options: afterRotation));
        Assert.Equal(200, await StatusOf(Token(newKey, Body), options: afterRotation));
    }

    [Theory]
    [InlineData("[{}]")]
    [InlineData("{} {}")]
    [InlineData("not json")]
    [InlineData("\"text\"")]
    public async Task A_signed_body_that_is_not_one_json_object_is_a_bad_request_and_kept(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = Request(bytes, Token(_key, bytes));

        var result = await Run(Relay(), request);

        Assert.Equal(400, ((IStatusCodeHttpResult)result).StatusCode);
        Assert.Empty(_published);
        var kept = Assert.Single(_kept);
        Assert.Equal(EventFate.Invalid, kept.Fate);
        Assert.Equal(bytes, kept.Raw.ToArray());
        Assert.Equal("relay", kept.Delivery.Via);
        Assert.StartsWith("event: must be", Assert.Single(kept.Reasons), StringComparison.Ordinal);
        Assert.Contains(kept.Reasons[0], ((ProblemHttpResult)result).ProblemDetails.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_event_nested_deeper_than_the_host_reads_is_a_bad_request_and_kept()
    {
        // Published, it would make the host's Event Grid extension fail its whole batch (issue 10).
        var bytes = Nested(CloudEventJson.MaxEventDepth + 1);

        var result = await Run(Relay(), Request(bytes, Token(_key, bytes)));

        Assert.Equal(400, ((IStatusCodeHttpResult)result).StatusCode);
        Assert.Empty(_published);
        var kept = Assert.Single(_kept);
        Assert.Equal(EventFate.Invalid, kept.Fate);
        Assert.Equal(bytes, kept.Raw.ToArray());
        Assert.Equal([$"event: must nest at most {CloudEventJson.MaxEventDepth} levels deep, so that the Functions host can read the Event Grid batch it is delivered in"], kept.Reasons);
        Assert.Contains(kept.Reasons[0], ((ProblemHttpResult)result).ProblemDetails.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_event_as_deep_as_the_host_reads_is_published()
    {
        var bytes = Nested(CloudEventJson.MaxEventDepth);

        Assert.Equal(200, await StatusOf(Token(_key, bytes), bytes));
        Assert.Equal(bytes, Assert.Single(_published));
        Assert.Empty(_kept);
    }

    private static byte[] Nested(int depth) => ChannelFunctions.Tests.Contract.CloudEventJsonTests.Nested(depth);

    [Fact]
    public async Task A_malformed_body_that_cannot_be_kept_is_answered_503_so_VCC_resends_it()
    {
        _rejected.Reset();
        _rejected.Setup(s => s.KeepAsync(It.IsAny<RejectedEvent>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("blob store down"));
        var bytes = "[1]"u8.ToArray();

        var result = await Run(Relay(), Request(bytes, Token(_key, bytes)));

        Assert.Equal(503, ((IStatusCodeHttpResult)result).StatusCode);
    }

    [Fact]
    public async Task An_unsigned_body_is_not_kept()
    {
        var bytes = "[1]"u8.ToArray();

        Assert.Equal(401, await StatusOf(null, bytes));
        Assert.Empty(_kept);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_the_limit_is_too_large_whether_or_not_its_length_is_announced(bool sendContentLength)
    {
        var big = new byte[2048];
        var relay = Relay(new RelayOptions { Secrets = [Base64(_key)], MaxBodyBytes = 1024 });

        var result = await Run(relay, Request(big, Token(_key, big), sendContentLength));

        Assert.Equal(413, ((IStatusCodeHttpResult)result).StatusCode);
        Assert.Empty(_published);
    }

    [Fact]
    public async Task A_topic_failure_answers_503_with_retry_after_as_problem_json()
    {
        _publisher.Reset();
        _publisher.Setup(p => p.PublishAsync(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RelayUnavailableException("the Event Grid topic answered 429", TimeSpan.FromSeconds(12)));
        var request = Request(Body, Token(_key, Body));

        var result = await Run(Relay(), request);
        var json = await ExecuteAsync(result, request);

        Assert.Equal(503, request.HttpContext.Response.StatusCode);
        Assert.Equal("12", request.HttpContext.Response.Headers.RetryAfter.ToString());
        Assert.StartsWith("application/problem+json", request.HttpContext.Response.ContentType, StringComparison.Ordinal);
        Assert.Contains("\"status\":503", json, StringComparison.Ordinal);
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("429", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_publish_slower_than_the_timeout_answers_503()
    {
        _publisher.Reset();
        _publisher.Setup(p => p.PublishAsync(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .Returns(async (ReadOnlyMemory<byte> _, string? _, CancellationToken token) =>
            {
                await Task.Delay(Timeout.Infinite, token);
                return null;
            });
        var options = new RelayOptions { Secrets = [Base64(_key)], PublishTimeout = TimeSpan.FromMilliseconds(100) };
        var request = Request(Body, Token(_key, Body));

        var result = await Run(Relay(options), request);

        Assert.Equal(503, ((IStatusCodeHttpResult)result).StatusCode);
        Assert.Equal("30", request.HttpContext.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task Refusals_log_a_warning_with_the_reason_but_never_the_token_or_the_secret()
    {
        var token = Token(NewKey(), Body);
        var request = Request(Body, token);

        var result = await Run(Relay(), request);
        var json = await ExecuteAsync(result, request);

        Assert.Equal(401, request.HttpContext.Response.StatusCode);
        Assert.StartsWith("application/problem+json", request.HttpContext.Response.ContentType, StringComparison.Ordinal);
        var log = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, log.Level);
        Assert.Contains("matches none of the configured secrets", log.Message, StringComparison.Ordinal);
        foreach (var text in new[] { log.Message, json })
        {
            Assert.DoesNotContain(token.Split('.')[2], text, StringComparison.Ordinal);
            Assert.DoesNotContain(token.Split('.')[1], text, StringComparison.Ordinal);
            Assert.DoesNotContain(Base64(_key), text, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string[], string> Misconfigurations => new()
    {
        { [], "Relay__Secrets__0" },
        { ["@Microsoft.KeyVault(SecretUri=https://kv/secrets/vcc)"], "Relay__Secrets__0 is not valid base64" },
        { [Base64(new byte[8])], "decodes to 8 bytes" },
    };

    [Theory]
    [MemberData(nameof(Misconfigurations))]
    public async Task A_misconfigured_relay_gives_anonymous_callers_a_generic_503_and_the_log_the_details(string[] secrets, string detail)
    {
        var request = Request(Body, Token(_key, Body));

        var result = await Run(Relay(new RelayOptions { Secrets = secrets }), request);
        var json = await ExecuteAsync(result, request);

        Assert.Equal(503, request.HttpContext.Response.StatusCode);
        Assert.Equal("30", request.HttpContext.Response.Headers.RetryAfter);
        Assert.Contains("\"Events cannot be accepted now\"", json, StringComparison.Ordinal);
        foreach (var secretive in new[] { "Relay", "Secrets", "Key Vault", "base64", "bytes", "AllowUnsigned", detail })
        {
            Assert.DoesNotContain(secretive, json, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Error && r.Message.Contains(detail, StringComparison.Ordinal));
        Assert.Empty(_published);
    }

    [Fact]
    public void A_secret_that_is_not_base64_is_a_configuration_problem()
    {
        var verifier = Verifier(new RelayOptions { Secrets = ["@Microsoft.KeyVault(SecretUri=https://kv/secrets/vcc)"] });

        Assert.Equal("Relay__Secrets__0 is not valid base64 (an unresolved Key Vault reference?)", verifier.ConfigurationProblem);
    }

    [Fact]
    public void A_secret_shorter_than_16_bytes_is_a_configuration_problem() =>
        Assert.Equal(
            "Relay__Secrets__0 decodes to 8 bytes; at least 16 are needed",
            Verifier(new RelayOptions { Secrets = [Base64(new byte[8])] }).ConfigurationProblem);

    [Fact]
    public async Task Without_a_secret_the_local_switch_accepts_unsigned_requests_on_a_local_run() =>
        Assert.Equal(200, await StatusOf(null, options: new RelayOptions { AllowUnsignedForLocalDevelopment = true }));

    [Fact]
    public async Task Once_a_secret_is_configured_the_local_switch_relaxes_nothing()
    {
        var local = new RelayOptions { Secrets = [Base64(_key)], AllowUnsignedForLocalDevelopment = true };

        Assert.Equal(401, await StatusOf(null, options: local));
        Assert.Equal(401, await StatusOf(Token(NewKey(), Body), options: local));
        Assert.Equal(200, await StatusOf(Token(_key, Body), options: local));
        Assert.True(Verifier(local).IgnoresUnsignedSwitch);
        // A secret that does not decode is still a secret meant to be verified with: no unsigned fallback.
        Assert.False(Verifier(new RelayOptions { Secrets = ["@Microsoft.KeyVault(x)"], AllowUnsignedForLocalDevelopment = true }).AllowsUnsigned);
    }

    [Theory]
    [InlineData("WEBSITE_SITE_NAME", "func-abc")]
    [InlineData("WEBSITE_SKU", "FlexConsumption")]
    [InlineData("WEBSITE_INSTANCE_ID", "0d2f6a")]
    [InlineData("LEGION_SERVICE_HOST", "1")]
    public async Task In_Azure_the_local_switch_is_a_configuration_error_and_the_relay_answers_503(string variable, string value)
    {
        var azure = AzurePlatform.From(name => name == variable ? value : null);
        var options = new RelayOptions { AllowUnsignedForLocalDevelopment = true };

        Assert.Equal(503, await StatusOf(null, options: options, platform: azure));
        Assert.Equal(503, await StatusOf(Token(_key, Body), options: new RelayOptions { Secrets = [Base64(_key)], AllowUnsignedForLocalDevelopment = true }, platform: azure));
        Assert.Contains(
            $"Relay__AllowUnsignedForLocalDevelopment is set, but this app runs in Azure ({variable} is set)",
            Verifier(options, platform: azure).ConfigurationProblem,
            StringComparison.Ordinal);
        Assert.Empty(_published);
    }

    [Fact]
    public void A_blank_platform_variable_is_not_Azure() =>
        Assert.False(AzurePlatform.From(name => name == "WEBSITE_SITE_NAME" ? " " : null).IsAzure);

    private async Task AssertRefused(string? token, string reason, byte[]? body = null)
    {
        Assert.Equal(401, await StatusOf(token, body));
        Assert.Empty(_published);
        var log = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, log.Level);
        Assert.Contains(reason, log.Message, StringComparison.Ordinal);
    }

    private static byte[] Base64UrlDecode(string text) => Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(text);
}
