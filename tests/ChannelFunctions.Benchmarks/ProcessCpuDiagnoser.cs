using System.Diagnostics;
using BenchmarkDotNet.Analysers;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Validators;

namespace ChannelFunctions.Benchmarks;

/// <summary>
/// The benchmark process's CPU time (user + system, all its threads, not wall time) over the workload iterations,
/// per stored event: what an instance pays for on Flex Consumption. Read from the process at the start and the end
/// of the actual run; divided by the operations run and the benchmark's <c>EventCount</c> parameter. The local
/// Cosmos DB server is another process and is not counted.
/// </summary>
internal sealed class ProcessCpuDiagnoser : IDiagnoser
{
    private TimeSpan _start;
    private TimeSpan _end;

    public IEnumerable<string> Ids => [nameof(ProcessCpuDiagnoser)];

    public IEnumerable<IExporter> Exporters => [];

    public IEnumerable<IAnalyser> Analysers => [];

    public RunMode GetRunMode(BenchmarkCase benchmarkCase) => RunMode.NoOverhead;

    // The benchmark waits while the host reads its CPU time, so the reading brackets exactly the actual run.
    public bool RequiresBlockingAcknowledgments(BenchmarkCase benchmarkCase) => true;

    public void Handle(HostSignal signal, DiagnoserActionParameters parameters)
    {
        if (signal is HostSignal.BeforeActualRun or HostSignal.AfterActualRun)
        {
            var process = parameters.Process;
            process.Refresh();
            (signal == HostSignal.BeforeActualRun ? ref _start : ref _end) = process.TotalProcessorTime;
        }
    }

    public IEnumerable<Metric> ProcessResults(DiagnoserResults results)
    {
        var events = results.BenchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "EventCount")?.Value is int count ? count : 1;
        var perEvent = (_end - _start).TotalMilliseconds * 1000 / (results.TotalOperations * (double)events);
        yield return new Metric(CpuPerEvent.Instance, perEvent);
    }

    public void DisplayResults(ILogger logger)
    {
    }

    public IEnumerable<ValidationError> Validate(ValidationParameters validationParameters) => [];

    private sealed class CpuPerEvent : IMetricDescriptor
    {
        public static readonly CpuPerEvent Instance = new();

        public string Id => "CpuPerEvent";

        public string DisplayName => "CPU/event";

        public string Legend => "Process CPU time (user + system) per stored event, over the workload iterations";

        public string NumberFormat => "N1";

        public UnitType UnitType => UnitType.Dimensionless;

        public string Unit => "μs";

        public bool TheGreaterTheBetter => false;

        public int PriorityInCategory => 0;

        public bool GetIsAvailable(Metric metric) => true;
    }
}

/// <summary>Adds <see cref="ProcessCpuDiagnoser"/> to a benchmark class.</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class ProcessCpuDiagnoserAttribute : Attribute, IConfigSource
{
    public IConfig Config { get; } = ManualConfig.CreateEmpty().AddDiagnoser(new ProcessCpuDiagnoser());
}
