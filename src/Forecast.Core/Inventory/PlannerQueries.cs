using System.Globalization;
using Forecast.Core.Data;
using Forecast.Core.Formatting;
using Forecast.Core.Demand;
using Forecast.Core.Opportunities;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.Inventory;

/// <summary>The values the at-risk filters offer (families and suppliers of products with a plan in the latest run).</summary>
public sealed record PlannerFilterValues(IReadOnlyList<string> Families, IReadOnlyList<string> Suppliers);

/// <summary>A suggested purchase order line: what to order, by when, and the policy it was rounded to.</summary>
public sealed record SuggestedOrderLine(
    long ProductId,
    string Sku,
    string Name,
    string? Family,
    string? Supplier,
    string? Unit,
    decimal Quantity,
    DateOnly? OrderBy,
    decimal MinimumOrderQuantity,
    decimal PackSize,
    int LeadTimeDays,
    double StockoutProbabilityWithinLeadTime,
    DateOnly? ProjectedStockoutDate,
    decimal OnHand,
    decimal IncomingTotal);

/// <summary>The suggested orders of the latest inventory run (none yet: <see cref="PredictionRunId"/> is null).</summary>
public sealed record SuggestedOrders(long? PredictionRunId, DateOnly? AsOf, IReadOnlyList<SuggestedOrderLine> Lines);

/// <summary>
/// Everything the planners' product page shows: stock projection, demand history and forecast, pipeline demand, the
/// planning settings with the planner's overrides, and the planner's forecast overrides.
/// </summary>
public sealed record ProductOutlookView(
    ProductProjectionView Projection,
    ProductDemandView Demand,
    ProductPipelineView Pipeline,
    ProductPlanningSettings? Settings = null,
    IReadOnlyList<ForecastOverrideView>? Overrides = null);

/// <summary>
/// The planners' reads beyond the at-risk list (<see cref="InventoryQueries"/>): filter values, suggested orders (also
/// as CSV for the purchasing system) and the product outlook. Shared by the pages and the JSON API.
/// </summary>
public sealed class PlannerQueries(ForecastDbContext db, InventoryQueries inventory, DemandQueries demand, PipelineQueries pipeline, PlanningSettings settings, ForecastOverrides overrides)
{
    /// <summary>Weeks of history the product chart shows before the forecast.</summary>
    public const int ChartHistoryPeriods = 52;

    public async Task<PlannerFilterValues> FilterValuesAsync(CancellationToken cancellationToken)
    {
        var run = await inventory.LatestRunAsync(cancellationToken);
        if (run is null)
            return new PlannerFilterValues([], []);
        var products = db.InventoryPlans.AsNoTracking().Where(p => p.PredictionRunId == run.Id).Select(p => p.ProductId);
        var families = await db.Products.AsNoTracking().Where(p => products.Contains(p.Id) && p.Family != null)
            .Select(p => p.Family!).Distinct().OrderBy(f => f).ToListAsync(cancellationToken);
        var suppliers = await db.Products.AsNoTracking().Where(p => products.Contains(p.Id) && p.Supplier != null)
            .Select(p => p.Supplier!).Distinct().OrderBy(f => f).ToListAsync(cancellationToken);
        return new PlannerFilterValues(families, suppliers);
    }

    /// <summary>Lines with a suggested order, the most urgent order-by date first; filters as on the at-risk list.</summary>
    public async Task<SuggestedOrders> SuggestedOrdersAsync(string? family, string? supplier, CancellationToken cancellationToken)
    {
        var run = await inventory.LatestRunAsync(cancellationToken);
        if (run is null)
            return new SuggestedOrders(null, null, []);
        var query =
            from plan in db.InventoryPlans.AsNoTracking()
            join product in db.Products.AsNoTracking() on plan.ProductId equals product.Id
            where plan.PredictionRunId == run.Id && plan.SuggestedOrderQuantity > 0
            select new { plan, product };
        if (family is not null)
            query = query.Where(x => x.product.Family == family);
        if (supplier is not null)
            query = query.Where(x => x.product.Supplier == supplier);
        var lines = await query
            .OrderBy(x => x.plan.OrderByDate == null).ThenBy(x => x.plan.OrderByDate)
            .ThenByDescending(x => x.plan.StockoutProbabilityWithinLeadTime).ThenBy(x => x.product.Sku)
            .Select(x => new SuggestedOrderLine(x.product.Id, x.product.Sku, x.product.Name, x.product.Family, x.product.Supplier, x.product.Unit,
                x.plan.SuggestedOrderQuantity, x.plan.OrderByDate, x.plan.MinimumOrderQuantity, x.plan.PackSize, x.plan.LeadTimeDays,
                x.plan.StockoutProbabilityWithinLeadTime, x.plan.ProjectedStockoutDate, x.plan.OnHand, x.plan.IncomingTotal))
            .ToListAsync(cancellationToken);
        return new SuggestedOrders(run.Id, run.AsOf, lines);
    }

    /// <summary>
    /// The suggested orders as CSV (RFC 4180, UTF-8 with a byte-order mark so Excel reads Chinese names as such,
    /// invariant numbers and ISO dates, so a purchasing system or a spreadsheet in any locale reads the same values).
    /// Text cells that a spreadsheet would run as a formula are defused (<see cref="SpreadsheetText"/>); the numbers
    /// are ours and stay numbers, negative ones included.
    /// </summary>
    public static byte[] ToCsv(SuggestedOrders orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        return CsvExport.ToBytes(
            ["sku", "name", "family", "supplier", "unit", "order_quantity", "order_by", "moq", "pack_size", "lead_time_days",
                "stockout_probability_within_lead_time", "projected_stockout_date", "on_hand", "incoming", "as_of"],
            orders.Lines.Select(l => (string[])[
                SpreadsheetText(l.Sku), SpreadsheetText(l.Name), SpreadsheetText(l.Family), SpreadsheetText(l.Supplier), SpreadsheetText(l.Unit), Dec(l.Quantity), Iso(l.OrderBy), Dec(l.MinimumOrderQuantity),
                Dec(l.PackSize), l.LeadTimeDays.ToString(CultureInfo.InvariantCulture),
                l.StockoutProbabilityWithinLeadTime.ToString("0.####", CultureInfo.InvariantCulture), Iso(l.ProjectedStockoutDate),
                Dec(l.OnHand), Dec(l.IncomingTotal), Iso(orders.AsOf),
            ]));
    }

    /// <summary>The product page's data, or null when the latest inventory run has no plan for the product.</summary>
    public async Task<ProductOutlookView?> ProductOutlookAsync(long productId, CancellationToken cancellationToken)
    {
        var projection = await inventory.ProductAsync(productId, cancellationToken);
        if (projection is null)
            return null;
        var demandView = await demand.ProductAsync(productId, ChartHistoryPeriods, cancellationToken);
        var pipelineView = await pipeline.ProductAsync(productId, 10, cancellationToken);
        return new ProductOutlookView(projection, demandView, pipelineView,
            await settings.GetAsync(productId, cancellationToken), await overrides.ForProductAsync(productId, cancellationToken));
    }

    /// <summary>
    /// A text cell that starts with <c>= + - @</c>, a tab or a carriage return is a formula to Excel and LibreOffice
    /// (a product named <c>=HYPERLINK(...)</c> from the ERP would run on the planner's machine): OWASP's CSV-injection
    /// advice is to prefix it with a single quote, which the spreadsheet shows as text.
    /// </summary>
    public static string SpreadsheetText(string? value) =>
        value is { Length: > 0 } && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value ?? "";

    private static string Dec(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);
    private static string Iso(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
