using Forecast.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Inventory;

/// <summary>
/// The fallback demand source, used until the demand stage's forecasts are wired in (and for a product the demand
/// stage could not forecast): each product's weekly order quantities over the last <see cref="InventoryOptions.HistoryWeeks"/>
/// weeks (or since its first order, if later) taken as the distribution of every future week — the empirical
/// distribution behind the historic-average baseline. Weeks end on the as-of date; cancelled orders are left out,
/// returns reduce their week (never below zero).
/// </summary>
public sealed class OrderHistoryDemandSource(ForecastDbContext db, IOptions<InventoryOptions> options) : IDemandForecastSource
{
    public const string ModelName = "weekly-history (fallback)";
    private static readonly double[] Levels = [0.1, 0.25, 0.5, 0.75, 0.9];

    public async Task<IReadOnlyDictionary<long, ProductDemandForecast>> GetForecastsAsync(IReadOnlyCollection<long> productIds, DateOnly asOf, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var ids = productIds.ToList();
        var from = asOf.AddDays(-7 * o.HistoryWeeks + 1);
        var lines = await db.SalesOrderLines.AsNoTracking()
            .Where(l => ids.Contains(l.ProductId) && l.SalesOrder!.Status != SalesOrderStatus.Cancelled
                        && l.SalesOrder.OrderDate >= from && l.SalesOrder.OrderDate <= asOf)
            .Select(l => new { l.ProductId, l.SalesOrder!.OrderDate, l.Quantity })
            .ToListAsync(cancellationToken);
        var firstOrders = await db.SalesOrderLines.AsNoTracking()
            .Where(l => ids.Contains(l.ProductId) && l.SalesOrder!.Status != SalesOrderStatus.Cancelled && l.SalesOrder.OrderDate <= asOf)
            .GroupBy(l => l.ProductId)
            .Select(g => new { ProductId = g.Key, First = g.Min(l => l.SalesOrder!.OrderDate) })
            .ToDictionaryAsync(x => x.ProductId, x => x.First, cancellationToken);
        var byProduct = lines.ToLookup(l => l.ProductId);

        var firstDay = asOf.AddDays(1);
        var starts = Enumerable.Range(0, o.HorizonWeeks).Select(w => firstDay.AddDays(7 * w)).ToArray();
        var end = firstDay.AddDays(7 * o.HorizonWeeks);
        var result = new Dictionary<long, ProductDemandForecast>();
        foreach (var id in ids)
        {
            var weeks = o.HistoryWeeks;
            if (firstOrders.TryGetValue(id, out var first))
                weeks = Math.Clamp((asOf.DayNumber - first.DayNumber) / 7 + 1, 1, o.HistoryWeeks);
            var totals = new double[weeks];
            foreach (var line in byProduct[id])
            {
                // Week 0 ends on the as-of date, week 1 the week before, ...
                var week = (asOf.DayNumber - line.OrderDate.DayNumber) / 7;
                if (week < weeks)
                    totals[week] += (double)line.Quantity;
            }
            for (var w = 0; w < weeks; w++)
                totals[w] = Math.Max(0, totals[w]);
            Array.Sort(totals);
            var quantiles = Levels.Select(p => TypeSeven(totals, p)).ToArray();
            var mean = totals.Average();
            result[id] = new ProductDemandForecast(
                starts, end, [.. Enumerable.Repeat(mean, starts.Length)], Levels,
                [.. Enumerable.Repeat<IReadOnlyList<double>>(quantiles, starts.Length)],
                firstOrders.ContainsKey(id) ? ModelName : $"{ModelName}: no sales");
        }
        return result;
    }

    /// <summary>Hyndman &amp; Fan (1996) type 7, R's default: linear interpolation between order statistics.</summary>
    private static double TypeSeven(double[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var low = (int)Math.Floor(h);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (h - low) * (sorted[high] - sorted[low]);
    }
}
