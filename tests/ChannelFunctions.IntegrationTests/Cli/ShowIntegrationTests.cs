using System.Text.Json;
using ChannelFunctions.Core;
using ChannelFunctions.IntegrationTests.Servers;
using ChannelFunctions.Lookups;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ChannelFunctions.IntegrationTests.Cli;

/// <summary>
/// <c>show</c> gives the lookup API's answers: the CLI's output is compared with what the HTTP functions answer over
/// the same stores, after <c>ingest</c> put the sample conversation there.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ShowIntegrationTests(ServersFixture servers)
{
    private const string ConversationId = "5b2c6f0e-8d1a-4c3b-9e7f-2a4d6c8e0b13";
    private const string AgentChannelId = "a8b7c6d5-e4f3-4a2b-9c1d-0e9f8a7b6c5d";

    [Fact]
    public async Task Show_answers_with_the_lookup_apis_json()
    {
        using var stack = await CliStack.CreateAsync(servers);
        await using var app = await IngestSampleAsync(stack);

        await AssertSameAsync(
            await CliRun.Of("show", "conversation", ConversationId, "--settings", stack.SettingsFile),
            r => app.GetRequiredService<GetConversation>().RunAsync(r, ConversationId, CancellationToken.None),
            $"/api/conversations/{ConversationId}");
        await AssertSameAsync(
            await CliRun.Of("show", "channel", AgentChannelId, "--settings", stack.SettingsFile),
            r => app.GetRequiredService<GetChannel>().RunAsync(r, AgentChannelId, CancellationToken.None),
            $"/api/channels/{AgentChannelId}");
        const string Window = "?from=2026-01-05T09:00:00Z&to=2026-01-05T10:00:00Z";
        var agent = await CliRun.Of("show", "agent", "1544", "--from", "2026-01-05T09:00:00Z", "--to", "2026-01-05T10:00:00Z", "--settings", stack.SettingsFile);
        await AssertSameAsync(agent, r => app.GetRequiredService<GetAgentEvents>().RunAsync(r, "1544", CancellationToken.None), "/api/agents/1544/events", Window);
        Assert.Equal(5, agent.Json[0].GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task Show_conversation_as_html_writes_the_page_the_api_answers_a_browser()
    {
        using var stack = await CliStack.CreateAsync(servers);
        await using var app = await IngestSampleAsync(stack);

        var cli = await CliRun.Of("show", "conversation", ConversationId, "--format", "html", "--settings", stack.SettingsFile);
        var request = HttpTestContext.Get($"/api/conversations/{ConversationId}");
        request.Headers.Accept = "text/html";
        var answer = await (await app.GetRequiredService<GetConversation>().RunAsync(request, ConversationId, CancellationToken.None)).ExecuteAsync(request);

        Assert.True(cli.ExitCode == 0, cli.Error);
        Assert.Equal("text/html; charset=utf-8", answer.ContentType);
        Assert.StartsWith("<!DOCTYPE html>", answer.Body, StringComparison.Ordinal);
        Assert.Equal(answer.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries), cli.Lines);
        Assert.Equal(4, cli.Lines.Count(line => line.Contains("data-channel-id=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Show_says_not_found_and_refuses_invalid_parameters_as_the_api_does()
    {
        using var stack = await CliStack.CreateAsync(servers);

        var missing = await CliRun.Of("show", "conversation", "00000000-0000-0000-0000-000000000001", "--settings", stack.SettingsFile);
        var invalid = await CliRun.Of("show", "conversation", "not-a-guid", "--settings", stack.SettingsFile);
        var window = await CliRun.Of("show", "agent", "1544", "--from", "2026-01-05T10:00:00Z", "--to", "2026-01-05T09:00:00Z", "--settings", stack.SettingsFile);

        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("Not found: no events are stored for conversation 00000000-0000-0000-0000-000000000001", missing.Error, StringComparison.Ordinal);
        Assert.Equal(2, invalid.ExitCode);
        Assert.Contains("conversationId", invalid.Error, StringComparison.Ordinal);
        Assert.Equal(2, window.ExitCode);
    }

    [Fact]
    public async Task Show_agent_filters_by_type_refuses_unknown_types_and_says_not_found_for_an_empty_window()
    {
        using var stack = await CliStack.CreateAsync(servers);
        var ingest = await CliRun.Of("ingest", Path.Combine(CliStack.Samples, "conversation"), "--settings", stack.SettingsFile);
        Assert.True(ingest.ExitCode == 0, ingest.Error);
        string[] window = ["--from", "2026-01-05T09:00:00Z", "--to", "2026-01-05T10:00:00Z", "--settings", stack.SettingsFile];

        var all = await CliRun.Of(["show", "agent", "1544", .. window]);
        var connected = await CliRun.Of(["show", "agent", "1544", .. window, "--type", "channel.connected.v0"]);
        var bogus = await CliRun.Of(["show", "agent", "1544", .. window, "--type", "channel.bogus"]);
        var nobody = await CliRun.Of(["show", "agent", "9999", .. window]);

        var types = (CliRun run) => run.Json[0].GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.True(connected.ExitCode == 0, connected.Error);
        Assert.Equal(types(all).Where(type => type == "channel.connected.v0"), types(connected));
        Assert.NotEmpty(types(connected));
        Assert.True(types(all).Count > types(connected).Count);
        Assert.Equal(2, bogus.ExitCode);
        Assert.Contains("type: must be a channel event type", bogus.Error, StringComparison.Ordinal);
        Assert.Equal(1, nobody.ExitCode);
        Assert.Empty(nobody.Lines);
        Assert.Contains("Not found: no events are stored for agent 9999", nobody.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Continuation_tokens_work_across_runs_with_a_configured_key_and_the_cli_says_when_there_is_none()
    {
        using var stack = await CliStack.CreateAsync(servers);
        var ingest = await CliRun.Of("ingest", Path.Combine(CliStack.Samples, "conversation"), "--settings", stack.SettingsFile);
        Assert.True(ingest.ExitCode == 0, ingest.Error);
        var keyed = stack.Settings(("Lookups__ContinuationTokenKey", Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray())));
        string[] page = ["show", "agent", "1544", "--from", "2026-01-05T09:00:00Z", "--to", "2026-01-05T10:00:00Z", "--limit", "2"];

        var first = await CliRun.Of([.. page, "--settings", keyed]);
        var token = first.Json[0].GetProperty("continuationToken").GetString()!;
        var second = await CliRun.Of([.. page, "--continuation-token", token, "--settings", keyed]);
        var keyless = await CliRun.Of([.. page, "--settings", stack.SettingsFile]);
        var refused = await CliRun.Of([.. page, "--continuation-token", keyless.Json[0].GetProperty("continuationToken").GetString()!, "--settings", stack.SettingsFile]);

        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Equal(2, second.Json[0].GetProperty("events").GetArrayLength());
        Assert.DoesNotContain("Lookups__ContinuationTokenKey", first.Error + second.Error, StringComparison.Ordinal);
        Assert.Contains("Lookups__ContinuationTokenKey is not set", keyless.Error, StringComparison.Ordinal);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("Lookups__ContinuationTokenKey is not set", refused.Error, StringComparison.Ordinal);
    }

    /// <summary>Ingests the sample conversation with the CLI; returns the lookup functions over the same stores.</summary>
    private static async Task<ServiceProvider> IngestSampleAsync(CliStack stack)
    {
        var ingest = await CliRun.Of("ingest", Path.Combine(CliStack.Samples, "conversation"), "--settings", stack.SettingsFile);
        Assert.True(ingest.ExitCode == 0, ingest.Error);
        return new ServiceCollection().AddLogging()
            .AddChannelFunctionsCore(stack.Configuration()).AddChannelFunctionsLookups(stack.Configuration())
            .AddSingleton<LookupEndpoint>().AddSingleton<GetConversation>().AddSingleton<GetChannel>().AddSingleton<GetAgentEvents>()
            .BuildServiceProvider();
    }

    private static async Task AssertSameAsync(CliRun cli, Func<HttpRequest, Task<IResult>> function, string path, string query = "")
    {
        Assert.True(cli.ExitCode == 0, cli.Error);
        var request = HttpTestContext.Get(path, query);
        var answer = await (await function(request)).ExecuteAsync(request);
        Assert.Equal(200, answer.Status);
        using var api = JsonDocument.Parse(answer.Body);
        Assert.True(JsonElement.DeepEquals(api.RootElement, Assert.Single(cli.Json)), $"CLI: {cli.Lines[0]}\nAPI: {answer.Body}");
    }
}
