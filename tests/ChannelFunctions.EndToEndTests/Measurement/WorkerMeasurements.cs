using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using ChannelFunctions.EndToEndTests.Fixtures;
using ChannelFunctions.EndToEndTests.TestHost;
using ChannelFunctions.EventGridHost;
using Xunit.Abstractions;

namespace ChannelFunctions.EndToEndTests.Measurement;

/// <summary>A measurement, not a test: runs only when <c>CHANNELFUNCTIONS_MEASURE=1</c>, and asserts no timing.</summary>
public sealed class MeasurementFactAttribute : FactAttribute
{
    /// <summary>The variable that turns the measurements on.</summary>
    public const string Variable = "CHANNELFUNCTIONS_MEASURE";

    /// <summary>Skips unless <see cref="Variable"/> is <c>1</c>.</summary>
    public MeasurementFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"a measurement: set {Variable}=1 to run it (docs/performance.md)";
        }
    }
}

/// <summary>
/// docs/performance.md, "Through the worker process": cold start of the app against a minimal isolated-worker app,
/// both published in this run, with and without ReadyToRun; worker RSS after 10,000 events; events per second.
/// Run: <c>CHANNELFUNCTIONS_MEASURE=1 dotnet test tests/ChannelFunctions.EndToEndTests --filter Category=Measurement
/// --logger "console;verbosity=detailed"</c>.
/// </summary>
[Collection(WorkerCollection.Name)]
[Trait("Category", "Measurement")]
public sealed class WorkerMeasurements(WorkerFixture fixture, ITestOutputHelper output)
{
    private const int Runs = 3;
    private const int BatchSize = 100;
    private const int SoakEvents = 10_000;

    private static readonly string MinimalAppProject = typeof(WorkerMeasurements).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "MinimalAppProject").Value!;

    [MeasurementFact]
    public async Task Cold_start_memory_and_throughput_through_the_worker_process()
    {
        // CHANNELFUNCTIONS_MEASURE_OUTPUT keeps the published apps between runs of the same commit.
        var root = Environment.GetEnvironmentVariable("CHANNELFUNCTIONS_MEASURE_OUTPUT") is { Length: > 0 } kept
            ? Directory.CreateDirectory(kept).FullName
            : Directory.CreateTempSubdirectory("channelfunctions-measure-").FullName;
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"host extension {EventGridHostExtension.ExtensionVersion}, {Environment.ProcessorCount} cores, runs {Runs} (median)");
        report.AppendLine("| app | ReadyToRun | process start → worker ready | → first batch of 100 stored / first request answered | ratio to minimal (ready) |");
        report.AppendLine("| --- | --- | --- | --- | --- |");
        var appProject = Path.Combine(AppUnderTest.RepositoryRoot, "src", "ChannelFunctions", "ChannelFunctions.csproj");
        string? appOutput = null;
        foreach (var readyToRun in (bool[])[false, true])
        {
            var minimal = await PublishAsync(MinimalAppProject, Path.Combine(root, $"minimal-r2r-{readyToRun}"), readyToRun);
            var app = await PublishAsync(appProject, Path.Combine(root, $"app-r2r-{readyToRun}"), readyToRun);
            appOutput ??= app;
            var (minimalReady, minimalFirst) = await ColdStartAsync(minimal, new Dictionary<string, string?>(), "GET /api/ping");
            var (appReady, appFirst) = await ColdStartAsync(app, null, "batch");
            report.AppendLine(CultureInfo.InvariantCulture, $"| minimal (1 HTTP function) | {readyToRun} | {minimalReady.TotalMilliseconds:F0} ms | {minimalFirst.TotalMilliseconds:F0} ms | 1.00 |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| ChannelFunctions (8 functions) | {readyToRun} | {appReady.TotalMilliseconds:F0} ms | {appFirst.TotalMilliseconds:F0} ms | {appReady / minimalReady:F2} (first answer {appFirst / minimalFirst:F2}) |");
        }

        await using var worker = await StartAsync(appOutput!, null);
        var conversation = Guid.NewGuid().ToString();
        var rssBefore = worker.WorkingSetBytes;
        var clock = Stopwatch.StartNew();
        for (var batch = 0; batch < SoakEvents / BatchSize; batch++)
        {
            var events = Enumerable.Range(0, BatchSize).Select(i => EventGridIngestTests.Event(conversation, $"soak-{batch:D3}-{i:D3}")).ToArray();
            var response = await worker.DeliverAsync(events);
            Assert.Equal(HttpStatusCode.Accepted, response.Status);
        }

        var elapsed = clock.Elapsed;
        var rssAfter = worker.WorkingSetBytes;
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"{SoakEvents} events in batches of {BatchSize} through one worker (no ReadyToRun): {elapsed.TotalSeconds:F1} s, {SoakEvents / elapsed.TotalSeconds:F0} events/s; worker RSS {rssBefore / 1048576.0:F0} MB after start-up, {rssAfter / 1048576.0:F0} MB after {SoakEvents} events");
        output.WriteLine(report.ToString());
        await File.WriteAllTextAsync(Path.Combine(root, "results.md"), report.ToString());
    }

    private async Task<(TimeSpan Ready, TimeSpan FirstAnswered)> ColdStartAsync(string directory, Dictionary<string, string?>? settings, string first)
    {
        var ready = new List<TimeSpan>();
        var answered = new List<TimeSpan>();
        for (var run = 0; run < Runs; run++)
        {
            await using var worker = await StartAsync(directory, settings);
            ready.Add(worker.StartTimes.Ready);
            if (first == "batch")
            {
                var conversation = Guid.NewGuid().ToString();
                var response = await worker.DeliverAsync([.. Enumerable.Range(0, BatchSize).Select(i => EventGridIngestTests.Event(conversation, $"cold-{i:D3}"))]);
                Assert.Equal(HttpStatusCode.Accepted, response.Status);
            }
            else
            {
                using var response = await worker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/ping"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            answered.Add(worker.SinceStart);
        }

        return (Median(ready), Median(answered));
    }

    private Task<WorkerTestHost> StartAsync(string directory, Dictionary<string, string?>? settings) =>
        WorkerTestHost.StartAsync(new WorkerTestHostOptions
        {
            AppDirectory = directory,
            AppAssembly = File.Exists(Path.Combine(directory, "ChannelFunctions.dll")) ? "ChannelFunctions.dll" : "ChannelFunctions.MinimalApp.dll",
            Settings = settings ?? fixture.Settings(),
        });

    private static TimeSpan Median(List<TimeSpan> values) => values.Order().ElementAt(values.Count / 2);

    private async Task<string> PublishAsync(string project, string directory, bool readyToRun)
    {
        if (Directory.Exists(directory) && Directory.GetFiles(directory, "*.deps.json").Length > 0)
        {
            output.WriteLine($"reusing {directory}");
            return directory;
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["publish", project, "-c", "Release", "-o", directory, "-nologo"])
        {
            start.ArgumentList.Add(argument);
        }

        if (readyToRun)
        {
            foreach (var argument in (string[])["-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true"])
            {
                start.ArgumentList.Add(argument);
            }
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        output.WriteLine($"published {Path.GetFileName(project)} (ReadyToRun {readyToRun}) to {directory}: exit {process.ExitCode}");
        Assert.True(process.ExitCode == 0, await stdout + await stderr);
        return directory;
    }
}
