using System.Buffers.Binary;
using System.Text.RegularExpressions;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Documents;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Pages;
using ChannelFunctions.Core.Timeline;
using ChannelFunctions.Core.Validation;
using ChannelFunctions.IntegrationTests.Cli;

namespace ChannelFunctions.IntegrationTests.Timeline;

/// <summary>The timeline page of the sample conversation, rendered by a real headless browser.</summary>
public sealed partial class TimelinePageBrowserTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("timeline-page-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string Write(string name, string html)
    {
        var path = System.IO.Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, html);
        return path;
    }

    private static ConversationTimeline Sample()
    {
        var validator = new ChannelEventValidator();
        var raw = File.ReadAllBytes(System.IO.Path.Combine(CliStack.Samples, "conversation", "inbound-transfer-hold-monitor.json"));
        return ConversationTimeline.Build(CloudEventJson.Split(raw).Select(e => validator.Validate(e).Event!))!;
    }

    /// <summary>Screenshots a page; returns the PNG's width, height and size in bytes, and the browser's error output.</summary>
    private async Task<(int Width, int Height, long Bytes, string Log)> ScreenshotAsync(string page)
    {
        var png = System.IO.Path.Combine(_folder.FullName, System.IO.Path.GetFileNameWithoutExtension(page) + ".png");
        var run = await HeadlessChromium.RunAsync(page, $"--screenshot={png}", "--window-size=1220,600");
        Assert.True(run.ExitCode == 0, run.Error);
        var bytes = await File.ReadAllBytesAsync(png);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        // IHDR, the first chunk, holds the width and height big-endian at bytes 16 and 20.
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)), bytes.Length, run.Error);
    }

    [ChromiumFact]
    public async Task The_sample_conversation_renders_as_a_picture_without_console_errors()
    {
        var timeline = Sample();
        var page = Write("sample.html", ConversationTimelinePage.Render(timeline));
        var blank = Write("blank.html", "<!DOCTYPE html><html><head><title>blank</title></head><body></body></html>");
        // A control: a page that writes to the console shows how the browser reports it, so its absence means something.
        var noisy = Write("noisy.html", "<!DOCTYPE html><html><body><script>console.error('control error')</script></body></html>");

        var picture = await ScreenshotAsync(page);
        var empty = await ScreenshotAsync(blank);
        var control = await ScreenshotAsync(noisy);

        Assert.Equal((1220, 600), (picture.Width, picture.Height));
        Assert.True(picture.Bytes > 5 * empty.Bytes, $"the timeline's picture ({picture.Bytes} bytes) is no richer than a blank page's ({empty.Bytes} bytes)");
        Assert.Matches(ConsoleLine(), control.Log);
        Assert.DoesNotMatch(ConsoleLine(), picture.Log);
    }

    [ChromiumFact]
    public async Task The_browsers_dom_has_a_lane_per_channel_and_a_bar_per_phase()
    {
        var timeline = Sample();
        var page = Write("sample.html", ConversationTimelinePage.Render(timeline));

        var run = await HeadlessChromium.RunAsync(page, "--dump-dom");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(
            timeline.Interactions.SelectMany(i => i.ChannelIds),
            LaneAttribute().Matches(run.Output).Select(m => m.Groups[1].Value));
        Assert.Equal(timeline.Channels.Sum(c => c.Phases.Count), PhaseAttribute().Matches(run.Output).Count);
        Assert.DoesNotMatch(ConsoleLine(), run.Error);
    }

    [GeneratedRegex(@"CONSOLE", RegexOptions.CultureInvariant)]
    private static partial Regex ConsoleLine();

    [GeneratedRegex("data-channel-id=\"([^\"]+)\"")]
    private static partial Regex LaneAttribute();

    [GeneratedRegex("<rect [^>]*data-phase=\"")]
    private static partial Regex PhaseAttribute();
}
