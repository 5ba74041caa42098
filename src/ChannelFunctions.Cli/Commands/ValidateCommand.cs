using System.CommandLine;
using ChannelFunctions.Core.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace ChannelFunctions.Cli.Commands;

/// <summary><c>validate &lt;paths…&gt;</c>: the ingest function's own validator, on files.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Event files (one event, or a JSON array of events) and folders (searched for *.json).",
            Arity = ArgumentArity.OneOrMore,
        }.RefusingUnknownOptions();
        var command = new Command("validate",
            "Validate events with the same validator as the ingest function. Prints one JSON line per event "
            + "{file,id,type,valid,errors}, then a summary line. Exit code 0: all valid; 1: some invalid; 2: usage or I/O error.")
        {
            paths,
        };
        command.SetAction((parse, cancellationToken) => console.RunAsync(parse, () =>
        {
            using var services = console.Services(parse);
            var validator = services.GetRequiredService<ChannelEventValidator>();
            var files = EventFiles.Expand(parse.GetRequiredValue(paths));
            int events = 0, valid = 0;
            using var progress = console.Progress("events");
            foreach (var item in files.SelectMany(EventFiles.Read))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = validator.Validate(item.Raw);
                var accepted = result.IsValid;
                console.WriteLine(new
                {
                    file = item.File,
                    id = result.Identity.Id,
                    type = result.Identity.Type,
                    valid = accepted,
                    errors = result.Errors.Select(e => e.ToString()),
                });
                events++;
                valid += accepted ? 1 : 0;
                progress.Add(1);
            }

            console.WriteLine(new { summary = new { files = files.Count, events, valid, invalid = events - valid } });
            return Task.FromResult(valid == events ? CliApp.Ok : CliApp.Findings);
        }));
        return command;
    }
}
