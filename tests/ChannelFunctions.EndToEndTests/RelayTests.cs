using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using ChannelFunctions.Core.Relay;
using ChannelFunctions.EndToEndTests.Fixtures;
using Xunit.Abstractions;

namespace ChannelFunctions.EndToEndTests;

/// <summary>VCC webhook POSTs to the relay, through the ASP.NET Core integration's path, stored by the worker.</summary>
[Collection(WorkerCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class RelayTests(WorkerFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly WorkerLogScope _logs = new(fixture.Worker, output);

    public void Dispose() => _logs.Dispose();

    private static string Sign(byte[] key, byte[] body) => VccSignature.Sign(body, key, DateTimeOffset.UtcNow);

    private Task<HttpResponseMessage> PostAsync(byte[] body, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/vcc/events") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents+json");
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(VccSignature.HeaderName, signature);
        }

        return fixture.Worker.SendAsync(request);
    }

    [Fact]
    public async Task A_signed_webhook_is_stored()
    {
        var body = EventGridIngestTests.Event(Guid.NewGuid().ToString(), "relay-signed");

        using var response = await PostAsync(body, Sign(fixture.RelayKey, body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await EventGridIngestTests.ReadStoredAsync(fixture.Events, body);
        Assert.NotNull(stored);
        Assert.Equal("relay-signed", stored.Value.GetProperty("event").GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("unsigned")]
    [InlineData("forged")]
    public async Task An_unsigned_or_forged_webhook_gets_401_and_nothing_is_kept(string kind)
    {
        var conversation = Guid.NewGuid().ToString();
        var body = EventGridIngestTests.Event(conversation, $"relay-{kind}");
        var signature = kind == "forged" ? Sign(RandomNumberGenerator.GetBytes(32), body) : null;

        using var response = await PostAsync(body, signature);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(await EventGridIngestTests.ReadStoredAsync(fixture.Events, body));
        Assert.Equal(0, await EventGridIngestTests.CountAsync(fixture.Events, conversation));
    }
}
