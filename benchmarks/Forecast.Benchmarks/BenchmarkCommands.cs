using System.CommandLine;

namespace Forecast.Benchmarks;

/// <summary>
/// <c>forecast-bench benchmark ...</c>: accuracy and speed measured on public data sets, printed as tables
/// and written as JSON for README. These read data outside the repository (e.g. ../shared/data) by path.
/// </summary>
internal static class BenchmarkCommands
{
    public static Command Create()
    {
        var benchmark = new Command("benchmark", "Measure accuracy and speed on public data sets (see README, Benchmarks).");
        benchmark.Subcommands.Add(ImportBenchmark.Create());
        benchmark.Subcommands.Add(CustomerMatchingBenchmark.Create());
        benchmark.Subcommands.Add(InventoryBenchmarkCommand.Create());
        benchmark.Subcommands.Add(WinRateBenchmark.Create());
        benchmark.Subcommands.Add(ReorderBenchmarkCommand.Create());
        benchmark.Subcommands.Add(PipelineBacktestCommand.Create());
        benchmark.Subcommands.Add(OverridesBenchmarkCommand.Create());
        benchmark.Subcommands.Add(LifetimeValueBenchmarkCommand.Create());
        benchmark.Subcommands.Add(NightlyBenchmark.Create());
        benchmark.Subcommands.Add(PricingBenchmarkCommand.Create());
        return benchmark;
    }
}
