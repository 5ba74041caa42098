using System.CommandLine;
using System.Text.Json;
using ChannelFunctions.Core.Lookups;
using ChannelFunctions.Core.Pages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace ChannelFunctions.Cli.Commands;

/// <summary>
/// <c>show conversation|channel &lt;id&gt;</c> and <c>show agent &lt;id&gt; --from … --to …</c>: the lookup API's answers,
/// from the same Core request rules, queries, timelines and JSON, for operators and machines without Core Tools.
/// </summary>
internal static class ShowCommand
{
    private const string Exits = "Exit code 0: found; 1: not found; 2: invalid parameters, configuration or store error.";

    private const string NoTokenKey =
        "Note: Lookups__ContinuationTokenKey is not set, so continuation tokens are signed with a key of this run only and the next "
        + "`show` refuses them. scripts/run-local.sh sets one in local.settings.json; or set it to base64 of 32 random bytes.";

    public static Command Create(CliConsole console)
    {
        var conversationId = new Argument<string>("conversationId") { Description = "The conversation's GUID." }.RefusingUnknownOptions();
        var format = new Option<string>("--format")
        {
            Description = "json (the API's answer) or html (the timeline as a page with a picture, as the API answers Accept: text/html).",
            DefaultValueFactory = _ => "json",
        }.AcceptOnlyFromAmong("json", "html");
        var conversation = new Command("conversation",
            $"The conversation's timeline, as GET /api/conversations/{{conversationId}} answers it. {Exits}") { conversationId, format };
        conversation.SetAction((parse, cancellationToken) => Run(console, parse, cancellationToken, async (requests, queries, _) =>
            await AnswerAsync(console, requests.Conversation(parse.GetValue(conversationId)), $"conversation {parse.GetValue(conversationId)}", async id =>
                (await queries.ReadConversationAsync(id, cancellationToken).ConfigureAwait(false)).ToConversationTimeline(),
                parse.GetValue(format) == "html" ? ConversationTimelinePage.Render : null).ConfigureAwait(false)));

        var channelId = new Argument<string>("channelId") { Description = "The channel's GUID." }.RefusingUnknownOptions();
        var channel = new Command("channel",
            $"The channel's phases and its stored events, as GET /api/channels/{{channelId}} answers it. {Exits}") { channelId };
        channel.SetAction((parse, cancellationToken) => Run(console, parse, cancellationToken, async (requests, queries, _) =>
            await AnswerAsync(console, requests.Channel(parse.GetValue(channelId)), $"channel {parse.GetValue(channelId)}", async id =>
                await queries.ReadChannelAsync(id, cancellationToken).ConfigureAwait(false) is { } read
                    ? ChannelLookup.From(id, read)
                    : null).ConfigureAwait(false)));

        var agentId = new Argument<string>("agentId") { Description = "The agent's id." }.RefusingUnknownOptions();
        var from = new Option<string>("--from") { Description = "Start of the window (RFC 3339), by data.timestamp.", Required = true };
        var to = new Option<string>("--to") { Description = "End of the window (RFC 3339).", Required = true };
        var type = new Option<string?>("--type") { Description = "Only events of this type (channel.connected.v0) or of every version of this name (channel.connected)." };
        var limit = new Option<string?>("--limit") { Description = "Events per page." };
        var token = new Option<string?>("--continuation-token") { Description = "The next page's token from a previous answer." };
        var agent = new Command("agent",
            $"The agent's stored events in a window, one page, as GET /api/agents/{{agentId}}/events answers it. {Exits}")
        {
            agentId, from, to, type, limit, token,
        };
        agent.SetAction((parse, cancellationToken) => Run(console, parse, cancellationToken, async (requests, queries, services) =>
        {
            // The same query parameters the HTTP function reads, so the same rules and messages apply.
            var query = new Dictionary<string, StringValues>
            {
                [LookupParameters.From] = parse.GetValue(from),
                [LookupParameters.To] = parse.GetValue(to),
            };
            foreach (var (name, option) in new[] { (LookupParameters.Type, type), (LookupParameters.Limit, limit), (LookupParameters.ContinuationToken, token) })
            {
                if (parse.GetValue(option) is { } value)
                {
                    query[name] = value;
                }
            }

            var what = $"agent {parse.GetValue(agentId)} from {parse.GetValue(from)} to {parse.GetValue(to)}"
                + (parse.GetValue(type) is { } only ? $" of type {only}" : string.Empty);
            // Without a configured key each process draws its own, so a token from one `show` is refused by the next.
            var keyless = services.GetRequiredService<IOptions<LookupOptions>>().Value.ContinuationTokenKey is not { Length: > 0 };
            if (keyless && parse.GetValue(token) is not null)
            {
                await console.Error.WriteLineAsync(NoTokenKey).ConfigureAwait(false);
            }

            return await AnswerAsync(console, requests.AgentEvents(parse.GetValue(agentId), query), what, async eventQuery =>
            {
                var page = await queries.ReadEventsAsync(eventQuery, cancellationToken).ConfigureAwait(false);
                if (keyless && page.ContinuationToken is not null && eventQuery.StoreContinuation is null)
                {
                    await console.Error.WriteLineAsync(NoTokenKey).ConfigureAwait(false);
                }

                // Nothing in the window at all is "not found"; an empty page on the way (a token given or returned) is not.
                return page is { Events.Count: 0, ContinuationToken: null } && eventQuery.StoreContinuation is null ? null : page;
            }).ConfigureAwait(false);
        }));

        return new Command("show", "Look up stored events: the same answers and JSON as the lookup API.") { conversation, channel, agent };
    }

    private static Task<int> Run(
        CliConsole console, ParseResult parse, CancellationToken cancellationToken, Func<LookupRequests, IChannelEventQueries, IServiceProvider, Task<int>> body) =>
        console.RunAsync(parse, async () =>
        {
            await using var services = await console.StoresAsync(parse, Stores.Events, cancellationToken).ConfigureAwait(false);
            return await body(services.GetRequiredService<LookupRequests>(), services.GetRequiredService<IChannelEventQueries>(), services)
                .ConfigureAwait(false);
        });

    /// <summary>Invalid parameters: the API's 400 (exit 2); nothing found: its 404 (exit 1); else the answer, as JSON unless <paramref name="render"/> is given.</summary>
    private static async Task<int> AnswerAsync<TRequest, TAnswer>(
        CliConsole console, LookupRequest<TRequest> request, string what, Func<TRequest, Task<TAnswer?>> answer, Func<TAnswer, string>? render = null)
        where TRequest : class
        where TAnswer : class
    {
        if (!request.IsValid)
        {
            throw new CliUsageException(request.Detail);
        }

        TAnswer? found;
        try
        {
            found = await answer(request.Value!).ConfigureAwait(false);
        }
        catch (InvalidContinuationException)
        {
            throw new CliUsageException(LookupRequest<TRequest>.Refused(LookupParameters.ContinuationToken, ContinuationTokens.NotIssuedRule).Detail);
        }

        if (found is null)
        {
            await console.Error.WriteLineAsync($"Not found: no events are stored for {what}.").ConfigureAwait(false);
            return CliApp.Findings;
        }

        await console.Output.WriteLineAsync(render?.Invoke(found) ?? JsonSerializer.Serialize(found, LookupJson.Options)).ConfigureAwait(false);
        return CliApp.Ok;
    }
}
