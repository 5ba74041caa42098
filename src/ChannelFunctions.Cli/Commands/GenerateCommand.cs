using System.CommandLine;
using System.Globalization;
using ChannelFunctions.Cli.Generate;

namespace ChannelFunctions.Cli.Commands;

/// <summary><c>generate --conversations N --seed S --out DIR</c>: realistic synthetic VCC traffic, the same for the same seed.</summary>
internal static class GenerateCommand
{
    /// <summary>What a seed promises, for the help and the summary: more conversations extend the same traffic.</summary>
    public const string SameSeed =
        "The same seed gives the same conversations: a run with more --conversations is a superset of one with fewer "
        + "(its first conversations are the same ones), so ingesting both stores the smaller run's conversations once "
        + "and counts them again as duplicates. Use another --seed for new traffic.";

    private static readonly DateTimeOffset DefaultStart = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    public static Command Create(CliConsole console)
    {
        var conversations = new Option<int>("--conversations") { Description = "How many conversations.", DefaultValueFactory = _ => 10, CustomParser = CliValues.WholeNumber };
        var seed = new Option<int>("--seed") { Description = "The seed: the same seed gives the same events, byte for byte.", DefaultValueFactory = _ => 1, CustomParser = CliValues.WholeNumber };
        var output = new Option<DirectoryInfo>("--out") { Description = "The folder to write event files to (created if missing).", Required = true };
        // Help shows a default with ToString(), which for a time is the culture's format: the default is in the description instead.
        var start = new Option<DateTimeOffset?>("--start")
        {
            Description = $"When the first conversation begins (RFC 3339). [default: {CliValues.Format(DefaultStart)}]",
            HelpName = "time",
            CustomParser = CliValues.Time,
        };
        var duplicates = new Option<double>("--duplicates") { Description = "Share of events delivered twice, 0 to 1.", DefaultValueFactory = _ => 0, CustomParser = CliValues.Number };
        var broken = new Option<double>("--broken") { Description = "Share of events broken on purpose (the validator refuses each), 0 to 1.", DefaultValueFactory = _ => 0, CustomParser = CliValues.Number };
        var shuffle = new Option<bool>("--shuffle") { Description = "Deliver in random order instead of time order." };
        var perFile = new Option<int>("--per-file") { Description = "Events per file (each file is a JSON array).", DefaultValueFactory = _ => 500, CustomParser = CliValues.WholeNumber };
        var command = new Command("generate",
            "Generate synthetic VCC channel traffic: inbound and outbound calls, answered and failed, holds, transfers, "
            + "monitoring, voicemail, wrap-up and ended, with correct timestamps and ids. Writes events-NNNN.json files "
            + $"and prints a summary line. {SameSeed}")
        {
            conversations, seed, output, start, duplicates, broken, shuffle, perFile,
        };
        command.SetAction((parse, cancellationToken) => console.RunAsync(parse, async () =>
        {
            var plan = new TrafficPlan(
                parse.GetValue(conversations), (parse.GetValue(start) ?? DefaultStart).ToUniversalTime(),
                Share(parse.GetValue(duplicates), "--duplicates"), Share(parse.GetValue(broken), "--broken"), parse.GetValue(shuffle));
            var chunk = parse.GetValue(perFile);
            if (plan.Conversations < 1 || chunk < 1)
            {
                throw new CliUsageException("--conversations and --per-file must be at least 1.");
            }

            var events = new TrafficGenerator(parse.GetValue(seed)).Generate(plan);
            var folder = parse.GetRequiredValue(output);
            folder.Create();
            var files = 0;
            using var progress = console.Progress("events written");
            foreach (var part in events.Chunk(chunk))
            {
                var path = Path.Combine(folder.FullName, string.Create(CultureInfo.InvariantCulture, $"events-{++files:D4}.json"));
                await File.WriteAllBytesAsync(path, Batch(part), cancellationToken).ConfigureAwait(false);
                progress.Add(part.Length);
            }

            console.WriteLine(new
            {
                conversations = plan.Conversations,
                events = events.Count,
                duplicates = events.Count(e => e.Duplicate),
                broken = events.Count(e => e.Broken && !e.Duplicate),
                files,
                @out = folder.FullName,
                conversationIds = events.Select(e => e.ConversationId).Distinct().Take(5),
                seed = parse.GetValue(seed),
                sameSeed = SameSeed,
            });
            return CliApp.Ok;
        }));
        return command;
    }

    private static double Share(double value, string option) =>
        value is >= 0 and <= 1 ? value : throw new CliUsageException($"{option} must be between 0 and 1.");

    /// <summary>A JSON array of the events, one per line, each exactly as generated.</summary>
    private static byte[] Batch(GeneratedEvent[] events)
    {
        using var buffer = new MemoryStream();
        buffer.Write("[\n"u8);
        for (var index = 0; index < events.Length; index++)
        {
            buffer.Write(events[index].Raw);
            buffer.Write(index < events.Length - 1 ? ",\n"u8 : "\n]\n"u8);
        }

        return buffer.ToArray();
    }
}
