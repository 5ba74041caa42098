using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChannelFunctions.IntegrationTests.Cli;
using ChannelFunctions.IntegrationTests.Ingest;
using ChannelFunctions.IntegrationTests.Servers;
using ChannelFunctions.Lookups;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace ChannelFunctions.IntegrationTests.Lookups;

/// <summary>
/// The answers docs/lookups.md shows are real answers: each <c>GET</c> request the page shows is sent to the lookup
/// functions over the real stores holding the conversation the page describes, and the answer the page shows after it
/// must be contained in the real one (see <see cref="AssertContained"/>: an example may leave out members and
/// elements, and end a string with "…", but what it shows must be what the service answers).
/// </summary>
[Collection(ServersCollection.Name)]
public sealed partial class DocumentedAnswersTests(ServersFixture servers, ITestOutputHelper output)
{
    private const string Ellipsis = "…";

    /// <summary>An example: the request line, then the status and headers and JSON body the page shows for it.</summary>
    private sealed record Example(int Line, string Path, string Query, int? Status, IReadOnlyList<(string Name, string Value)> Headers, string Body);

    [Fact]
    public async Task Every_answer_docs_lookups_shows_is_what_the_lookups_answer()
    {
        var examples = Examples(File.ReadAllLines(Path.Combine(CliStack.RepositoryRoot, "docs", "lookups.md")));
        Assert.True(examples.Count >= 8, $"found only {examples.Count} examples with a request in docs/lookups.md");
        await using var stack = await LookupIntegrationTests.CreateStackAsync(servers);
        var script = ConversationScript.InboundCallWithTransfer("3e71f453-116a-3abc-7769-bc678ef6e080", "1371f451-116a-4abc-8869-bc678ef67070");
        foreach (var batch in script.Events.Chunk(7))
        {
            await stack.DeliverAsync(batch);
        }

        foreach (var example in examples)
        {
            // The worker runs each invocation in an activity, so problem details carry a W3C trace id ("00-…").
            using var activity = new Activity("lookup").SetIdFormat(ActivityIdFormat.W3C).Start();
            var request = HttpTestContext.Get(example.Path, example.Query);
            var answer = await (await Run(stack, example.Path, request)).ExecuteAsync(request);
            output.WriteLine($"docs/lookups.md:{example.Line}: GET {example.Path}{example.Query} → {answer.Status} {answer.Body}");

            if (example.Status is { } status)
            {
                Assert.True(status == answer.Status, $"docs/lookups.md:{example.Line}: shows {status}, the service answers {answer.Status}");
            }

            foreach (var (name, value) in example.Headers)
            {
                var actual = answer.Headers[name].ToString();
                Assert.True(Matches(value, actual), $"docs/lookups.md:{example.Line}: shows {name}: {value}, the service answers {name}: {actual}");
            }

            using var shown = JsonDocument.Parse(example.Body, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            AssertContained(shown.RootElement, answer.Json, $"docs/lookups.md:{example.Line}");
        }
    }

    private static Task<IResult> Run(IngestStack stack, string path, HttpRequest request)
    {
        var none = CancellationToken.None;
        return path.Split('/', StringSplitOptions.RemoveEmptyEntries) switch
        {
            ["api", "conversations", var id] => stack.Get<GetConversation>().RunAsync(request, id, none),
            ["api", "conversations", var id, "events"] => stack.Get<GetConversationEvents>().RunAsync(request, id, none),
            ["api", "channels", var id] => stack.Get<GetChannel>().RunAsync(request, id, none),
            ["api", "interactions", var id, "events"] => stack.Get<GetInteractionEvents>().RunAsync(request, id, none),
            ["api", "agents", var id, "events"] => stack.Get<GetAgentEvents>().RunAsync(request, id, none),
            _ => throw new InvalidOperationException($"docs/lookups.md shows a request to {path}, which no lookup function answers"),
        };
    }

    /// <summary>
    /// Each fenced <c>http</c> block that starts with a <c>GET</c> line, paired with the answer shown next: an
    /// <c>http</c> block starting with the status line (headers, then the body after a blank line, or the body in the
    /// <c>json</c>/<c>jsonc</c> block that follows), or a <c>json</c>/<c>jsonc</c> block alone.
    /// </summary>
    private static List<Example> Examples(string[] lines)
    {
        var blocks = new List<(int Line, string Info, List<string> Text)>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal) || lines[i].Length == 3)
            {
                continue;
            }

            var start = i;
            var text = new List<string>();
            while (++i < lines.Length && lines[i] != "```")
            {
                text.Add(lines[i]);
            }

