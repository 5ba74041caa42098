using System.CommandLine;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Ingest;
using Microsoft.Extensions.DependencyInjection;

namespace ChannelFunctions.Cli.Commands;

/// <summary><c>ingest &lt;paths…&gt;</c>: the ingest pipeline in-process against the configured stores, for back-fills.</summary>
internal static class IngestCommand
{
    public static Command Create(CliConsole console)
    {
        var paths = new Argument<string[]>("paths") { Description = "Event files and folders.", Arity = ArgumentArity.OneOrMore }.RefusingUnknownOptions();
        var batchSize = new Option<int>("--batch-size")
        {
            Description = "Events per batch; each batch is written concurrently (Ingest__MaxConcurrency at once).",
            DefaultValueFactory = _ => 100,
            CustomParser = CliValues.WholeNumber,
        };
        var command = new Command("ingest",
            "Ingest events into the configured stores (Cosmos__*, RejectedEvents__*), exactly as the ingest function does. "
            + "Prints one JSON line per event not stored {file,id,type,fate,reasons} and a summary line. "
            + "Exit code 0: every event stored (or already stored); 1: some kept as rejected; 2: usage, I/O or store error.")
        {
            paths, batchSize,
        };
        command.SetAction((parse, cancellationToken) => console.RunAsync(parse, async () =>
        {
            var size = parse.GetValue(batchSize);
            if (size < 1)
            {
                throw new CliUsageException("--batch-size must be at least 1.");
            }

            await using var services = await console.StoresAsync(parse, Stores.All, cancellationToken).ConfigureAwait(false);
            var ingestor = services.GetRequiredService<ChannelEventIngestor>();
            var tally = new Tally();
            using var progress = console.Progress("events ingested");
            foreach (var batch in EventFiles.ReadAll(parse.GetRequiredValue(paths)).Chunk(size))
            {
                var report = await ingestor.IngestAsync(
                    [.. batch.Select(e => e.Raw)], new Delivery("cli", batch[0].File, batch.Length), cancellationToken).ConfigureAwait(false);
                foreach (var outcome in report.Outcomes)
                {
                    tally.Add(outcome.Fate);
                    if (outcome.Fate.IsKept())
                    {
                        console.WriteLine(new
                        {
                            file = batch[outcome.Index].File,
                            id = outcome.Identity.Id,
                            type = outcome.Identity.Type,
                            fate = outcome.Fate.Name(),
                            reasons = outcome.Reasons,
                        });
                    }
                }

                progress.Add(batch.Length);
            }

            console.WriteLine(new { summary = tally.Summary() });
            return tally.Rejected == 0 ? CliApp.Ok : CliApp.Findings;
        }));
        return command;
    }
}

/// <summary>Counts of event fates, for the summary lines of <c>ingest</c> and <c>replay</c>.</summary>
internal sealed class Tally
{
    private readonly Dictionary<EventFate, int> _counts = EventFates.All.ToDictionary(fate => fate, _ => 0);

    /// <summary>Events kept as rejected, of any fate.</summary>
    public int Rejected => _counts.Where(count => count.Key.IsKept()).Sum(count => count.Value);

    public void Add(EventFate fate) => _counts[fate]++;

    public int Count(EventFate fate) => _counts[fate];

    /// <summary>The total and the count of each fate ingest gives, by name.</summary>
    public IReadOnlyDictionary<string, int> Summary() =>
        new Dictionary<string, int> { ["events"] = _counts.Values.Sum() }
            .Concat(EventFates.Ingest.Select(fate => KeyValuePair.Create(fate.Name(), _counts[fate])))
            .ToDictionary();
}
