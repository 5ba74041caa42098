using System.CommandLine;
using System.Net.Http.Headers;
using System.Net.Sockets;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Relay;
using ChannelFunctions.Core.Validation;
using Microsoft.Extensions.Configuration;

namespace ChannelFunctions.Cli.Commands;

/// <summary>
/// <c>send &lt;files…&gt; --to &lt;url&gt;</c>: posts events to the relay, one signed request per event as VCC does, or to
/// a local Event Grid trigger endpoint (Core Tools' webhook), in batches as an Event Grid subscription does.
/// </summary>
internal static class SendCommand
{
    private const string EventGridWebhookPath = "/runtime/webhooks/eventgrid";

    // Only to name each event in the output; what the receiver thinks of it is its status.
    private static readonly ChannelEventValidator Identities = new();

    public static Command Create(CliConsole console)
    {
        var paths = new Argument<string[]>("paths") { Description = "Event files and folders.", Arity = ArgumentArity.OneOrMore }.RefusingUnknownOptions();
        var to = new Option<string>("--to")
        {
            Description = "The relay (http://localhost:7071/api/vcc/events) or Core Tools' Event Grid webhook "
                + $"(http://localhost:7071{EventGridWebhookPath}?functionName=IngestChannelEvents); chosen by the path.",
            Required = true,
        };
        var secret = new Option<string?>("--secret")
        {
            Description = "The VCC subscription secret (base64) to sign relay requests with, exactly as VCC does. "
                + "Default: Relay__Secrets__0 of the settings; without either, requests go unsigned.",
        };
        var batchSize = new Option<int>("--batch-size") { Description = "Events per Event Grid delivery.", DefaultValueFactory = _ => 100, CustomParser = CliValues.WholeNumber };
        var command = new Command("send",
            "Send events to the relay (signed like VCC) or to a local Event Grid trigger endpoint. Prints one JSON line "
            + "per event {file,id,status}. Exit code 0: all accepted; 1: some refused; 2: usage or connection error.")
        {
            paths, to, secret, batchSize,
        };
        command.SetAction((parse, cancellationToken) => console.RunAsync(parse, async () =>
        {
            if (!Uri.TryCreate(parse.GetRequiredValue(to), UriKind.Absolute, out var target))
            {
                throw new CliUsageException("--to must be an absolute URL.");
            }

            var events = EventFiles.ReadAll(parse.GetRequiredValue(paths)).ToList();
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var progress = console.Progress("events sent");
            var refused = 0;
            if (target.AbsolutePath.Contains(EventGridWebhookPath, StringComparison.OrdinalIgnoreCase))
            {
                foreach (var batch in events.Chunk(Math.Max(1, parse.GetValue(batchSize))))
                {
                    var status = await PostEventGridAsync(http, target, batch, cancellationToken).ConfigureAwait(false);
                    refused += Report(console, batch, status);
                    progress.Add(batch.Length);
                }
            }
            else
            {
                var key = SigningKey(parse.GetValue(secret) ?? console.Configuration(parse)[$"{RelayOptions.SectionName}:Secrets:0"]);
                foreach (var item in events)
                {
                    var status = await PostRelayAsync(http, target, item, key, cancellationToken).ConfigureAwait(false);
                    refused += Report(console, [item], status);
                    progress.Add(1);
                }
            }

            return refused == 0 ? CliApp.Ok : CliApp.Findings;
        }));
        return command;
    }

    private static byte[]? SigningKey(string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            return null;
        }

        return VccSignature.TryDecodeSecret(secret, out var key, out var problem)
            ? key
            : throw new CliUsageException($"The secret {problem}.");
    }

    /// <summary>One event per request, in CloudEvents structured mode, signed as VCC signs it.</summary>
    private static async Task<int> PostRelayAsync(HttpClient http, Uri target, FileEvent item, byte[]? key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ReadOnlyMemoryContent(item.Raw) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents+json");
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(VccSignature.HeaderName, VccSignature.Sign(item.Raw.Span, key, DateTimeOffset.UtcNow));
        }

        return await StatusAsync(http, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A batch as an Event Grid subscription with the CloudEvents schema delivers it to the trigger's webhook.</summary>
    private static async Task<int> PostEventGridAsync(HttpClient http, Uri target, FileEvent[] batch, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        body.WriteByte((byte)'[');
        for (var index = 0; index < batch.Length; index++)
        {
            body.Write(index == 0 ? [] : ","u8);
            body.Write(batch[index].Raw.Span);
        }

        body.WriteByte((byte)']');
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body.ToArray()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents-batch+json");
        request.Headers.TryAddWithoutValidation("aeg-event-type", "Notification");
        return await StatusAsync(http, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The receiver's status; nothing listening at the address is a usage error that says what would listen there.</summary>
    private static async Task<int> StatusAsync(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            throw new CliUsageException($"Nothing listens at {request.RequestUri!.GetLeftPart(UriPartial.Authority)}. The relay and the Event Grid "
                + "webhook are served by the function app: start it with Azure Functions Core Tools (`func start` in src/ChannelFunctions), "
                + "or run scripts/run-local.sh, which starts the stores and then `func start` when Core Tools is installed.");
        }
    }

    private static int Report(CliConsole console, FileEvent[] events, int status)
    {
        foreach (var item in events)
        {
            console.WriteLine(new { file = item.File, id = Identities.Validate(item.Raw).Identity.Id, status });
        }

        return status is >= 200 and <= 205 ? 0 : events.Length;
    }
}
