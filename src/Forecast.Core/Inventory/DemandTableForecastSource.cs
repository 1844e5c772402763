using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Forecast.Core.Demand;
using Forecast.Core.ModelStore;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.Inventory;

/// <summary>
/// Feeds the inventory stage from the demand stage's latest published run at or before the as-of date. Products the
/// demand stage has no forecast for fall back to their order history, so every product still gets a plan. Planners'
/// forecast overrides are applied to the demand run's weeks (<see cref="ForecastOverrides.Apply"/>); the order-history
/// fallback has no model weeks to override.
/// </summary>
public sealed class DemandTableForecastSource(ForecastDbContext db, OrderHistoryDemandSource fallback) : IDemandForecastSource
{
    private static readonly double[] Levels = [0.1, 0.25, 0.5, 0.75, 0.9];

    public async Task<IReadOnlyDictionary<long, ProductDemandForecast>> GetForecastsAsync(IReadOnlyCollection<long> productIds, DateOnly asOf, CancellationToken cancellationToken)
    {
        var runId = await PredictionRuns.LatestSucceeded(db, DemandForecastJob.Kind, asOf).Select(r => (long?)r.Id).FirstOrDefaultAsync(cancellationToken);
        var ids = productIds.ToList();
        var rows = runId is null ? [] : await db.Set<DemandForecast>().AsNoTracking()
            .Where(f => f.PredictionRunId == runId && ids.Contains(f.ProductId))
            .OrderBy(f => f.ProductId).ThenBy(f => f.Step)
            .ToListAsync(cancellationToken);

        // Planners' overrides replace the model's mean for their weeks (keyed by week, so any run's rows take them).
        if (rows.Count > 0)
            rows = [.. ForecastOverrides.Apply(rows, await ForecastOverrides.LoadAsync(db, ids, rows.Min(r => r.PeriodStart), cancellationToken))];
        var result = new Dictionary<long, ProductDemandForecast>();
        foreach (var product in rows.GroupBy(r => r.ProductId))
        {
            if (ToForecast([.. product], asOf) is { } forecast)
                result[product.Key] = forecast;
        }
        var missing = ids.Where(id => !result.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            foreach (var (id, forecast) in await fallback.GetForecastsAsync(missing, asOf, cancellationToken))
                result[id] = forecast;
        }
        return result;
    }

    /// <summary>
    /// Periods that ended on or before the as-of date are dropped; a period the as-of date falls in keeps only its
    /// remaining days' share, so demand already behind us is not projected again.
    /// </summary>
    internal static ProductDemandForecast? ToForecast(IReadOnlyList<DemandForecast> periods, DateOnly asOf)
    {
        if (periods.Count == 0)
            return null;
        var length = periods.Count > 1 ? periods[1].PeriodStart.DayNumber - periods[0].PeriodStart.DayNumber : 7;
        var end = periods[^1].PeriodStart.AddDays(length);
        var firstDay = asOf.AddDays(1);
        var starts = new List<DateOnly>();
        var means = new List<double>();
        var quantiles = new List<IReadOnlyList<double>>();
        for (var i = 0; i < periods.Count; i++)
        {
            var p = periods[i];
            var periodEnd = i + 1 < periods.Count ? periods[i + 1].PeriodStart : end;
            if (periodEnd <= firstDay)
                continue;
            var share = 1.0;
            var start = p.PeriodStart;
            if (start < firstDay)
            {
                share = (double)(periodEnd.DayNumber - firstDay.DayNumber) / (periodEnd.DayNumber - start.DayNumber);
                start = firstDay;
            }
            starts.Add(start);
            means.Add(p.Mean * share);
            quantiles.Add([p.P10 * share, p.P25 * share, p.Mean * share, p.P75 * share, p.P90 * share]);
        }
        if (starts.Count == 0)
            return null;
        return new ProductDemandForecast(starts, end, means, Levels, quantiles, periods[0].Model, "MASE", periods[0].BacktestMase);
    }
}
