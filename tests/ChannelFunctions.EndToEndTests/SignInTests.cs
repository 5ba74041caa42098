using System.Net;
using System.Text;
using System.Text.Json;
using ChannelFunctions.EndToEndTests.Fixtures;
using ChannelFunctions.EndToEndTests.TestHost;
using Xunit.Abstractions;

namespace ChannelFunctions.EndToEndTests;

/// <summary>
/// LookupSignIn through the real worker process and the ASP.NET Core integration: a worker that believes it runs in
/// Azure (the platform's WEBSITE_SITE_NAME set) refuses lookups no built-in authentication let through, and lets the
/// relay and signed-in callers pass. The sign-in itself is Azure's; here its two signals are set by hand.
/// </summary>
[Collection(WorkerCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class SignInTests(WorkerFixture fixture, ITestOutputHelper output)
{
    private static readonly string Lookup = $"/api/conversations/{Guid.NewGuid()}";

    private Dictionary<string, string?> AzureSettings(string? authEnabled)
    {
        var settings = fixture.Settings();
        settings["WEBSITE_SITE_NAME"] = "func-e2e";
        settings["WEBSITE_AUTH_ENABLED"] = authEnabled;
        return settings;
    }

    private static async Task<(HttpStatusCode Status, string Title)> SendAsync(WorkerTestHost worker, HttpRequestMessage request)
    {
        using var response = await worker.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var title = body.Length > 0 && JsonDocument.Parse(body).RootElement.TryGetProperty("title", out var t) ? t.GetString()! : string.Empty;
        return (response.StatusCode, title);
    }

    [Fact]
    public async Task Without_built_in_authentication_lookups_answer_403_and_the_relay_still_answers_for_itself()
    {
        await using var worker = await WorkerFixture.StartWorkerAsync(AzureSettings(authEnabled: null));
        using var _ = new WorkerLogScope(worker, output);

        var lookup = await SendAsync(worker, new HttpRequestMessage(HttpMethod.Get, Lookup));
        var openApi = await SendAsync(worker, new HttpRequestMessage(HttpMethod.Get, "/api/openapi.json"));
        var relay = await SendAsync(worker, new HttpRequestMessage(HttpMethod.Post, "/api/vcc/events")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/cloudevents+json"),
        });

        Assert.Equal((HttpStatusCode.Forbidden, "Sign-in is not set up."), lookup);
        Assert.Equal((HttpStatusCode.Forbidden, "Sign-in is not set up."), openApi);
        // The relay is not gated: an unsigned body gets its own answer (no valid signature), not the sign-in refusal.
        Assert.Equal(HttpStatusCode.Unauthorized, relay.Status);
        Assert.NotEqual("Sign-in is not set up.", relay.Title);
        Assert.Contains(worker.Logs.Since(0), entry => entry.Message.Contains("Refused a request to GetConversation with 403", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_built_in_authentication_a_signed_in_caller_reaches_the_lookup_and_no_one_else_does()
    {
        await using var worker = await WorkerFixture.StartWorkerAsync(AzureSettings(authEnabled: "True"));
        using var _ = new WorkerLogScope(worker, output);

        var anonymous = await SendAsync(worker, new HttpRequestMessage(HttpMethod.Get, Lookup));
        var signedIn = new HttpRequestMessage(HttpMethod.Get, Lookup);
        signedIn.Headers.Add("X-MS-CLIENT-PRINCIPAL-ID", Guid.NewGuid().ToString());
        var answered = await SendAsync(worker, signedIn);

        Assert.Equal((HttpStatusCode.Unauthorized, "Sign-in required."), anonymous);
        // The lookup itself answered: an unknown conversation is its 404.
        Assert.Equal((HttpStatusCode.NotFound, "Conversation not found."), answered);
    }
}
