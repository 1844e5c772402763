using System.CommandLine;
using Forecast.Cli.Benchmarks;
using Forecast.Cli.Database;
using Forecast.Cli.Inventory;
using Forecast.Cli.Outreach;
using Forecast.Cli.Pipeline;

var root = new RootCommand("Forecast: ERP + CRM demand, reorder and win-probability forecasting.");
root.Subcommands.Add(DatabaseCommands.Create());
root.Subcommands.Add(BenchmarkCommands.Create());
root.Subcommands.Add(OutboxCommands.Create());
root.Subcommands.Add(InventoryCommands.Create());
foreach (var command in PipelineCommands.Create())
    root.Subcommands.Add(command);
return await root.Parse(args).InvokeAsync();
