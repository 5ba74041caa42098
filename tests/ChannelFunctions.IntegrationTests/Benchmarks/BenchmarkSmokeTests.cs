using System.Reflection;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using ChannelFunctions.Benchmarks;
using ChannelFunctions.Core.Contract;
using ChannelFunctions.Core.Ingest;
using ChannelFunctions.Core.Validation;

namespace ChannelFunctions.IntegrationTests.Benchmarks;

/// <summary>
/// The short mode of the benchmarks, run with every build so they never rot: each benchmark method runs once
/// (no timing is asserted), and the pipelines that can be compared must agree. The full mode is in
/// docs/performance.md.
/// </summary>
public sealed class BenchmarkSmokeTests
{
    private static readonly Type[] BenchmarkClasses =
        [.. typeof(PerEventBenchmarks).Assembly.GetTypes()
            .Where(type => type.GetMethods().Any(method => method.GetCustomAttribute<BenchmarkAttribute>() is not null))
            .OrderBy(type => type.Name, StringComparer.Ordinal)];

    public static TheoryData<string> BenchmarkClassNames() => [.. BenchmarkClasses.Select(type => type.Name)];

    [Theory]
    [MemberData(nameof(BenchmarkClassNames))]
    public async Task Every_benchmark_runs_once(string className)
    {
        var type = BenchmarkClasses.Single(type => type.Name == className);
        Assert.NotEmpty(BenchmarkConverter.TypeToBenchmarks(type).BenchmarksCases);
        var instance = Activator.CreateInstance(type)!;
        // The batch benchmark's delivery, smaller: the short mode checks it runs, not how fast.
        type.GetProperty(nameof(CosmosBatchBenchmarks.EventCount))?.SetValue(instance, 50);
        Invoke<GlobalSetupAttribute>(instance);
        try
        {
            foreach (var benchmark in type.GetMethods().Where(method => method.GetCustomAttribute<BenchmarkAttribute>() is not null))
            {
                Invoke<IterationSetupAttribute>(instance);
                var result = benchmark.Invoke(instance, null);
                if (result is Task task)
                {
                    await task.WaitAsync(TimeSpan.FromSeconds(60));
                    result = task.GetType().GetProperty("Result")?.GetValue(task);
                }

                Assert.NotNull(result);
                if (result is IngestReport report)
                {
                    Assert.Equal(50, report.Count(EventFate.Stored));
                }
            }
        }
        finally
        {
            Invoke<GlobalCleanupAttribute>(instance);
        }
    }

    [Theory]
    [MemberData(nameof(ValidEvents))]
    public void Ours_and_the_naive_pipeline_write_the_same_document(string name)
    {
        var benchmarks = PerEvent(Events[name]);

        var ours = benchmarks.Ours();
        var naive = benchmarks.Naive();

        Assert.NotNull(ours);
        Assert.NotNull(naive);
        using var oursJson = JsonDocument.Parse(ours);
        using var naiveJson = JsonDocument.Parse(naive);
        Assert.True(JsonElement.DeepEquals(oursJson.RootElement, naiveJson.RootElement), $"{name}: the documents differ");
        Assert.NotEqual(0, benchmarks.Floor());
    }

    [Theory]
    [MemberData(nameof(InvalidEvents))]
    public void Ours_and_the_naive_pipeline_refuse_the_same_events(string name)
    {
        var raw = Events[name];
        var benchmarks = PerEvent(raw);

        Assert.Null(benchmarks.Ours());
        Assert.Null(benchmarks.Naive());
        Assert.Equal(new ChannelEventValidator().Validate(raw).Fate, new NaivePipeline().Process(raw).Fate);
    }

