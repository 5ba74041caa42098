using System.Net;
using System.Text.Json;
using ChannelFunctions.EndToEndTests.Fixtures;
using Xunit.Abstractions;

namespace ChannelFunctions.EndToEndTests;

/// <summary>
/// The lookup endpoints and the OpenAPI document through the ASP.NET Core integration's path, over a conversation
/// delivered through the host's Event Grid extension (once per test class).
/// </summary>
[Collection(WorkerCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class LookupTests : IClassFixture<LookupTests.Conversation>, IDisposable
{
    private const string Interaction = "7c71f451-116a-4abc-8869-bc678ef6e0e2";
    private const string AgentChannel = "8a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    private readonly WorkerFixture _fixture;
    private readonly Conversation _conversation;
    private readonly WorkerLogScope _logs;

    public LookupTests(WorkerFixture fixture, Conversation conversation, ITestOutputHelper output)
    {
        _fixture = fixture;
        _conversation = conversation;
        _logs = new WorkerLogScope(fixture.Worker, output);
        conversation.EnsureDeliveredAsync(fixture).GetAwaiter().GetResult();
    }

    public void Dispose() => _logs.Dispose();

    /// <summary>One scripted conversation with a transfer, delivered once for the class.</summary>
    public sealed class Conversation
    {
        private readonly SemaphoreSlim _once = new(1, 1);
        private bool _delivered;

        internal ConversationScript Script { get; } = ConversationScript.InboundCallWithTransfer(Guid.NewGuid().ToString(), Interaction);

        public async Task EnsureDeliveredAsync(WorkerFixture fixture)
        {
            await _once.WaitAsync();
            try
            {
                if (!_delivered)
                {
                    var response = await fixture.Worker.DeliverAsync([.. Script.Events]);
                    Assert.Equal(HttpStatusCode.Accepted, response.Status);
                    _delivered = true;
                }
            }
            finally
            {
                _once.Release();
            }
        }
    }

    private async Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(string pathAndQuery)
    {
        var response = await _fixture.Worker.SendAsync(new HttpRequestMessage(HttpMethod.Get, pathAndQuery));
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public static TheoryData<string, string> Endpoints => new()
    {
        { "/api/conversations/{conversation}", "conversationId" },
        { "/api/conversations/{conversation}/events", "events" },
        { $"/api/channels/{AgentChannel}", "channel" },
        { $"/api/interactions/{Interaction}/events", "events" },
        { "/api/agents/1544/events?from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z", "events" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_lookup_answers_200_with_json(string path, string property)
    {
        var (response, body) = await GetAsync(path.Replace("{conversation}", _conversation.Script.ConversationId, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(body.TryGetProperty(property, out _), $"the answer has no {property}: {body}");
    }

    [Fact]
    public async Task The_conversation_summary_counts_every_delivered_event()
    {
        var (_, body) = await GetAsync($"/api/conversations/{_conversation.Script.ConversationId}");

        Assert.Equal(_conversation.Script.ConversationId, body.GetProperty("conversationId").GetString());
        Assert.Equal(_conversation.Script.Events.Count, body.GetProperty("eventCount").GetInt32());
    }

    [Theory]
    [InlineData("/api/conversations/not-a-guid")]
    [InlineData("/api/conversations/{conversation}/events?limit=0")]
    [InlineData("/api/agents/1544/events")]
    public async Task A_bad_request_gets_400_problem_json(string path)
    {
        var (response, body) = await GetAsync(path.Replace("{conversation}", _conversation.Script.ConversationId, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(400, body.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("/api/conversations/00000000-0000-4000-8000-000000000000")]
    [InlineData("/api/channels/00000000-0000-4000-8000-000000000000")]
    public async Task An_unknown_conversation_or_channel_gets_404(string path)
    {
        var (response, _) = await GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Events_page_by_the_link_header_until_every_event_was_read_once()
    {
        var next = $"/api/conversations/{_conversation.Script.ConversationId}/events?limit=4";
        var ids = new List<string>();
        var pages = 0;
        while (next is not null)
        {
            var (response, body) = await GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            ids.AddRange(body.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()!));
            pages++;
            next = response.Headers.TryGetValues("Link", out var links)
                ? PathAndQuery(links.Single().Split(';')[0].Trim('<', '>', ' '))
                : null;
            Assert.True(pages <= 10, "paging does not end");
        }

        Assert.True(pages > 1, "one page only: the Link header was never tried");
        Assert.Equal(_conversation.Script.Events.Count, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    // The Link is a relative reference (or an absolute URL): resolve it as a client would.
    private static string PathAndQuery(string link) => new Uri(new Uri("http://localhost"), link).PathAndQuery;

    [Fact]
    public async Task The_openapi_document_is_served()
    {
        var (response, body) = await GetAsync("/api/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("3.", body.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.True(body.GetProperty("paths").TryGetProperty("/api/conversations/{conversationId}", out _));
    }
}
