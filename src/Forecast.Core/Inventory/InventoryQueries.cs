using System.Text.Json;
using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.Modeling.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.Inventory;

/// <summary>Filters of the at-risk list. Family and supplier match exactly (they come from pick lists).</summary>
public sealed record AtRiskFilter(
    string? Family = null,
    string? Supplier = null,
    bool OnlyWithSuggestedOrder = false,
    DateOnly? OrderDueBy = null,
    int Skip = 0,
    int Take = 50);

/// <summary>One line of the planners' at-risk list.</summary>
public sealed record AtRiskItem(
    long ProductId,
    string Sku,
    string Name,
    string? Family,
    string? Supplier,
    string? Unit,
    double StockoutProbabilityWithinLeadTime,
    DateOnly? ProjectedStockoutDate,
    double? DaysOfCover,
    decimal SuggestedOrderQuantity,
    DateOnly? OrderByDate,
    decimal OnHand,
    decimal IncomingTotal,
    decimal ReorderPoint,
    decimal SafetyStock,
    int LeadTimeDays);

/// <summary>A page of the at-risk list, from the latest completed inventory run (none yet: <see cref="PredictionRunId"/> is null).</summary>
public sealed record AtRiskList(long? PredictionRunId, DateOnly? AsOf, int Total, IReadOnlyList<AtRiskItem> Items);

/// <summary>An open purchase-order line; <see cref="Counted"/> is false for a line due on or before the as-of date (not projected).</summary>
public sealed record IncomingLine(string PurchaseOrderNumber, int LineNumber, DateOnly ExpectedDate, decimal Quantity, string? Supplier, bool Counted);

/// <summary>Everything the product page shows about stock: the plan, the projected periods, incoming supply, available to promise.</summary>
public sealed record ProductProjectionView(
    long PredictionRunId,
    DateOnly AsOf,
    long ProductId,
    string Sku,
    string Name,
    string? Family,
    string? Supplier,
    string? Unit,
    InventoryPlan Plan,
    IReadOnlyList<StockProjection> Periods,
    IReadOnlyList<IncomingLine> Incoming,
    IReadOnlyList<AtpStepJson> AvailableToPromise);

/// <summary>The earliest date a quantity can ship, from the latest inventory run: what an outreach email may promise.</summary>
public sealed record ShipDateResult(
    long ProductId,
    string Sku,
    decimal Quantity,
    DateOnly Date,
    ShipDateBasis Basis,
    decimal AvailableOnDate,
    DateOnly AsOf,
    long PredictionRunId);

/// <summary>
/// What the planners' pages, the JSON API and the outreach emails read: always the latest inventory run that completed
/// (a run being written is never shown half done).
/// </summary>
public sealed class InventoryQueries(ForecastDbContext db)
{
    /// <summary>The latest completed inventory run (made as of <paramref name="onOrBefore"/> or earlier when given), or null when there is none yet.</summary>
    public Task<PredictionRun?> LatestRunAsync(CancellationToken cancellationToken, DateOnly? onOrBefore = null) =>
        PredictionRuns.LatestSucceeded(db, InventoryStage.RunKind, onOrBefore).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Products ordered by the probability of a stock-out within their lead time, then by the projected stock-out date.</summary>
    public async Task<AtRiskList> AtRiskAsync(AtRiskFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var run = await LatestRunAsync(cancellationToken);
        if (run is null)
            return new AtRiskList(null, null, 0, []);

        var query =
            from plan in db.InventoryPlans.AsNoTracking()
            join product in db.Products.AsNoTracking() on plan.ProductId equals product.Id
            where plan.PredictionRunId == run.Id
            select new { plan, product };
        if (filter.Family is not null)
            query = query.Where(x => x.product.Family == filter.Family);
        if (filter.Supplier is not null)
            query = query.Where(x => x.product.Supplier == filter.Supplier);
        if (filter.OnlyWithSuggestedOrder)
            query = query.Where(x => x.plan.SuggestedOrderQuantity > 0);
        if (filter.OrderDueBy is { } dueBy)
            query = query.Where(x => x.plan.OrderByDate != null && x.plan.OrderByDate <= dueBy);

        var total = await query.CountAsync(cancellationToken);
        var items = await query
            // An empty shelf that still has demand comes first: it is not a risk, it has happened (its risk within
            // the lead time can read lower than a stocked item's when supply is due, and it has no projected date).
            .OrderBy(x => !(x.plan.OnHand <= 0 && x.plan.StockoutProbabilityWithinLeadTime > 0))
            .ThenByDescending(x => x.plan.StockoutProbabilityWithinLeadTime)
            .ThenBy(x => x.plan.ProjectedStockoutDate == null).ThenBy(x => x.plan.ProjectedStockoutDate)
            .ThenBy(x => x.plan.OrderByDate == null).ThenBy(x => x.plan.OrderByDate)
            .ThenBy(x => x.product.Sku)
            .Skip(Math.Max(0, filter.Skip))
            .Take(Math.Clamp(filter.Take, 1, 10_000))
            .Select(x => new AtRiskItem(
                x.product.Id, x.product.Sku, x.product.Name, x.product.Family, x.product.Supplier, x.product.Unit,
                x.plan.StockoutProbabilityWithinLeadTime, x.plan.ProjectedStockoutDate, x.plan.DaysOfCover,
                x.plan.SuggestedOrderQuantity, x.plan.OrderByDate, x.plan.OnHand, x.plan.IncomingTotal,
                x.plan.ReorderPoint, x.plan.SafetyStock, x.plan.LeadTimeDays))
            .ToListAsync(cancellationToken);
        return new AtRiskList(run.Id, run.AsOf, total, items);
    }

