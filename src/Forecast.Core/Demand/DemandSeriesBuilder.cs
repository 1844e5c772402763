using Forecast.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.Demand;

/// <summary>One product's demand per period with explicit zeros, ending with the last complete period before the as-of date's.</summary>
public sealed record DemandSeries(long ProductId, DateOnly FirstPeriod, double[] Quantities);

/// <summary>One sales order line as demand sees it (a return's quantity is subtracted whatever its sign).</summary>
public sealed record DemandLine(long ProductId, DateOnly OrderDate, decimal Quantity, bool IsReturn);

/// <summary>
/// Turns sales order lines into demand series: orders up to and including the as-of date, cancelled orders left out,
/// return lines subtracting (their quantity counted as negative), summed per product and period by order date; a period
/// whose returns exceed its sales counts as zero demand. The period that contains the as-of date is incomplete and
/// left out unless the as-of date is its last day.
/// </summary>
public static class DemandSeriesBuilder
{
    /// <summary>The start of the period containing <paramref name="date"/>.</summary>
    public static DateOnly PeriodStart(DateOnly date, DemandGranularity granularity) => granularity switch
    {
        DemandGranularity.Month => new DateOnly(date.Year, date.Month, 1),
        _ => date.AddDays(-(((int)date.DayOfWeek + 6) % 7)),
    };

    /// <summary>The start of the period after the one starting at <paramref name="start"/>.</summary>
    public static DateOnly Next(DateOnly start, DemandGranularity granularity, int periods = 1) =>
        granularity == DemandGranularity.Month ? start.AddMonths(periods) : start.AddDays(7 * periods);

    /// <summary>The first day of the history <see cref="BuildAsync"/> reads.</summary>
    public static DateOnly HistoryStart(DateOnly asOf, DemandOptions options) =>
        Next(FirstForecastPeriod(asOf, options.Granularity), options.Granularity, -options.MaxHistoryPeriods);

    /// <summary>The first period that is not complete on <paramref name="asOf"/> (the first one to forecast).</summary>
    public static DateOnly FirstForecastPeriod(DateOnly asOf, DemandGranularity granularity)
    {
        var current = PeriodStart(asOf, granularity);
        return Next(current, granularity) == asOf.AddDays(1) ? Next(current, granularity) : current;
    }

    /// <summary>The products' series as of <paramref name="asOf"/>, leaving out the order lines in <paramref name="exclude"/> (e.g. those that fulfilled won deals, for a run-rate history).</summary>
    public static async Task<IReadOnlyList<DemandSeries>> BuildAsync(ForecastDbContext db, IReadOnlyCollection<long> productIds, DateOnly asOf,
        DemandOptions options, CancellationToken cancellationToken, IReadOnlySet<long>? exclude = null)
    {
        var granularity = options.Granularity;
        var end = FirstForecastPeriod(asOf, granularity);
        var earliest = Next(end, granularity, -options.MaxHistoryPeriods);
        var lines = await db.SalesOrderLines
            .Where(l => productIds.Contains(l.ProductId)
                        && l.SalesOrder!.Status != SalesOrderStatus.Cancelled
                        && l.SalesOrder.OrderDate < end
                        && l.SalesOrder.OrderDate >= earliest)
            .Select(l => new { l.Id, l.ProductId, l.SalesOrder!.OrderDate, l.Quantity, l.IsReturn })
            .ToListAsync(cancellationToken);
        if (exclude is { Count: > 0 })
            lines.RemoveAll(l => exclude.Contains(l.Id));
        return Build(lines.Select(l => new DemandLine(l.ProductId, l.OrderDate, l.Quantity, l.IsReturn)), asOf, options);
    }

    /// <summary>
    /// The series of <see cref="BuildAsync"/> from order lines already loaded (not cancelled; any dates: those outside the
    /// window as of <paramref name="asOf"/> are ignored), so one load can give the series as of several days.
    /// </summary>
    public static IReadOnlyList<DemandSeries> Build(IEnumerable<DemandLine> lines, DateOnly asOf, DemandOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var granularity = options.Granularity;
        var end = FirstForecastPeriod(asOf, granularity);
        var earliest = Next(end, granularity, -options.MaxHistoryPeriods);
        var result = new List<DemandSeries>();
        foreach (var product in lines.Where(l => l.OrderDate < end && l.OrderDate >= earliest).GroupBy(l => l.ProductId))
        {
            var first = PeriodStart(product.Min(l => l.OrderDate), granularity);
            var periods = CountPeriods(first, end, granularity);
            var q = new double[periods];
            foreach (var l in product)
            {
                var index = CountPeriods(first, PeriodStart(l.OrderDate, granularity), granularity);
                var quantity = (double)(l.IsReturn ? -Math.Abs(l.Quantity) : l.Quantity);
                q[index] += quantity;
            }
            for (var i = 0; i < q.Length; i++)
                q[i] = Math.Max(0, q[i]);
            result.Add(new DemandSeries(product.Key, first, q));
        }
        return result;
    }

    private static int CountPeriods(DateOnly from, DateOnly to, DemandGranularity granularity) => granularity == DemandGranularity.Month
        ? (to.Year - from.Year) * 12 + to.Month - from.Month
        : (to.DayNumber - from.DayNumber) / 7;
}
