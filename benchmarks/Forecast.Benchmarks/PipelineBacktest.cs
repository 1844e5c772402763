using Forecast.Core.Data;
using Forecast.Core.Demand;
using Forecast.Core.Opportunities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Forecast.Benchmarks;

/// <summary>Settings of <see cref="PipelineBacktest"/>.</summary>
public sealed record PipelineBacktestOptions
{
    /// <summary>Forecast origins, the last one <see cref="Horizon"/> weeks before the end of the data.</summary>
    public int Origins { get; init; } = 8;

    /// <summary>Weeks between origins.</summary>
    public int StepWeeks { get; init; } = 4;

    /// <summary>Weeks forecast and scored after each origin.</summary>
    public int Horizon { get; init; } = 13;

    /// <summary>
    /// A product has a large open pipeline at an origin when the pipeline's expected units over the horizon are at least this
    /// share of the forecast without pipeline (both known at the origin).
    /// </summary>
    public double LargePipelineShare { get; init; } = 0.25;

    /// <summary>Rolling-origin windows of <c>auto</c> inside each forecast.</summary>
    public int BacktestWindows { get; init; } = 3;

    public int Parallelism { get; init; } = Environment.ProcessorCount;
}

/// <summary>One product's forecast at one origin, with and without the pipeline, scored against what came after.</summary>
public sealed record PipelineBacktestScore(
    DateOnly Origin, long ProductId, bool LargePipeline, double PipelineShare,
    double MaseWith, double MaseWithout, double RmsseWith, double RmsseWithout,
    double UnitsWith, double UnitsWithout, double UnitsActual)
{
    /// <summary>The error of the horizon's total units with the pipeline, in the MASE scale per week: |Σf − Σa| / (h · scale).</summary>
    public double TotalErrorWith { get; init; }

    /// <summary>The same without the pipeline.</summary>
    public double TotalErrorWithout { get; init; }
}

/// <summary>
/// Scores of a group of product forecasts: means and medians over forecasts, the bias of the summed units, and the share of
/// forecasts whose RMSSE the pipeline improved.
/// </summary>
public sealed record PipelineBacktestGroup(
    string Group, int Forecasts, int Products,
    double MeanMaseWith, double MeanMaseWithout, double MedianMaseWith, double MedianMaseWithout,
    double MeanRmsseWith, double MeanRmsseWithout, double MeanTotalErrorWith, double MeanTotalErrorWithout,
    double BiasWith, double BiasWithout, double ShareImproved)
{
    /// <summary>The summary of <paramref name="scores"/>.</summary>
    public static PipelineBacktestGroup Of(string group, IReadOnlyList<PipelineBacktestScore> scores)
    {
        if (scores.Count == 0)
            return new(group, 0, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        var actual = scores.Sum(s => s.UnitsActual);
        return new(group, scores.Count, scores.Select(s => s.ProductId).Distinct().Count(),
            scores.Average(s => s.MaseWith), scores.Average(s => s.MaseWithout),
            Median(scores.Select(s => s.MaseWith)), Median(scores.Select(s => s.MaseWithout)),
            scores.Average(s => s.RmsseWith), scores.Average(s => s.RmsseWithout),
            scores.Average(s => s.TotalErrorWith), scores.Average(s => s.TotalErrorWithout),
            actual > 0 ? (scores.Sum(s => s.UnitsWith) - actual) / actual : double.NaN,
            actual > 0 ? (scores.Sum(s => s.UnitsWithout) - actual) / actual : double.NaN,
            scores.Count(s => s.RmsseWith < s.RmsseWithout - 1e-9) / (double)scores.Count);
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[(v.Length / 2) - 1] + v[v.Length / 2]) / 2;
    }
}

/// <summary>What happened at one origin.</summary>
public sealed record PipelineBacktestOrigin(
    DateOnly Origin, int OpenDealsScored, int WonDealLines, int MatchedDealLines, int LargePipelineProducts, int ScoredProducts, double Seconds);

/// <summary>The backtest's outcome: per origin, per group over all origins, and every score.</summary>
public sealed record PipelineBacktestResult(
    PipelineBacktestOptions Options, IReadOnlyList<PipelineBacktestOrigin> Origins,
    PipelineBacktestGroup Large, PipelineBacktestGroup Rest, PipelineBacktestGroup All, IReadOnlyList<PipelineBacktestScore> Scores);

/// <summary>
/// Time-ordered backtest of the pipeline layer (rolling origin with explicit cutoffs, Tashman, IJF 16, 2000): at each
/// origin T (a Sunday, every <see cref="PipelineBacktestOptions.StepWeeks"/> weeks), the win-probability stage runs as
/// of T (deals created by T and open at T, outcomes by T only), then the demand forecast as of T is made twice — on the
/// whole order history (without pipeline), and on run-rate history plus the pipeline layer (with) — and both are scored
/// on the weekly demand of the <see cref="PipelineBacktestOptions.Horizon"/> weeks after T by MASE and RMSSE (scaled by
/// the in-sample one-step naive errors up to T; Hyndman &amp; Koehler, IJF 22, 2006; M5 competition) and bias. Reads the
/// database it is given (e.g. a seeded demo world); writes win-probability runs into it.
/// </summary>
public sealed class PipelineBacktest(ForecastDbContext db, WinProbabilityJob winProbability)
{
    /// <param name="dataEnd">The last day with data.</param>
    /// <param name="options">The origins, horizon and groups.</param>
    /// <param name="progress">Told each origin's summary as it finishes.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    public async Task<PipelineBacktestResult> RunAsync(DateOnly dataEnd, PipelineBacktestOptions options, IProgress<PipelineBacktestOrigin>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var demand = new DemandOptions { Horizon = options.Horizon, BacktestWindows = options.BacktestWindows, Parallelism = options.Parallelism, Granularity = DemandGranularity.Week };
        var origins = Origins(dataEnd, options);
        var products = await db.Products.AsNoTracking().Select(p => p.Id).ToListAsync(cancellationToken);
        var actuals = (await DemandSeriesBuilder.BuildAsync(db, products, dataEnd, new DemandOptions { Granularity = DemandGranularity.Week, MaxHistoryPeriods = 5200 }, cancellationToken))
            .ToDictionary(s => s.ProductId);