    /// <summary>
    /// One product's plan and projection from the latest run (made as of <paramref name="onOrBefore"/> or earlier when
    /// given: a reminder built as of a day reads what was known that day), or null when that run has no plan for it.
    /// </summary>
    public async Task<ProductProjectionView?> ProductAsync(long productId, CancellationToken cancellationToken, DateOnly? onOrBefore = null)
    {
        var run = await LatestRunAsync(cancellationToken, onOrBefore);
        if (run is null)
            return null;
        var plan = await db.InventoryPlans.AsNoTracking().SingleOrDefaultAsync(p => p.PredictionRunId == run.Id && p.ProductId == productId, cancellationToken);
        if (plan is null)
            return null;
        var product = await db.Products.AsNoTracking().SingleAsync(p => p.Id == productId, cancellationToken);
        var periods = await db.StockProjections.AsNoTracking()
            .Where(p => p.PredictionRunId == run.Id && p.ProductId == productId)
            .OrderBy(p => p.PeriodStart)
            .ToListAsync(cancellationToken);
        var incoming = await db.IncomingSupply.AsNoTracking()
            .Where(s => s.ProductId == productId)
            .OrderBy(s => s.ExpectedDate).ThenBy(s => s.PurchaseOrderNumber).ThenBy(s => s.LineNumber)
            .Select(s => new IncomingLine(s.PurchaseOrderNumber, s.LineNumber, s.ExpectedDate, s.Quantity, s.Supplier, s.ExpectedDate > run.AsOf))
            .ToListAsync(cancellationToken);
        return new ProductProjectionView(run.Id, run.AsOf, product.Id, product.Sku, product.Name, product.Family, product.Supplier, product.Unit,
            plan, periods, incoming, Steps(plan));
    }

    /// <summary>
    /// The earliest date <paramref name="quantity"/> of the product can ship without taking stock the forecast demand needs
    /// (at the run's service level); null when the latest run has no plan for the product.
    /// </summary>
    public async Task<ShipDateResult?> EarliestShipDateAsync(long productId, decimal quantity, CancellationToken cancellationToken, DateOnly? onOrBefore = null)
    {
        if (quantity <= 0)
            throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "The quantity to ship must be positive.");
        var run = await LatestRunAsync(cancellationToken, onOrBefore);
        if (run is null)
            return null;
        var row = await (
                from plan in db.InventoryPlans.AsNoTracking()
                join product in db.Products.AsNoTracking() on plan.ProductId equals product.Id
                where plan.PredictionRunId == run.Id && plan.ProductId == productId
                select new { plan, product.Sku })
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null)
            return null;
        var steps = Steps(row.plan).Select(s => new AvailableToPromiseStep(s.From, (double)s.Quantity)).ToList();
        var answer = AvailableToPromise.EarliestShipDate(steps, (double)quantity, run.AsOf, row.plan.LeadTimeDays);
        return new ShipDateResult(productId, row.Sku, quantity, answer.Date, answer.Basis, (decimal)Math.Round(answer.AvailableOnDate, 4), run.AsOf, run.Id);
    }

    /// <summary>The product id of <paramref name="sku"/>, or null.</summary>
    public Task<long?> ProductIdAsync(string sku, CancellationToken cancellationToken) =>
        db.Products.AsNoTracking().Where(p => p.Sku == sku).OrderBy(p => p.Id).Select(p => (long?)p.Id).FirstOrDefaultAsync(cancellationToken);

    private static List<AtpStepJson> Steps(InventoryPlan plan) =>
        JsonSerializer.Deserialize<List<AtpStepJson>>(plan.AvailableToPromiseJson, AtpStepJson.Options) ?? [];
}
