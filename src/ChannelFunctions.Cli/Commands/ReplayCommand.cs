using System.CommandLine;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ChannelFunctions.Cli.Commands;

/// <summary>
/// <c>replay</c>: re-runs ingest on kept rejected events (after a validator fix, say). Idempotent: an event stored
/// now is a duplicate next time, and one still refused finds its rejected-event blob already there.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create(CliConsole console)
    {
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only events received at or after this time (RFC 3339).", CustomParser = CliValues.Time };
        var reason = new Option<string?>("--reason") { Description = "Only events with a reason containing this text (case-insensitive)." };
        var kind = new Option<RejectionKind?>("--kind") { Description = "Only events kept as this kind: Invalid, Unsupported, Conflicting or Refused.", CustomParser = CliValues.OneOf<RejectionKind> };
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be replayed; change nothing." };
        var command = new Command("replay",
            "Re-run ingest on kept rejected events. Prints one JSON line per event {name,id,type,kind,reasons,now} and a "
            + "summary line. Kept events stay in the rejected-event store as a record. "
            + "Exit code 0: every replayed event is now stored; 1: some are still rejected; 2: usage or store error.")
        {
            since, reason, kind, dryRun,
        };
        command.SetAction((parse, cancellationToken) => console.RunAsync(parse, async () =>
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
                var rejected = kept.Event;
                if (rejected.ReceivedAt < from
                    || (text is not null && !rejected.Reasons.Any(r => r.Contains(text, StringComparison.OrdinalIgnoreCase))))
                {
                    continue;
                }

                matched++;
                string now;
                if (dry)
                {
                    now = "would replay";
                }
                else
                {
                    var report = await ingestor.IngestAsync([rejected.Raw], new Delivery("replay", kept.Name, 1), cancellationToken)
                        .ConfigureAwait(false);
                    var fate = report.Outcomes[0].Fate;
                    tally.Add(fate);
                    now = Tally.Name(fate);
                }

                console.WriteLine(new
                {
                    name = kept.Name,
                    id = rejected.Identity.Id,
                    type = rejected.Identity.Type,
                    kind = rejected.Kind.ToString().ToLowerInvariant(),
                    reasons = rejected.Reasons,
                    now,
                });
                progress.Add(1);
            }

            console.WriteLine(new
            {
                summary = new
                {
                    listed,
                    matched,
                    dryRun = dry,
                    stored = tally.Count(EventFate.Stored),
                    duplicate = tally.Count(EventFate.Duplicate),
                    stillRejected = tally.Rejected,
                },
            });
            return tally.Rejected == 0 ? CliApp.Ok : CliApp.Findings;
        }));
        return command;
    }
}
