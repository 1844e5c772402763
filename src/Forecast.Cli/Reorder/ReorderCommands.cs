using System.CommandLine;
using System.Globalization;
using Forecast.Core.Data;
using Forecast.Core.Reorder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Forecast.Cli.Reorder;

/// <summary><c>forecast reorder predict</c>: runs the reorder stage in-process, the same jobs the scheduler runs.</summary>
internal static class ReorderCommands
{
    public static Command Create()
    {
        var reorder = new Command("reorder", "Customers' purchase cycles: next reorder per customer x product.");
        var asOf = new Option<DateOnly?>("--as-of") { Description = "Business day the predictions are made as of (default: today, UTC)" };
        var partitions = new Option<int>("--partitions") { Description = "Split customers into this many partitions (as the scheduler would); all run here, one after another", DefaultValueFactory = _ => 1 };
        var predict = new Command("predict", "Fit the reorder model on the ERP orders up to --as-of and write predictions for every customer x product pair.") { asOf, partitions };
        predict.SetAction((parse, ct) => CliHost.RunAsync((services, token) => PredictAsync(services, parse.GetValue(asOf), parse.GetValue(partitions), token), ct));
        reorder.Subcommands.Add(predict);
        return reorder;
    }

    private static async Task<int> PredictAsync(IServiceProvider services, DateOnly? asOfOption, int partitions, CancellationToken cancellationToken)
    {
        if (partitions < 1)
        {
            AnsiConsole.MarkupLine("[red]--partitions must be at least 1.[/]");
            return 2;
        }
        var asOf = asOfOption ?? DateOnly.FromDateTime(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        var written = 0;
        try
        {
            await AnsiConsole.Progress().StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"Reorder predictions as of {asOf:yyyy-MM-dd}", maxValue: partitions);
                for (var p = 0; p < partitions; p++)
                {
                    await using var scope = services.CreateAsyncScope();
                    written += await scope.ServiceProvider.GetRequiredService<ReorderPredictionJob>().RunAsync(asOf, p, partitions, cancellationToken);
                    task.Increment(1);
                }
            });
        }
        catch (InvalidOperationException e)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 1;
        }

        var db = services.GetRequiredService<ForecastDbContext>();
        var run = await db.PredictionRuns.Include(r => r.ModelVersion).AsNoTracking()
            .Where(r => r.Kind == ReorderModelJob.Kind && r.AsOf == asOf).OrderByDescending(r => r.Id).FirstAsync(cancellationToken);
        var due = await db.ReorderPredictions.CountAsync(r => r.PredictionRunId == run.Id && r.ProbabilityWithinHorizon >= 0.5, cancellationToken);
        AnsiConsole.MarkupLine($"Run {run.Id} ({run.Status}): {written.ToString("N0", CultureInfo.InvariantCulture)} customer x product predictions as of {asOf:yyyy-MM-dd}, " +
                               $"{due.ToString("N0", CultureInfo.InvariantCulture)} likely to reorder within the horizon (P >= 0.5).");
        AnsiConsole.MarkupLine($"Model version {run.ModelVersion?.Version} trained to {run.ModelVersion?.TrainedTo:yyyy-MM-dd} on {run.ModelVersion?.TrainingRows.ToString("N0", CultureInfo.InvariantCulture)} order lines.");
        AnsiConsole.MarkupLine($"Backtest: {Markup.Escape(run.ModelVersion?.MetricsJson ?? "{}")}");
        return 0;
    }
}
