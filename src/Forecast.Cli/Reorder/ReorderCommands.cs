using System.CommandLine;
using System.Globalization;
using Forecast.Cli.Pipeline;
using Forecast.Core.Data;
using Forecast.Core.Reorder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Forecast.Cli.Reorder;

/// <summary><c>forecast reorder predict</c>: the <c>reorder</c> stage run in this process (<c>forecast run reorder</c>), with its summary.</summary>
internal static class ReorderCommands
{
    public static Command Create()
    {
        var reorder = new Command("reorder", "Customers' purchase cycles: next reorder per customer x product.");
        var asOf = AsOfOption.Create($"Business day the predictions are made as of. {AsOfOption.DefaultText}");
        var predict = new Command("predict", "Fit the reorder model on the ERP orders up to --as-of and write predictions for every customer x product pair (the nightly 'reorder' stage).") { asOf };
        predict.SetAction((parse, ct) => PredictAsync(parse.GetValue(asOf), ct));
        reorder.Subcommands.Add(predict);
        return reorder;
    }

    private static async Task<int> PredictAsync(DateOnly? asOf, CancellationToken cancellationToken)
    {
        using var host = StageCommand.BuildHost();
        if (await StageCommand.RunAsync(host, ReorderStage.StageName, asOf, "Reorder predictions", cancellationToken) is not { } finished)
            return 1;

        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForecastDbContext>();
        var run = await db.PredictionRuns.Include(r => r.ModelVersion).AsNoTracking()
            .SingleAsync(r => r.PipelineRunId == finished.Id && r.Kind == ReorderModelJob.Kind, cancellationToken);
        var due = await db.ReorderPredictions.CountAsync(r => r.PredictionRunId == run.Id && r.ProbabilityWithinHorizon >= 0.5, cancellationToken);
        var inv = CultureInfo.InvariantCulture;
        AnsiConsole.MarkupLine($"Run {run.Id} ({run.Status}): {run.Items.ToString("N0", inv)} customer x product predictions as of {run.AsOf:yyyy-MM-dd}, " +
                               $"{due.ToString("N0", inv)} likely to reorder within the horizon (P >= 0.5).");
        AnsiConsole.MarkupLine($"Model version {run.ModelVersion?.Version} trained to {run.ModelVersion?.TrainedTo:yyyy-MM-dd} on {run.ModelVersion?.TrainingRows.ToString("N0", inv)} order lines.");
        AnsiConsole.MarkupLine($"Backtest: {Markup.Escape(run.ModelVersion?.MetricsJson ?? "{}")}");
        return finished.Status == Forecast.Core.ModelStore.RunStatus.Succeeded ? 0 : 1;
    }
}
