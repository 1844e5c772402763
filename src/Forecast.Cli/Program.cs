using System.CommandLine;
using Forecast.Cli.Customers;
using Forecast.Cli.Database;
using Forecast.Cli.Demand;
using Forecast.Cli.ErpSync;
using Forecast.Cli.Import;
using Forecast.Cli.Inventory;
using Forecast.Cli.Opportunities;
using Forecast.Cli.Outreach;
using Forecast.Cli.Pipeline;
using Forecast.Cli.Reorder;
using Forecast.Cli.Users;

namespace Forecast.Cli;

/// <summary>The <c>forecast</c> command. Each feature contributes its command group.</summary>
internal static class CliProgram
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("Forecast: ERP + CRM demand, reorder and win-probability forecasting.");
        root.Subcommands.Add(DatabaseCommands.Create());
        root.Subcommands.Add(ImportCommands.Create());
        root.Subcommands.Add(CustomersCommands.Create());
        root.Subcommands.Add(DemandCommands.Create());
        root.Subcommands.Add(InventoryCommands.Create());
        root.Subcommands.Add(OpportunityCommands.Create());
        root.Subcommands.Add(ReorderCommands.Create());
        root.Subcommands.Add(OutboxCommands.Create());
        root.Subcommands.Add(ReminderCommands.Create());
        root.Subcommands.Add(CrmCommands.Create());
        root.Subcommands.Add(ErpCommands.Create());
        foreach (var command in PipelineCommands.Create())
            root.Subcommands.Add(command);
        foreach (var command in UserCommands.Create())
            root.Subcommands.Add(command);
        foreach (var command in MovedCommands.Create())
            root.Subcommands.Add(command);
        root.Options.Add(CliTable.FormatOption);
        var parse = root.Parse(args);
        if (parse.Errors.Count == 0)
            return await parse.InvokeAsync();
        foreach (var error in parse.Errors)
            await Console.Error.WriteLineAsync($"error: {UsageErrors.Explain(error.Message)}");
        await Console.Error.WriteLineAsync($"See '{string.Join(' ', parse.CommandResult.Command.Name == root.Name ? ["forecast"] : ["forecast", .. CommandPath(parse.CommandResult)])} --help'.");
        return ExitCodes.Usage;
    }

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult result) =>
        result.Parent is System.CommandLine.Parsing.CommandResult parent && parent.Parent is not null
            ? [.. CommandPath(parent), result.Command.Name]
            : [result.Command.Name];
}

/// <summary>
/// The exit codes of every command, as documented in the README: scripts and schedulers branch on them.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>The work was refused or failed: bad data (nothing changed), a missing run, an unreachable server.</summary>
    public const int Failed = 1;

    /// <summary>The command line itself is wrong: an unknown command or option, a value that does not parse.</summary>
    public const int Usage = 2;
}

/// <summary>Parse errors in words, without .NET type names ("as expected type 'System.Int32'").</summary>
internal static partial class UsageErrors
{
    public static string Explain(string message) =>
        TypeName().Replace(message, m => "as " + m.Groups["type"].Value switch
        {
            "System.Int32" or "System.Int64" or "System.Int16" => "a whole number",
            "System.Decimal" or "System.Double" or "System.Single" => "a number (with a '.' for decimals)",
            "System.DateOnly" or "System.Nullable`1[System.DateOnly]" => "a date written yyyy-MM-dd",
            "System.Boolean" => "true or false",
            "System.IO.FileInfo" or "System.IO.DirectoryInfo" => "a path",
            var other when other.Contains("Int", StringComparison.Ordinal) => "a whole number",
            _ => "one of its values",
        });

    [System.Text.RegularExpressions.GeneratedRegex(@"as expected type '(?<type>[^']+)'")]
    private static partial System.Text.RegularExpressions.Regex TypeName();
}
