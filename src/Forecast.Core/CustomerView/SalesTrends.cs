using Forecast.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.CustomerView;

/// <summary>Units of a product the customer ordered in one calendar month (<see cref="Month"/> is its first day).</summary>
public sealed record MonthQuantity(DateOnly Month, decimal Quantity);

/// <summary>Whether a customer buys more or less of a product than a year before.</summary>
public enum TrendDirection
{
    Steady,
    Rising,
    Falling,
}

/// <summary>
/// How much of one of its top products a customer ordered per month over the last <see cref="SalesTrends.Months"/>
/// months (the as-of month last, months without orders as 0), when it last ordered, and its usual order (the median
/// quantity of its orders of the product in the window).
/// </summary>
public sealed record ProductSalesTrend(
    long ProductId,
    string Sku,
    string ProductName,
    string? Unit,
    IReadOnlyList<MonthQuantity> Monthly,
    DateOnly LastOrderDate,
    decimal UsualQuantity,
    decimal TotalQuantity,
    TrendDirection Direction);

/// <summary>
/// The sales trend per product of the customer 360. Orders count on their order date up to the as-of date (a replay of
/// an earlier day shows what was known then); cancelled orders and return lines are left out, so a month's figure is
/// what the customer asked for.
/// </summary>
public static class SalesTrends
{
    /// <summary>Months shown, the as-of month included.</summary>
    public const int Months = 24;

    /// <summary>Products shown: the customer's largest by order value in the window.</summary>
    public const int Products = 5;

    /// <summary>A year's units this much above (or below, inverted) the year before reads as rising (falling).</summary>
    public const decimal Change = 1.2m;

    public static async Task<List<ProductSalesTrend>> ForCustomerAsync(ForecastDbContext db, long erpCustomerId, DateOnly asOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var first = FirstMonth(asOf);
        var lines = await db.SalesOrders.AsNoTracking()
            .Where(o => o.CustomerId == erpCustomerId && o.Status != SalesOrderStatus.Cancelled && o.OrderDate >= first && o.OrderDate <= asOf)
            .SelectMany(o => o.Lines.Where(l => !l.IsReturn && l.Quantity > 0)
                .Select(l => new { o.Id, o.OrderDate, l.ProductId, l.Quantity, Value = l.Quantity * l.UnitPrice }))
            .ToListAsync(cancellationToken);
        var top = lines.GroupBy(l => l.ProductId)
            .Select(g => new { ProductId = g.Key, Value = g.Sum(l => l.Value), Quantity = g.Sum(l => l.Quantity) })
            .OrderByDescending(p => p.Value).ThenByDescending(p => p.Quantity).ThenBy(p => p.ProductId)
            .Take(Products).Select(p => p.ProductId).ToList();
        var products = await db.Products.AsNoTracking().Where(p => top.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => new { p.Sku, p.Name, p.Unit }, cancellationToken);
        return top.Select(id =>
        {
            var mine = lines.Where(l => l.ProductId == id).ToList();
            var monthly = Enumerable.Range(0, Months).Select(i => first.AddMonths(i))
                .Select(m => new MonthQuantity(m, mine.Where(l => l.OrderDate.Year == m.Year && l.OrderDate.Month == m.Month).Sum(l => l.Quantity)))
                .ToList();
            var perOrder = mine.GroupBy(l => l.Id).Select(g => g.Sum(l => l.Quantity)).ToList();
            var product = products[id];
            return new ProductSalesTrend(id, product.Sku, product.Name, product.Unit, monthly, mine.Max(l => l.OrderDate), Median(perOrder),
                mine.Sum(l => l.Quantity), Direction(monthly.Select(m => m.Quantity).ToList()));
        }).ToList();
    }

    /// <summary>The first day of the first month shown for the as-of date.</summary>
    public static DateOnly FirstMonth(DateOnly asOf) => new DateOnly(asOf.Year, asOf.Month, 1).AddMonths(1 - Months);

    /// <summary>
    /// The last twelve months against the twelve before: a year is long enough that one large order or a quiet summer
    /// does not flip the word, and it is how a rep compares ("more than last year").
    /// </summary>
    public static TrendDirection Direction(IReadOnlyList<decimal> monthly)
    {
        ArgumentNullException.ThrowIfNull(monthly);
        var half = Math.Min(12, monthly.Count / 2);
        if (half == 0)
            return TrendDirection.Steady;
        var recent = monthly.Skip(monthly.Count - half).Sum();
        var before = monthly.Skip(monthly.Count - 2 * half).Take(half).Sum();
        if (before == 0)
            return recent > 0 ? TrendDirection.Rising : TrendDirection.Steady;
        var ratio = recent / before;
        return ratio >= Change ? TrendDirection.Rising : ratio <= 1 / Change ? TrendDirection.Falling : TrendDirection.Steady;
    }

    private static decimal Median(List<decimal> values)
    {
        if (values.Count == 0)
            return 0;
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
