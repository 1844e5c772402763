using System.CommandLine;

namespace Forecast.Cli;

/// <summary>
/// Commands that used to be part of <c>forecast</c> and now ship as their own tools, so the product carries no demo or
/// benchmark code. A script that still calls the old name learns where the command went instead of "unknown command".
/// </summary>
internal static class MovedCommands
{
    public static IEnumerable<Command> Create() =>
    [
        Moved("generate", "forecast-demo generate", "demo/Forecast.DemoWorld"),
        Moved("backtest", "forecast-bench backtest", "benchmarks/Forecast.Benchmarks"),
        Moved("benchmark", "forecast-bench benchmark", "benchmarks/Forecast.Benchmarks"),
    ];

    private static Command Moved(string name, string replacement, string project)
    {
        var command = new Command(name, $"Moved: run '{replacement}' ({project}).")
        {
            Hidden = true,
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(parse =>
        {
            Console.Error.WriteLine($"error: 'forecast {name}' moved out of the product: run '{replacement}' with the same options (built from {project}).");
            return ExitCodes.Usage;
        });
        return command;
    }
}
