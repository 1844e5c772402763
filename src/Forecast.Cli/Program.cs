using System.CommandLine;
using Forecast.Cli.Benchmarks;
using Forecast.Cli.Customers;
using Forecast.Cli.Database;
using Forecast.Cli.Generate;

var root = new RootCommand("Forecast: ERP + CRM demand, reorder and win-probability forecasting.");
root.Subcommands.Add(DatabaseCommands.Create());
root.Subcommands.Add(BenchmarkCommands.Create());
root.Subcommands.Add(GenerateCommand.Create());
root.Subcommands.Add(CustomersCommands.Create());
return await root.Parse(args).InvokeAsync();
