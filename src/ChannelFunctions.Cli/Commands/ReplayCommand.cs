using System.CommandLine;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ChannelFunctions.Cli.Commands;

/// <summary>
/// <c>replay</c>: re-runs ingest on kept rejected events (after a validator fix, say), or with <c>--dead-letters</c>
/// on what Event Grid dead-lettered (after an outage). Idempotent: an event stored now is a duplicate next time, and
/// one still refused finds its rejected-event blob already there.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create(CliConsole console)
    {
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only events received at or after this time (RFC 3339).", CustomParser = CliValues.Time };
        var reason = new Option<string?>("--reason") { Description = "Only events with a reason containing this text (case-insensitive)." };
        var kind = new Option<EventFate?>("--kind")
        {
            Description = $"Only events kept as this kind: {string.Join(", ", EventFates.Kept.Select(fate => fate.Name()))}.",
            CustomParser = CliValues.KeptFate,
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be replayed; change nothing." };
        var deadLetters = new Option<bool>("--dead-letters")
        {
            Description = "Replay what Event Grid dead-lettered (the RejectedEvents__DeadLetterContainerName container) instead of "
                + "kept rejected events; --since and --reason then select by dead-lettering time and deadletterreason or lastdeliveryoutcome.",
        };
        var command = new Command("replay",
            "Re-run ingest on kept rejected events, or with --dead-letters on events Event Grid dead-lettered. Prints one JSON "
            + "line per event {name,id,type,kind,reasons,now} ({name,index,id,type,deadLetterReason,deliveryAttempts,lastDeliveryOutcome,now} "
            + "for dead-letters) and a summary line. Kept and dead-lettered events stay where they are as a record. "
            + "Exit code 0: every replayed event is now stored; 1: some are still rejected or unreadable; 2: usage or store error.")
        {
            since, reason, kind, dryRun, deadLetters,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(deadLetters) && result.GetResult(kind) is not null)
            {
                result.AddError("--kind selects kept rejected events; it does not apply to --dead-letters.");
            }
        });
        command.SetAction((parse, cancellationToken) => parse.GetValue(deadLetters)
            ? console.RunAsync(parse, () => ReplayDeadLettersAsync(console, parse, parse.GetValue(since), parse.GetValue(reason), parse.GetValue(dryRun), cancellationToken))
            : console.RunAsync(parse, async () =>
        {
            var (from, text, dry) = (parse.GetValue(since), parse.GetValue(reason), parse.GetValue(dryRun));
            await using var services = await console.StoresAsync(parse, dry ? Stores.RejectedEvents : Stores.All, cancellationToken).ConfigureAwait(false);
            var store = services.GetRequiredService<IRejectedEventStore>();
            var ingestor = services.GetRequiredService<ChannelEventIngestor>();
            var tally = new Tally();
            int listed = 0, matched = 0;
            using var progress = console.Progress("events replayed");
            await foreach (var kept in store.ListAsync(parse.GetValue(kind), cancellationToken).ConfigureAwait(false))
            {
                listed++;
                if (!kept.IsReadable)
                {
                    // What cannot be read has no reasons to match; it is named and counted, and replay goes on.
                    if (!(kept.WrittenAt < from) && text is null)
                    {
                        matched++;
                        tally.Add(EventFate.Unreadable);
                        console.WriteLine(new
                        {
                            name = kept.Name,
                            id = (string?)null,
                            type = (string?)null,
                            kind = (string?)null,
                            reasons = Array.Empty<string>(),
                            now = Unreadable(kept.Problem),
                        });
                        progress.Add(1);
                    }

                    continue;
                }

                var rejected = kept.Event;
                if (rejected.ReceivedAt < from
                    || (text is not null && !rejected.Reasons.Any(r => r.Contains(text, StringComparison.OrdinalIgnoreCase))))
                {
                    continue;
                }

                matched++;
                string now;
                var identity = rejected.Identity;
                if (dry)
                {
                    now = "would replay";
                }
                else
                {
                    var report = await ingestor.IngestAsync([rejected.Raw], new Delivery("replay", kept.Name, 1), cancellationToken)
                        .ConfigureAwait(false);
                    var outcome = report.Outcomes[0];
                    tally.Add(outcome.Fate);
                    now = outcome.Fate.Name();
                    // Read again from the bytes: what could not be read when the event was kept may read now.
                    identity = outcome.Identity;
                }

                console.WriteLine(new
                {
                    name = kept.Name,
                    id = identity.Id,
                    type = identity.Type,
                    kind = rejected.Fate.Name(),
                    reasons = rejected.Reasons,
                    now,
                });
                progress.Add(1);
            }

            return Summarize(console, listed, matched, dry, tally);
        }));
        return command;
    }

    /// <summary>
    /// Re-ingests each dead-lettered event as Event Grid would have delivered it, one blob's events as one delivery;
    /// an unreadable blob or element gets its line with the reason and counts as unreadable.
    /// </summary>
    private static async Task<int> ReplayDeadLettersAsync(
        CliConsole console, ParseResult parse, DateTimeOffset? from, string? text, bool dry, CancellationToken cancellationToken)
    {
        await using var services = await console.StoresAsync(parse, dry ? Stores.RejectedEvents : Stores.All, cancellationToken).ConfigureAwait(false);
        var deadLetters = services.GetRequiredService<EventGridDeadLetters>();
        var ingestor = services.GetRequiredService<ChannelEventIngestor>();
        var tally = new Tally();
        int listed = 0, matched = 0;
        using var progress = console.Progress("dead-lettered events replayed");
        await foreach (var blob in deadLetters.ListAsync(prefix: null, cancellationToken).ConfigureAwait(false))
        {
            listed += blob.Count;
            var selected = blob.Where(e => !(e.DeadLetteredAt < from)
                    && (text is null || $"{e.Reason} {e.LastDeliveryOutcome}".Contains(text, StringComparison.OrdinalIgnoreCase)))
                .ToList();
            matched += selected.Count;
            var readable = selected.Where(e => e.Problem is null).ToList();
            IngestReport? report = dry || readable.Count == 0
                ? null
                : await ingestor.IngestAsync([.. readable.Select(e => e.Event)], new Delivery("dead-letter", blob[0].BlobName, readable.Count), cancellationToken)
                    .ConfigureAwait(false);
            var next = 0; // readable keeps selected's order, and so do the report's outcomes
            foreach (var deadLettered in selected)
            {
                string now;
                if (deadLettered.Problem is { } problem)
                {
                    tally.Add(EventFate.Unreadable);
                    now = Unreadable(problem);
                }
                else if (report is null)
                {
                    now = "would replay";
                }
                else
                {
                    var outcome = report.Outcomes[next++];
                    tally.Add(outcome.Fate);
                    now = outcome.Fate.Name();
                }

                console.WriteLine(new
                {
                    name = deadLettered.BlobName,
                    index = deadLettered.Index,
                    id = deadLettered.Id,
                    type = deadLettered.Type,
                    deadLetterReason = deadLettered.Reason,
                    deliveryAttempts = deadLettered.DeliveryAttempts,
                    lastDeliveryOutcome = deadLettered.LastDeliveryOutcome,
                    now,
                });
                progress.Add(1);
            }
        }

        return Summarize(console, listed, matched, dry, tally);
    }

    /// <summary>An unreadable blob's <c>now</c>: the fate's name and why.</summary>
    private static string Unreadable(string? problem) => $"{EventFate.Unreadable.Name()}: {problem}";

    /// <summary>The last line, the same for both sources; what could not be read is counted apart from what is still rejected.</summary>
    private static int Summarize(CliConsole console, int listed, int matched, bool dry, Tally tally)
    {
        var stillRejected = tally.Rejected;
        var unreadable = tally.Count(EventFate.Unreadable);
        console.WriteLine(new
        {
            summary = new
            {
                listed,
                matched,
                dryRun = dry,
                stored = tally.Count(EventFate.Stored),
                duplicate = tally.Count(EventFate.Duplicate),
                stillRejected,
                unreadable,
            },
        });
        return stillRejected == 0 && unreadable == 0 ? CliApp.Ok : CliApp.Findings;
    }
}
