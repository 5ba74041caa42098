using BenchmarkDotNet.Running;

namespace ChannelFunctions.Benchmarks;

/// <summary>
/// Runs the benchmarks BenchmarkDotNet's way: <c>dotnet run -c Release --project tests/ChannelFunctions.Benchmarks -- --filter '*'</c>
/// (every benchmark), or <c>--list flat</c> to see them. See docs/performance.md.
/// </summary>
public static class Program
{
    /// <summary>Hands the command line to BenchmarkDotNet's switcher.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
