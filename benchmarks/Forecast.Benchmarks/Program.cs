using System.CommandLine;
using Forecast.Benchmarks.Backtest;
using Forecast.Cli;

namespace Forecast.Benchmarks;

/// <summary>
/// The <c>forecast-bench</c> command: <c>backtest</c> and <c>benchmark ...</c>, with the names and options they had
/// under <c>forecast</c>, so the scripts under benchmarks/ changed only the executable they call.
/// </summary>
internal static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("forecast-bench: Forecast's accuracy and speed on public data sets and the demo world.");
        root.Subcommands.Add(BacktestCommand.Create());
        root.Subcommands.Add(BenchmarkCommands.Create());
        var parse = root.Parse(args);
        if (parse.Errors.Count == 0)
            return await parse.InvokeAsync();
        foreach (var error in parse.Errors)
            await Console.Error.WriteLineAsync($"error: {UsageErrors.Explain(error.Message)}");
        await Console.Error.WriteLineAsync("See 'forecast-bench --help'.");
        return ExitCodes.Usage;
    }
}
