using Forecast.Core.Data;
using Forecast.Modeling.Reorder;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.Reorder;

/// <summary>Turns sales order lines into the per customer x product order histories the reorder model reads.</summary>
internal static class ReorderHistory
{
    /// <summary>
    /// Order histories as of <paramref name="asOf"/>: lines of orders dated on or before it, not cancelled, not return
    /// lines and with a positive quantity, summed per customer, product and order date. With a partition, only the
    /// customers whose id falls in it (id mod count = partition), so every customer's pairs stay together.
    /// </summary>
    public static async Task<(List<PairHistory> Pairs, long Lines)> LoadAsync(
        ForecastDbContext db, DateOnly asOf, int? partition, int partitionCount, CancellationToken cancellationToken)
    {
        var lines = from l in db.SalesOrderLines
                    join o in db.SalesOrders on l.SalesOrderId equals o.Id
                    where o.OrderDate <= asOf && o.Status != SalesOrderStatus.Cancelled && !l.IsReturn && l.Quantity > 0
                    select new { o.CustomerId, l.ProductId, o.OrderDate, l.Quantity };
        if (partition is { } p)
            lines = lines.Where(l => l.CustomerId % partitionCount == p);
        var days = await lines
            .GroupBy(l => new { l.CustomerId, l.ProductId, l.OrderDate })
            .Select(g => new { g.Key.CustomerId, g.Key.ProductId, g.Key.OrderDate, Quantity = g.Sum(l => l.Quantity), Lines = g.Count() })
            .ToListAsync(cancellationToken);
        var pairs = days
            .GroupBy(d => (d.CustomerId, d.ProductId))
            .Select(g =>
            {
                var ordered = g.OrderBy(d => d.OrderDate).ToArray();
                return new PairHistory(g.Key.CustomerId, g.Key.ProductId,
                    ordered.Select(d => d.OrderDate.DayNumber).ToArray(),
                    ordered.Select(d => (double)d.Quantity).ToArray());
            })
            .OrderBy(p => p.Customer).ThenBy(p => p.Product)
            .ToList();
        return (pairs, days.Sum(d => (long)d.Lines));
    }
}
