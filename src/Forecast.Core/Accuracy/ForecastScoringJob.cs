using Forecast.Core.Data;
using Forecast.Core.Demand;
using Forecast.Core.ModelStore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Accuracy;

/// <summary>
/// Scores kept demand forecasts against what happened: every forecast row of a published demand run made before the
/// as-of date whose period is complete on that date, and that is not scored yet, gets a <see cref="ForecastScore"/>
/// with the period's actual demand and the product's MASE scale as of the forecast. Demand runs of different as-of
/// dates are all kept by the demand stage (a re-run of a day replaces that day's run), so every night's forecast can
/// be scored once its weeks are over.
/// </summary>
/// <remarks>
/// Replay = live: the actual of a complete period and the scale of a history as of the forecast depend only on orders
/// dated on or before the as-of date, never on the clock. Idempotent: rows already scored are left as they are, so a
/// re-run (or Hangfire's second delivery) adds nothing, and a scoring as of a later day only adds the periods that
/// closed since.
/// </remarks>
public sealed partial class ForecastScoringJob(ForecastDbContext db, IOptions<DemandOptions> demandOptions, ILogger<ForecastScoringJob> logger)
{
    /// <summary>Scores what can be scored as of <paramref name="asOf"/>; returns the rows written.</summary>
    public async Task<int> ScoreAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        var o = demandOptions.Value;
        var closedBefore = DemandSeriesBuilder.FirstForecastPeriod(asOf, o.Granularity);
        var scores = db.Set<ForecastScore>();
        var pending = await db.DemandForecasts.AsNoTracking()
            .Where(f => f.PredictionRun!.Kind == DemandForecastJob.Kind && f.PredictionRun.Status == RunStatus.Succeeded
                        && f.PredictionRun.AsOf < asOf && f.PeriodStart < closedBefore
                        && !scores.Any(s => s.ForecastRunId == f.PredictionRunId && s.ProductId == f.ProductId && s.PeriodStart == f.PeriodStart))
            .Select(f => new { f.PredictionRunId, f.PredictionRun!.AsOf, f.ProductId, f.PeriodStart, f.Step, f.Mean, f.P10, f.P90 })
            .ToListAsync(cancellationToken);
        if (pending.Count == 0)
            return 0;

        var runDays = pending.Select(p => p.AsOf).Distinct().ToList();
        var productIds = pending.Select(p => p.ProductId).Distinct().ToList();
        // One load of the order lines serves the actuals (as of today) and every forecast's history (as of its day).
        var earliest = new[] { asOf }.Concat(runDays).Min(d => DemandSeriesBuilder.HistoryStart(d, o));
        var firstScored = pending.Min(p => p.PeriodStart);
        if (firstScored < earliest)
            earliest = firstScored;
        var lines = await db.SalesOrderLines.AsNoTracking()
            .Where(l => productIds.Contains(l.ProductId) && l.SalesOrder!.Status != SalesOrderStatus.Cancelled
                        && l.SalesOrder.OrderDate >= earliest && l.SalesOrder.OrderDate < closedBefore)
            .Select(l => new DemandLine(l.ProductId, l.SalesOrder!.OrderDate, l.Quantity, l.IsReturn))
            .ToListAsync(cancellationToken);

        var actuals = Actuals(lines, asOf, firstScored, o);
        var m = o.Granularity == DemandGranularity.Month ? 12 : 52;
        var scales = new Dictionary<(DateOnly, long), double>();
        foreach (var day in runDays)
        {
            foreach (var series in DemandSeriesBuilder.Build(lines, day, o))
            {
                var scale = Forecast.Modeling.Evaluation.Accuracy.NaiveMae(series.Quantities, m);
                if (double.IsFinite(scale) && scale > 0)
                    scales[(day, series.ProductId)] = scale;
            }
        }

        var rows = pending.Select(p => new ForecastScore
        {
            ForecastRunId = p.PredictionRunId,
            ForecastAsOf = p.AsOf,
            ProductId = p.ProductId,
            PeriodStart = p.PeriodStart,
            Step = p.Step,
            Forecast = p.Mean,
            P10 = p.P10,
            P90 = p.P90,
            Actual = actuals.GetValueOrDefault((p.ProductId, p.PeriodStart)),
            NaiveScale = scales.TryGetValue((p.AsOf, p.ProductId), out var s) ? s : null,
            ScoredAsOf = asOf,
        }).ToList();
        db.ChangeTracker.Clear();
        scores.AddRange(rows);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        LogScored(logger, rows.Count, runDays.Count, asOf);
        return rows.Count;
    }

    /// <summary>Demand per product and complete period from <paramref name="from"/> on, counted exactly as the demand stage counts its history.</summary>
    private static Dictionary<(long, DateOnly), double> Actuals(IReadOnlyList<DemandLine> lines, DateOnly asOf, DateOnly from, DemandOptions o)
    {
        // Enough history that the series reaches back to the oldest period scored.
        var periods = o.Granularity == DemandGranularity.Month
            ? (asOf.Year - from.Year) * 12 + asOf.Month - from.Month + 2
            : (asOf.DayNumber - from.DayNumber) / 7 + 2;
        var wide = new DemandOptions { Granularity = o.Granularity, MaxHistoryPeriods = Math.Max(o.MaxHistoryPeriods, periods) };
        var result = new Dictionary<(long, DateOnly), double>();
        foreach (var series in DemandSeriesBuilder.Build(lines, asOf, wide))
        {
            for (var i = 0; i < series.Quantities.Length; i++)
                result[(series.ProductId, DemandSeriesBuilder.Next(series.FirstPeriod, o.Granularity, i))] = series.Quantities[i];
        }
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scored {Rows} forecasts of {Runs} demand runs as of {AsOf}")]
    private static partial void LogScored(ILogger logger, int rows, int runs, DateOnly asOf);
}