        var summaries = new List<PipelineBacktestOrigin>();
        var scores = new List<PipelineBacktestScore>();
        foreach (var origin in origins)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            // Origins lie before the last data day, so the job reads only stages recorded by then, never today's CRM.
            var win = await winProbability.RunStandaloneAsync(origin, cancellationToken);
            db.ChangeTracker.Clear();

            var layers = await DemandForecastJob.LoadLayersAsync(db, products, origin, demand, cancellationToken);
            var full = await DemandSeriesBuilder.BuildAsync(db, products, origin, demand, cancellationToken);
            var runRate = await DemandSeriesBuilder.BuildAsync(db, products, origin, demand, cancellationToken, layers?.DealOrderLineIds);
            var without = ByProduct(DemandForecastJob.Forecast(full, null, origin, demand, cancellationToken));
            var with = ByProduct(DemandForecastJob.Forecast(runRate, layers, origin, demand, cancellationToken));
            var (starts, _) = DemandForecastJob.Periods(origin, demand);

            var originScores = new List<PipelineBacktestScore>();
            foreach (var history in full)
            {
                var scale = NaiveScale(history.Quantities);
                if (history.Quantities.Length < 8 || scale.Mae <= 0 || !without.TryGetValue(history.ProductId, out var f0))
                    continue;
                var f1 = with.GetValueOrDefault(history.ProductId) ?? f0;
                var actual = starts.Select(s => ActualOf(actuals.GetValueOrDefault(history.ProductId), s)).ToArray();
                var mean0 = f0.Select(r => r.Mean).ToArray();
                var mean1 = f1.Select(r => r.Mean).ToArray();
                var pipelineUnits = f1.Sum(r => r.PipelineMean);
                var share = pipelineUnits / Math.Max(mean0.Sum(), 1e-9);
                originScores.Add(new PipelineBacktestScore(
                    origin, history.ProductId, share >= options.LargePipelineShare, share,
                    Mae(mean1, actual) / scale.Mae, Mae(mean0, actual) / scale.Mae,
                    Math.Sqrt(Mse(mean1, actual) / scale.Mse), Math.Sqrt(Mse(mean0, actual) / scale.Mse),
                    mean1.Sum(), mean0.Sum(), actual.Sum())
                {
                    TotalErrorWith = Math.Abs(mean1.Sum() - actual.Sum()) / (actual.Length * scale.Mae),
                    TotalErrorWithout = Math.Abs(mean0.Sum() - actual.Sum()) / (actual.Length * scale.Mae),
                });
            }
            scores.AddRange(originScores);
            var summary = new PipelineBacktestOrigin(origin, win.Scored, layers?.WonDealLines ?? 0, layers?.Matches ?? 0,
                originScores.Count(s => s.LargePipeline), originScores.Count, Math.Round(watch.Elapsed.TotalSeconds, 1));
            summaries.Add(summary);
            progress?.Report(summary);
        }
        return new PipelineBacktestResult(options, summaries,
            PipelineBacktestGroup.Of("large pipeline", [.. scores.Where(s => s.LargePipeline)]),
            PipelineBacktestGroup.Of("rest", [.. scores.Where(s => !s.LargePipeline)]),
            PipelineBacktestGroup.Of("all", scores), scores);
    }

    /// <summary>The origins, oldest first: Sundays, the last one <see cref="PipelineBacktestOptions.Horizon"/> whole weeks before <paramref name="dataEnd"/>.</summary>
    public static IReadOnlyList<DateOnly> Origins(DateOnly dataEnd, PipelineBacktestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // The last Sunday whose next Horizon weeks (Monday to Sunday) all end by dataEnd.
        var lastSunday = dataEnd.AddDays(-(int)dataEnd.DayOfWeek);
        var last = lastSunday.AddDays(-7 * options.Horizon);
        return [.. Enumerable.Range(0, options.Origins).Select(i => last.AddDays(-7 * options.StepWeeks * (options.Origins - 1 - i)))];
    }

    private static Dictionary<long, DemandForecast[]> ByProduct(List<DemandForecast> rows) =>
        rows.GroupBy(r => r.ProductId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Step).ToArray());

    private static double ActualOf(DemandSeries? series, DateOnly weekStart)
    {
        if (series is null)
            return 0;
        var index = (weekStart.DayNumber - series.FirstPeriod.DayNumber) / 7;
        return index >= 0 && index < series.Quantities.Length ? series.Quantities[index] : 0;
    }

    /// <summary>Mean absolute and mean squared one-step naive errors in sample (the MASE and RMSSE scales).</summary>
    private static (double Mae, double Mse) NaiveScale(double[] y)
    {
        if (y.Length < 2)
            return (0, 0);
        double abs = 0, sq = 0;
        for (var t = 1; t < y.Length; t++)
        {
            var d = y[t] - y[t - 1];
            abs += Math.Abs(d);
            sq += d * d;
        }
        return (abs / (y.Length - 1), sq / (y.Length - 1));
    }

    private static double Mae(double[] f, double[] a) => f.Select((v, k) => Math.Abs(v - a[k])).Average();

    private static double Mse(double[] f, double[] a) => f.Select((v, k) => (v - a[k]) * (v - a[k])).Average();
}
