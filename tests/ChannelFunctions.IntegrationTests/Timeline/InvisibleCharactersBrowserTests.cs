using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Pages;
using ChannelFunctions.Core.Timeline;
using ChannelFunctions.Core.Validation;
using ChannelFunctions.IntegrationTests.Cli;

namespace ChannelFunctions.IntegrationTests.Timeline;

/// <summary>
/// A timeline whose agent id holds a right-to-left override and a NUL, and whose ending reason holds an escape and a
/// noncharacter (stored before identifiers refused them; a reason is free text), as a real browser reads it: each is
/// shown by its name, and nothing turns a label around.
/// </summary>
public sealed class InvisibleCharactersBrowserTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("invisible-characters-");

    public void Dispose() => _folder.Delete(recursive: true);

    [ChromiumFact]
    public async Task The_browser_shows_each_by_name_in_labels_and_endings()
    {
        var validator = new ChannelEventValidator();
        var raw = File.ReadAllBytes(Path.Combine(CliStack.Samples, "conversation", "inbound-transfer-hold-monitor.json"));
        var stored = CloudEventJson.Split(raw).Select(e => validator.Validate(e).Event!)
            .Select(e => e with { AgentId = e.AgentId is null ? null : "15\u202E44\u0000", Reason = e.Reason is null ? null : "released\u001B[2J\uFFFE" });
        var page = Path.Combine(_folder.FullName, "timeline.html");
        await File.WriteAllTextAsync(page, ConversationTimelinePage.Render(ConversationTimeline.Build(stored)!));

        var run = await HeadlessChromium.RunAsync(page, "--dump-dom");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains(">agent 15[U+202E]44[U+0000]<", run.Output, StringComparison.Ordinal);
        Assert.Contains("ended: released[U+001B][2J[U+FFFE]", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain('\u202E', run.Output);
        Assert.DoesNotContain('\uFFFE', run.Output);
        Assert.DoesNotContain("CONSOLE", run.Error, StringComparison.Ordinal);
    }
}
