using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Forecast.Cli;
using Forecast.Core.Customers;
using Forecast.Core.Data;
using Forecast.Core.Demand;
using Forecast.DemoWorld;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Spectre.Console;

namespace Forecast.Benchmarks;

/// <summary>
/// <c>forecast-bench benchmark pipeline</c>: generates a demo world in-process (deterministic seed), seeds it into its own
/// database, links customers, then runs <see cref="PipelineBacktest"/>: demand forecasts with and without the CRM
/// pipeline at several origins, scored on the weeks after each. Tables on the console, JSON in the output folder.
/// </summary>
internal static class PipelineBacktestCommand
{
    private const string Database = "forecast_bench_pipeline";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static Command Create()
    {
        var seed = new Option<int>("--seed") { Description = "Demo world seed.", DefaultValueFactory = _ => 42 };
        var customers = new Option<int>("--customers") { Description = "ERP customers of the demo world.", DefaultValueFactory = _ => 300 };
        var products = new Option<int>("--products") { Description = "Products of the demo world.", DefaultValueFactory = _ => 200 };
        var origins = new Option<int>("--origins") { Description = "Forecast origins, every --step weeks, the last one --horizon weeks before the data ends.", DefaultValueFactory = _ => 8 };
        var step = new Option<int>("--step") { Description = "Weeks between origins.", DefaultValueFactory = _ => 4 };
        var horizon = new Option<int>("--horizon") { Description = "Weeks forecast and scored after each origin.", DefaultValueFactory = _ => 13 };
        var large = new Option<double>("--large-share") { Description = "Large open pipeline: pipeline units over the horizon at least this share of the forecast without it.", DefaultValueFactory = _ => 0.25 };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the JSON results.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("benchmarks", "pipeline", "results")) };
        var command = new Command("pipeline", "Demand forecast with vs without the CRM pipeline, rolling-origin backtest on a generated demo world.")
        {
            seed, customers, products, origins, step, horizon, large, output,
        };
        command.SetAction((parse, ct) => RunAsync(
            new DemoWorldOptions { Seed = parse.GetValue(seed), Customers = parse.GetValue(customers), Products = parse.GetValue(products) },
            new PipelineBacktestOptions { Origins = parse.GetValue(origins), StepWeeks = parse.GetValue(step), Horizon = parse.GetValue(horizon), LargePipelineShare = parse.GetValue(large) },
            parse.GetValue(output)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(DemoWorldOptions worldOptions, PipelineBacktestOptions options, DirectoryInfo output, CancellationToken cancellationToken)
    {
        if (worldOptions.Validate() is { } problem)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(problem)}[/]");
            return 2;
        }
        if (options.Origins < 1 || options.StepWeeks < 1 || options.Horizon < 1 || options.LargePipelineShare <= 0)
        {
            AnsiConsole.MarkupLine("[red]--origins, --step and --horizon must be at least 1 and --large-share above 0.[/]");
            return 2;
        }
        if (Console.IsOutputRedirected)
            AnsiConsole.Profile.Width = 160;
        var load = LoadAverage();
        var machine = $"{Environment.ProcessorCount} logical processors, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, load average at start {load}";
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(machine)}[/]");

        string serverConnection;
        using (var host = CliHost.Build())
            serverConnection = host.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString;
        if (string.IsNullOrWhiteSpace(serverConnection))
        {
            AnsiConsole.MarkupLine("[red]No database:[/] set ConnectionStrings__Forecast to a PostgreSQL server (the benchmark creates and drops its own database there).");
            return 2;
        }
        var bench = new NpgsqlConnectionStringBuilder(serverConnection) { Database = Database };
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var world = DemoWorldGenerator.Generate(worldOptions);
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"Demo world seed {worldOptions.Seed}: {worldOptions.Customers} customers, {worldOptions.Products} products, data up to {worldOptions.AsOf:yyyy-MM-dd} ({watch.Elapsed.TotalSeconds:N1} s)");

        await ExecuteAsync(serverConnection, $"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", cancellationToken);
        await ExecuteAsync(serverConnection, $"CREATE DATABASE {Database}", cancellationToken);
        try
        {
            Environment.SetEnvironmentVariable("ConnectionStrings__Forecast", bench.ConnectionString);
            using var host = CliHost.Build();
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<ForecastDbContext>();
                await db.Database.MigrateAsync(cancellationToken);
                await DemoWorldSeeder.SeedAsync(db, world, DemoSeedParts.All, cancellationToken);
            }
            await using (var scope = host.Services.CreateAsyncScope())
                await scope.ServiceProvider.GetRequiredService<CustomerUnification>().RunAsync(worldOptions.AsOf, cancellationToken);
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Seeded and customers linked ({watch.Elapsed.TotalSeconds:N1} s)");

            PipelineBacktestResult result;
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var backtest = ActivatorUtilities.CreateInstance<PipelineBacktest>(scope.ServiceProvider);
                var origins = PipelineBacktest.Origins(worldOptions.AsOf, options);
                result = await AnsiConsole.Progress().StartAsync(async ctx =>
                {
                    var task = ctx.AddTask("origins", maxValue: origins.Count);
                    var progress = new SyncProgress<PipelineBacktestOrigin>(o =>
                    {
                        task.Increment(1);
                        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                            $"  {o.Origin:yyyy-MM-dd}: {o.OpenDealsScored} open deals scored, {o.MatchedDealLines}/{o.WonDealLines} won deal lines matched to orders, {o.LargePipelineProducts}/{o.ScoredProducts} products with a large pipeline ({o.Seconds:N1} s)");
                    });
                    return await backtest.RunAsync(worldOptions.AsOf, options, progress, cancellationToken);
                });
            }
            Print(result);
            output.Create();
            var path = Path.Combine(output.FullName, string.Create(CultureInfo.InvariantCulture, $"seed{worldOptions.Seed}.json"));
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new
            {
                world = new { worldOptions.Seed, worldOptions.Customers, worldOptions.Products, worldOptions.Years, asOf = worldOptions.AsOf },
                options,
                machine = new { description = machine, cores = Environment.ProcessorCount, loadAverageAtStart = load, loadAverageAtEnd = LoadAverage(), seconds = Math.Round(watch.Elapsed.TotalSeconds, 1) },
                groups = new[] { result.Large, result.Rest, result.All },
                origins = result.Origins,
            }, Json), cancellationToken);
            AnsiConsole.MarkupLine($"Results written to [blue]{Markup.Escape(path)}[/] ({watch.Elapsed.TotalSeconds:N0} s in all)");
            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(serverConnection, $"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", CancellationToken.None);
        }
    }

    private static void Print(PipelineBacktestResult result)
    {
        var table = new Table().AddColumns("Products", "Forecasts", "MASE with", "MASE without", "median with", "median without", "RMSSE with", "RMSSE without", "total err with", "total err without", "bias with", "bias without", "RMSSE improved");
        foreach (var g in new[] { result.Large, result.Rest, result.All })
        {
            table.AddRow(Markup.Escape(g.Group), N(g.Forecasts), F(g.MeanMaseWith), F(g.MeanMaseWithout), F(g.MedianMaseWith), F(g.MedianMaseWithout),
                F(g.MeanRmsseWith), F(g.MeanRmsseWithout), F(g.MeanTotalErrorWith), F(g.MeanTotalErrorWithout), P(g.BiasWith), P(g.BiasWithout), P(g.ShareImproved));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"Large pipeline: expected pipeline units over the {result.Options.Horizon} weeks ≥ {result.Options.LargePipelineShare:P0} of the forecast without pipeline, as known at the origin. Total err: |horizon total − actual| / (weeks · MASE scale).");

        static string N(int v) => v.ToString(CultureInfo.InvariantCulture);
        static string F(double v) => double.IsFinite(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "-";
        static string P(double v) => double.IsFinite(v) ? v.ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture) : "-";
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool and race the table).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