            blocks.Add((start + 1, lines[start][3..], text));
        }

        var examples = new List<Example>();
        for (var b = 0; b < blocks.Count; b++)
        {
            if (blocks[b] is not { Info: "http", Text: [var first, ..] } || RequestLine().Match(first) is not { Success: true } request)
            {
                continue;
            }

            int? status = null;
            var headers = new List<(string, string)>();
            string? body = null;
            if (b + 1 < blocks.Count && blocks[b + 1] is { Info: "http", Text: [var statusLine, .. var rest] } && statusLine.StartsWith("HTTP/", StringComparison.Ordinal))
            {
                b++;
                status = int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
                var blank = rest.IndexOf(string.Empty);
                foreach (var header in blank < 0 ? rest : rest.Take(blank))
                {
                    var colon = header.IndexOf(':', StringComparison.Ordinal);
                    headers.Add((header[..colon], header[(colon + 1)..].Trim()));
                }

                body = blank < 0 ? null : string.Join('\n', rest.Skip(blank + 1));
            }

            if (body is null && b + 1 < blocks.Count && blocks[b + 1].Info is "json" or "jsonc")
            {
                body = string.Join('\n', blocks[++b].Text);
            }

            Assert.True(body is not null, $"docs/lookups.md:{blocks[b].Line}: a request without an answer after it");
            examples.Add(new Example(blocks[b].Line, request.Groups["path"].Value, request.Groups["query"].Value, status, headers, body!));
        }

        return examples;
    }

    /// <summary>
    /// <paramref name="shown"/> is contained in <paramref name="actual"/>: an object's members (but a member named
    /// "…") are the actual's, each contained; an array's elements are a subsequence of the actual's (an element that
    /// is a string starting with "…" stands for elements left out); a string is equal text where each "…" stands for
    /// any text; anything else is equal.
    /// </summary>
    private static void AssertContained(JsonElement shown, JsonElement actual, string where)
    {
        switch (shown.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.True(actual.ValueKind == JsonValueKind.Object, $"{where}: shows an object, the service answers {actual.GetRawText()}");
                foreach (var member in shown.EnumerateObject().Where(m => m.Name != Ellipsis))
                {
                    Assert.True(actual.TryGetProperty(member.Name, out var value), $"{where}: shows \"{member.Name}\", which the answer does not have");
                    AssertContained(member.Value, value, $"{where}/{member.Name}");
                }

                break;
            case JsonValueKind.Array:
                Assert.True(actual.ValueKind == JsonValueKind.Array, $"{where}: shows an array, the service answers {actual.GetRawText()}");
                var elements = actual.EnumerateArray().ToList();
                var next = 0;
                foreach (var element in shown.EnumerateArray().Where(e => !(e.ValueKind == JsonValueKind.String && e.GetString()!.StartsWith(Ellipsis, StringComparison.Ordinal))))
                {
                    while (next < elements.Count && !IsContained(element, elements[next]))
                    {
                        next++;
                    }

                    Assert.True(next < elements.Count, $"{where}: shows {element.GetRawText()}, which is not among the answer's elements (in order)");
                    next++;
                }

                break;
            case JsonValueKind.String:
                Assert.True(actual.ValueKind == JsonValueKind.String && Matches(shown.GetString()!, actual.GetString()!), $"{where}: shows {shown.GetRawText()}, the service answers {actual.GetRawText()}");
                break;
            default:
                Assert.True(JsonElement.DeepEquals(shown, actual), $"{where}: shows {shown.GetRawText()}, the service answers {actual.GetRawText()}");
                break;
        }
    }

    private static bool IsContained(JsonElement shown, JsonElement actual)
    {
        try
        {
            AssertContained(shown, actual, string.Empty);
            return true;
        }
        catch (Xunit.Sdk.XunitException)
        {
            return false;
        }
    }

    /// <summary>Equal text, where each "…" of <paramref name="shown"/> stands for any text.</summary>
    private static bool Matches(string shown, string actual)
    {
        var parts = shown.Split(Ellipsis);
        if (parts.Length == 1)
        {
            return shown == actual;
        }

        if (!actual.StartsWith(parts[0], StringComparison.Ordinal) || !actual.EndsWith(parts[^1], StringComparison.Ordinal))
        {
            return false;
        }

        var at = parts[0].Length;
        foreach (var part in parts[1..^1])
        {
            at = actual.IndexOf(part, at, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            at += part.Length;
        }

        return at <= actual.Length - parts[^1].Length;
    }

    [GeneratedRegex(@"^GET (?<path>/api/[^?\s]+)(?<query>\?\S*)? HTTP/1\.1$")]
    private static partial Regex RequestLine();
}
