using System.CommandLine;
using Forecast.Cli.Benchmarks;
using Forecast.Cli.Database;
using Forecast.Cli.Reorder;

var root = new RootCommand("Forecast: ERP + CRM demand, reorder and win-probability forecasting.");
root.Subcommands.Add(DatabaseCommands.Create());
root.Subcommands.Add(BenchmarkCommands.Create());
root.Subcommands.Add(ReorderCommands.Create());
return await root.Parse(args).InvokeAsync();