    [Fact]
    public async Task The_summary_from_the_store_equals_the_one_from_the_events()
    {
        var benchmarks = new LookupBenchmarks();
        benchmarks.Setup();
        try
        {
            using var fromEvents = JsonDocument.Parse(benchmarks.FromEvents());
            using var fromStore = JsonDocument.Parse(await benchmarks.FromStore());

            Assert.Equal(LookupBenchmarks.ConversationEvents, LookupBenchmarks.Conversation().Count);
            Assert.Equal(LookupBenchmarks.ConversationEvents, fromEvents.RootElement.GetProperty("eventCount").GetInt32());
            Assert.True(JsonElement.DeepEquals(fromEvents.RootElement, fromStore.RootElement));
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }

    [Fact]
    public void The_floor_reads_every_token()
    {
        using var document = JsonDocument.Parse(TestEvents.SpecExample);

        Assert.Equal(CountTokens(document.RootElement), FloorReader.CountTokens(TestEvents.SpecExample));
        Assert.Equal(FloorReader.Read(TestEvents.SpecExample), FloorReader.Read(TestEvents.SpecExample));
    }

    private static readonly Dictionary<string, byte[]> Events = new()
    {
        ["spec example"] = TestEvents.SpecExample,
        ["connectionfailed with reason"] = TestEvents.With(e => { e["type"] = "channel.connectionfailed.v1"; e["data"]!["reason"] = "released"; }),
        ["external, no agent"] = TestEvents.With(e => { TestEvents.Party(e)["role"] = "external"; TestEvents.Party(e).Remove("agentId"); }),
        ["extensions and unknown members"] = TestEvents.With(e => { e["vccregion"] = "eu"; e["data"]!["queue"] = "sales"; }),
        ["upper-case GUIDs, offset time"] = TestEvents.With(e =>
        {
            e["subject"] = "740109C1-12D5-430F-9543-131FE5C4EDCB";
            TestEvents.Channel(e)["conversationId"] = "3E71F453-116A-3ABC-7769-BC678EF6E080";
            e["time"] = "2022-08-30T16:34:36.6134321+02:00";
        }),
        ["bad role"] = TestEvents.With(e => TestEvents.Party(e)["role"] = "boss"),
        ["agent without agentId"] = TestEvents.With(e => TestEvents.Party(e).Remove("agentId")),
        ["conversationId not a GUID"] = TestEvents.With(e => TestEvents.Channel(e)["conversationId"] = "nope"),
        ["subject is another channel"] = TestEvents.With(e => e["subject"] = "00000000-0000-0000-0000-000000000001"),
        ["time not a time"] = TestEvents.With(e => e["time"] = "yesterday"),
        ["timestamp without offset"] = TestEvents.With(e => e["data"]!["timestamp"] = "2022-08-30T14:34:36"),
        ["no data"] = TestEvents.With(e => e.Remove("data")),
        ["no subject"] = TestEvents.With(e => e.Remove("subject")),
        ["specversion 0.3"] = TestEvents.With(e => e["specversion"] = "0.3"),
        ["id a number"] = TestEvents.With(e => e["id"] = 42),
        ["content type xml"] = TestEvents.With(e => e["datacontenttype"] = "application/xml"),
        ["unsupported type"] = TestEvents.Valid("agent.presencechanged.v0"),
        ["not JSON"] = "{\"specversion\":"u8.ToArray(),
    };

    public static TheoryData<string> ValidEvents() => [.. Events.Keys.Where(IsValid)];

    public static TheoryData<string> InvalidEvents() => [.. Events.Keys.Where(name => !IsValid(name))];

    private static bool IsValid(string name) =>
        new ChannelEventValidator().Validate(Events[name]).IsValid;

    private static PerEventBenchmarks PerEvent(byte[] raw)
    {
        var benchmarks = new PerEventBenchmarks { Event = raw };
        benchmarks.Setup();
        return benchmarks;
    }

    private static int CountTokens(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => 2 + element.EnumerateObject().Sum(member => 1 + CountTokens(member.Value)),
        JsonValueKind.Array => 2 + element.EnumerateArray().Sum(CountTokens),
        _ => 1,
    };

    private static void Invoke<TAttribute>(object instance)
        where TAttribute : Attribute
    {
        foreach (var method in instance.GetType().GetMethods().Where(method => method.GetCustomAttribute<TAttribute>() is not null))
        {
            method.Invoke(instance, null);
        }
    }
}
