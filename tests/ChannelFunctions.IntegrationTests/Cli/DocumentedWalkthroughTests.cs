using System.Text.Json;
using System.Text.RegularExpressions;
using ChannelFunctions.IntegrationTests.Servers;

namespace ChannelFunctions.IntegrationTests.Cli;

/// <summary>
/// The summaries the README and docs/local-run.md show under a <c>channelfunctions validate|ingest</c> command are
/// what the command prints: each such command runs against fresh real stores, from the repository root, and its
/// summary line must equal the documented one.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed partial class DocumentedWalkthroughTests(ServersFixture servers)
{
    public static TheoryData<string> Documents => ["README.md", Path.Combine("docs", "local-run.md")];

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task Every_summary_the_page_shows_is_what_the_command_prints(string document)
    {
        var lines = File.ReadAllLines(Path.Combine(CliStack.RepositoryRoot, document));
        var checkedCount = 0;
        for (var i = 0; i + 1 < lines.Length; i++)
        {
            if (Command().Match(lines[i]) is not { Success: true } command || Summary().Match(lines[i + 1]) is not { Success: true } summary)
            {
                continue;
            }

            using var stack = await CliStack.CreateAsync(servers);
            var paths = command.Groups["paths"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => Path.Combine(CliStack.RepositoryRoot, p));
            var run = await CliRun.Of([command.Groups["verb"].Value, .. paths, "--settings", stack.SettingsFile]);

            using var shown = JsonDocument.Parse(summary.Groups["json"].Value);
            Assert.True(
                JsonElement.DeepEquals(shown.RootElement.GetProperty("summary"), run.Summary),
                $"{document}:{i + 2}: shows {summary.Groups["json"].Value}, `{lines[i].Trim()}` prints {run.Summary.GetRawText()} ({run.Error})");
            checkedCount++;
        }

        Assert.True(checkedCount > 0, $"{document} shows no summary under a validate or ingest command");
    }

    [GeneratedRegex(@"^channelfunctions (?<verb>validate|ingest) (?<paths>samples[^#]*?)\s*(#.*)?$")]
    private static partial Regex Command();

    [GeneratedRegex(@"^# (?<json>\{""summary"":.*\})$")]
    private static partial Regex Summary();
}
