using System.CommandLine;
using Forecast.Cli.Backtest;
using Forecast.Cli.Benchmarks;
using Forecast.Cli.Customers;
using Forecast.Cli.Database;
using Forecast.Cli.Generate;
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
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(ImportCommands.Create());
        root.Subcommands.Add(CustomersCommands.Create());
        root.Subcommands.Add(InventoryCommands.Create());
        root.Subcommands.Add(OpportunityCommands.Create());
        root.Subcommands.Add(ReorderCommands.Create());
        root.Subcommands.Add(BacktestCommand.Create());
        root.Subcommands.Add(BenchmarkCommands.Create());
        root.Subcommands.Add(OutboxCommands.Create());
        root.Subcommands.Add(ReminderCommands.Create());
        foreach (var command in PipelineCommands.Create())
            root.Subcommands.Add(command);
        foreach (var command in UserCommands.Create())
            root.Subcommands.Add(command);
        return await root.Parse(args).InvokeAsync();
    }
}
