using System.Text.Json;
using Forecast.Core.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Accuracy;

/// <summary>
/// The nightly <c>accuracy</c> stage, after <c>demand</c>: scores the kept forecasts whose periods are over
/// (<see cref="ForecastScoringJob"/>) and records, in its prediction run's metrics (the admin page's observations), what
/// it scored and every family (or all products) whose accuracy drifted (<see cref="Modeling.Evaluation.DriftRule"/>).
/// One partition; running it again as of the same day scores nothing new and records the same observations.
/// </summary>
public sealed partial class AccuracyStage(ForecastScoringJob scoring, AccuracyQueries queries, PredictionRuns runs, IOptions<AccuracyOptions> options, ILogger<AccuracyStage> logger) : IPipelineStage
{
    public const string StageName = "accuracy";
    public const string RunKind = "accuracy";

    /// <summary>The drift list's name for all products together.</summary>
    public const string OverallKey = "overall";

    public string Name => StageName;
    public string Description => "Score past weeks' demand forecasts against actual demand (bias, MASE, interval coverage) and flag accuracy drift.";

    public Task<int> PlanPartitionsAsync(PipelineRunContext run, CancellationToken cancellationToken) => Task.FromResult(1);

    public async Task RunPartitionAsync(PipelineRunContext run, int partition, int partitionCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await runs.ForStageAsync(RunKind, run, cancellationToken);
        await scoring.ScoreAsync(run.AsOf, cancellationToken);
    }

    public async Task CompleteAsync(PipelineRunContext run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var predictionRun = await runs.OfPipelineRunAsync(RunKind, run.RunId, cancellationToken);
        if (predictionRun is null)
            return;
        var o = options.Value;
        var checks = await queries.DriftAsync(run.AsOf, cancellationToken);
        var overall = checks[0].Check;
        var drifted = checks.Where(c => c.Check.Drifted).ToList();
        var metrics = new Dictionary<string, object?>
        {
            ["step"] = o.DriftStep,
            ["driftFactor"] = o.DriftFactor,
            ["recentMase"] = Round(overall.RecentMase),
            ["trailingMase"] = Round(overall.TrailingMase),
            ["scoredWeeks"] = overall.TrailingWeeks + overall.RecentWeeks,
            [AccuracyQueries.DriftKey] = drifted.ToDictionary(c => c.Family ?? OverallKey, c => new
            {
                recentMase = Round(c.Check.RecentMase),
                trailingMase = Round(c.Check.TrailingMase),
                ratio = Round(c.Check.Ratio),
            }),
        };
        foreach (var (family, check) in drifted)
            LogDrift(logger, family ?? OverallKey, check.RecentMase, check.TrailingMase, run.AsOf);
        await runs.SucceedAsync(predictionRun.Id, drifted.Count, JsonSerializer.Serialize(metrics), cancellationToken);
    }

    private static double? Round(double v) => double.IsFinite(v) ? Math.Round(v, 4) : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forecast accuracy drifted for {Family} as of {AsOf}: recent MASE {Recent:0.00} against trailing {Trailing:0.00}")]
    private static partial void LogDrift(ILogger logger, string family, double recent, double trailing, DateOnly asOf);
}
