using ChannelFunctions.Core;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Lookups;
using ChannelFunctions.Core.Relay;
using ChannelFunctions.Lookups;
using ChannelFunctions.Relay;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ChannelFunctions.Tests.Functions;

/// <summary>
/// A bad lookups setting, as the host passes it, on an app registered as Program.cs registers it: the app starts,
/// ingest and the relay work, the lookups answer a 503 that names nothing, and the log says what is wrong.
/// </summary>
public sealed class LookupConfigurationTests
{
    private const string UnresolvedReference = "@Microsoft.KeyVault(SecretUri=https://kv-abc.vault.azure.net/secrets/lookups-token-key)";

    private static IHost App(Dictionary<string, string?> settings, FakeLogCollector logs)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cosmos:ConnectionString"] = "AccountEndpoint=https://127.0.0.1:1/;AccountKey=a2V5;",
            ["RejectedEvents:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Relay:AllowUnsignedForLocalDevelopment"] = "true",
        }.Concat(settings));
        builder.Logging.AddProvider(new FakeLoggerProvider(logs));
        builder.Services.AddChannelFunctionsCore(builder.Configuration);
        builder.Services.AddChannelFunctionsRelay(builder.Configuration);
        builder.Services.AddHostedService<RelayConfigurationReport>();
        builder.Services.AddChannelFunctionsLookups(builder.Configuration);
        builder.Services.AddSingleton<LookupEndpoint>();
        builder.Services.AddHostedService<LookupConfigurationReport>();
        return builder.Build();
    }

    public static TheoryData<string, string> BadSettings => new()
    {
        { "Lookups:ContinuationTokenKey", UnresolvedReference },
        { "Lookups:ContinuationTokenKey", Convert.ToBase64String(new byte[8]) },
        { "Lookups:MaxAgentWindow", "00:00:01" },
        { "Lookups:PreviousContinuationTokenKey", UnresolvedReference },
        { "Lookups:ContinuationTokenLifetime", "30.00:00:00" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_lookups_setting_does_not_stop_the_app_and_the_lookups_answer_a_503_that_names_nothing(string name, string value)
    {
        var logs = new FakeLogCollector();
        using var app = App(new() { [name] = value }, logs);

        await app.StartAsync();

        // Ingest and the relay are there and ready.
        Assert.NotNull(app.Services.GetRequiredService<ChannelEventIngestor>());
        Assert.Null(app.Services.GetRequiredService<VccSignatureVerifier>().ConfigurationProblem);
        Assert.Contains(logs.GetSnapshot(), log => log.Level == LogLevel.Error
            && log.Message.StartsWith("The lookups will answer 503 until they are configured", StringComparison.Ordinal)
            && log.Message.Contains(name.Split(':')[1], StringComparison.Ordinal));

        var lookup = ActivatorUtilities.CreateInstance<GetAgentEvents>(app.Services);
        var request = HttpTestContext.Get(
            "/api/agents/1544/events", "?from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z&continuationToken=eyJ2IjoxfQ.c2ln",
            new Dictionary<string, string> { ["agentId"] = "1544" });
        var answer = await (await lookup.RunAsync(request, "1544", CancellationToken.None)).ExecuteAsync(request);

        Assert.Equal(503, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal("Lookups are unavailable.", answer.Json.GetProperty("title").GetString());
        foreach (var secretive in new[] { "Lookups__", "Lookups:", name.Split(':')[1], "ContinuationTokenKey", "MaxAgentWindow", "Key Vault", "base64", value })
        {
            Assert.DoesNotContain(secretive, answer.Body, StringComparison.OrdinalIgnoreCase);
        }

        await app.StopAsync();
    }

    [Fact]
    public void A_bad_token_key_is_never_used_to_sign_a_token()
    {
        var tokens = new ContinuationTokens(Microsoft.Extensions.Options.Options.Create(new LookupOptions { ContinuationTokenKey = UnresolvedReference }),
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<ContinuationTokens>.Instance);

        var failure = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => tokens.Protect("fingerprint", "store-token"));

        Assert.Equal([ContinuationTokens.KeyRule], failure.Failures);
    }
}
