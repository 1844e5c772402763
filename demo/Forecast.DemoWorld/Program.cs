using System.CommandLine;

namespace Forecast.DemoWorld;

/// <summary>
/// The <c>forecast-demo</c> command: the demo company's exports for trying the product out. It lives apart from the
/// <c>forecast</c> command so the product ships without it.
/// </summary>
internal static class DemoProgram
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("forecast-demo: generate the demo world (a machine-parts distributor's ERP and CRM exports) to try Forecast on.");
        root.Subcommands.Add(GenerateCommand.Create());
        var parse = root.Parse(args);
        if (parse.Errors.Count == 0)
            return await parse.InvokeAsync();
        foreach (var error in parse.Errors)
            await Console.Error.WriteLineAsync($"error: {error.Message}");
        await Console.Error.WriteLineAsync("See 'forecast-demo generate --help'.");
        return 2;
    }
}
