using System.Text.Json;
using Forecast.Core.Data;
using Forecast.Core.Formatting;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.Modeling.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Inventory;

/// <summary>Filters of the at-risk list. Family and supplier match exactly (they come from pick lists).</summary>
public sealed record AtRiskFilter(
    string? Family = null,
    string? Supplier = null,
    bool OnlyWithSuggestedOrder = false,
    DateOnly? OrderDueBy = null,
    int Skip = 0,
    int Take = 50,
    AtRiskSort Sort = AtRiskSort.Risk);

/// <summary>The at-risk list's order.</summary>
public enum AtRiskSort
{
    /// <summary>Empty shelves first, then by the probability of a stock-out within the lead time.</summary>
    Risk,
    /// <summary>The largest value at risk first (ties in the risk order).</summary>
    ValueAtRisk,
}

/// <summary>What a product's value at risk is priced at.</summary>
public enum ValueAtRiskBasis
{
    /// <summary>Lost sales at the list price.</summary>
    ListPrice,
    /// <summary>No list price: the stock that is missing, at unit cost.</summary>
    UnitCost,
    /// <summary>Neither price is known: no value.</summary>
    None,
}

/// <summary>
/// A product's money on the planners' screens. Prices carry no currency in the ERP product export, so they are in the
/// home currency (<c>Money:HomeCurrency</c>), as are the values made from them.
/// </summary>
/// <param name="Currency">ISO 4217 code of the amounts (the home currency).</param>
/// <param name="UnitCost">The product's unit cost from the ERP, if any.</param>
/// <param name="ListPrice">The product's list price from the ERP, if any.</param>
/// <param name="ValueBasis">The price <paramref name="ValueAtRisk"/> is made with.</param>
/// <param name="ExpectedUnitsShort">
/// Expected demand the stock cannot meet by the end of the lead time: from the net stock quantiles of the projected
/// period in which the lead time ends (the last period when the projection is shorter), by
/// <see cref="ExpectedShortfall.FromNetStockQuantiles"/>.
/// </param>
/// <param name="ValueAtRisk">Expected units short × list price (× unit cost when there is no list price); null when neither is known.</param>
/// <param name="PurchaseOrderValue">Suggested order quantity × unit cost; null without a unit cost, 0 without a suggested order.</param>
public sealed record StockMoney(
    string Currency,
    decimal? UnitCost,
    decimal? ListPrice,
    decimal ExpectedUnitsShort,
    decimal? ValueAtRisk,
    ValueAtRiskBasis ValueBasis,
    decimal? PurchaseOrderValue);

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
    int LeadTimeDays,
    StockMoney? Money = null);

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
    IReadOnlyList<AtpStepJson> AvailableToPromise,
    StockMoney? Money = null);

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

/// <summary>One product's available-to-promise steps from an inventory run: answers ship dates for any quantity without the database.</summary>
public sealed record ProductAvailability(long PredictionRunId, DateOnly AsOf, long ProductId, string Sku, int LeadTimeDays, IReadOnlyList<AtpStepJson> AvailableToPromise)
{
    /// <summary>The earliest date <paramref name="quantity"/> can ship without taking stock the forecast demand needs.</summary>
    public ShipDateResult EarliestShipDate(decimal quantity)
    {
        var steps = AvailableToPromise.Select(s => new AvailableToPromiseStep(s.From, (double)s.Quantity)).ToList();
        var answer = global::Forecast.Modeling.Inventory.AvailableToPromise.EarliestShipDate(steps, (double)quantity, AsOf, LeadTimeDays);
        return new ShipDateResult(ProductId, Sku, quantity, answer.Date, answer.Basis, (decimal)Math.Round(answer.AvailableOnDate, 4), AsOf, PredictionRunId);
    }
}

/// <summary>
/// What the planners' pages, the JSON API and the outreach emails read: always the latest inventory run that completed
/// (a run being written is never shown half done).
/// </summary>
public sealed class InventoryQueries(ForecastDbContext db, IOptions<MoneyOptions> money)
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
        var ordered = query
            // An empty shelf that still has demand comes first: it is not a risk, it has happened (its risk within
            // the lead time can read lower than a stocked item's when supply is due, and it has no projected date).
            .OrderBy(x => !(x.plan.OnHand <= 0 && x.plan.StockoutProbabilityWithinLeadTime > 0))
            .ThenByDescending(x => x.plan.StockoutProbabilityWithinLeadTime)
            .ThenBy(x => x.plan.ProjectedStockoutDate == null).ThenBy(x => x.plan.ProjectedStockoutDate)
            .ThenBy(x => x.plan.OrderByDate == null).ThenBy(x => x.plan.OrderByDate)
            .ThenBy(x => x.product.Sku);
        var skip = Math.Max(0, filter.Skip);
        var take = Math.Clamp(filter.Take, 1, 10_000);
        // The value at risk comes from the projected periods, not a column: sorting by it reads every filtered line.
        var paged = filter.Sort == AtRiskSort.ValueAtRisk ? ordered : ordered.Skip(skip).Take(take);
        var rows = await paged
            .Select(x => new
            {
                Item = new AtRiskItem(
                    x.product.Id, x.product.Sku, x.product.Name, x.product.Family, x.product.Supplier, x.product.Unit,
                    x.plan.StockoutProbabilityWithinLeadTime, x.plan.ProjectedStockoutDate, x.plan.DaysOfCover,
                    x.plan.SuggestedOrderQuantity, x.plan.OrderByDate, x.plan.OnHand, x.plan.IncomingTotal,
                    x.plan.ReorderPoint, x.plan.SafetyStock, x.plan.LeadTimeDays, null),
                x.product.UnitCost,
                x.product.ListPrice,
            })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Item.ProductId).ToList();
        var periods = (await db.StockProjections.AsNoTracking()
                .Where(p => p.PredictionRunId == run.Id && ids.Contains(p.ProductId))
                .Select(p => new { p.ProductId, p.PeriodStart, p.PeriodEnd, p.StockP10, p.StockP50, p.StockP90 })
                .ToListAsync(cancellationToken))
            .ToLookup(p => p.ProductId, p => new ShortfallPoint(p.PeriodStart, p.PeriodEnd, p.StockP10, p.StockP50, p.StockP90));
        IEnumerable<AtRiskItem> items = rows.Select(r => r.Item with
        {
            Money = MoneyOf(run.AsOf, r.Item.LeadTimeDays, r.Item.SuggestedOrderQuantity, r.UnitCost, r.ListPrice, periods[r.Item.ProductId]),
        });
        if (filter.Sort == AtRiskSort.ValueAtRisk)
            items = items.OrderByDescending(i => i.Money!.ValueAtRisk ?? -1).Skip(skip).Take(take);
        return new AtRiskList(run.Id, run.AsOf, total, items.ToList());
    }

    private sealed record ShortfallPoint(DateOnly Start, DateOnly End, decimal P10, decimal P50, decimal P90);

    private StockMoney MoneyOf(DateOnly asOf, int leadTimeDays, decimal suggested, decimal? unitCost, decimal? listPrice, IEnumerable<ShortfallPoint> periods)
    {
        var ordered = periods.OrderBy(p => p.Start).ToList();
        var leadTimeEnds = asOf.AddDays(leadTimeDays);
        var at = ordered.FirstOrDefault(p => p.End >= leadTimeEnds) ?? ordered.LastOrDefault();
        var shortUnits = at is null ? 0m : Math.Round((decimal)ExpectedShortfall.FromNetStockQuantiles((double)at.P10, (double)at.P50, (double)at.P90), 2);
        var (price, basis) = listPrice is { } lp ? (lp, ValueAtRiskBasis.ListPrice)
            : unitCost is { } uc ? (uc, ValueAtRiskBasis.UnitCost)
            : (0m, ValueAtRiskBasis.None);
        decimal? value = basis == ValueAtRiskBasis.None ? null : Math.Round(shortUnits * price, 2);
        decimal? orderValue = unitCost is { } cost ? Math.Round(suggested * cost, 2) : null;
        return new StockMoney(money.Value.HomeCurrency, unitCost, listPrice, shortUnits, value, basis, orderValue);
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
        var moneyOf = MoneyOf(run.AsOf, plan.LeadTimeDays, plan.SuggestedOrderQuantity, product.UnitCost, product.ListPrice,
            periods.Select(p => new ShortfallPoint(p.PeriodStart, p.PeriodEnd, p.StockP10, p.StockP50, p.StockP90)));
        return new ProductProjectionView(run.Id, run.AsOf, product.Id, product.Sku, product.Name, product.Family, product.Supplier, product.Unit,
            plan, periods, incoming, Steps(plan), moneyOf);
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
        return row is null ? null : new ProductAvailability(run.Id, run.AsOf, productId, row.Sku, row.plan.LeadTimeDays, Steps(row.plan)).EarliestShipDate(quantity);
    }

    /// <summary>
    /// What <see cref="ProductAsync"/> and <see cref="EarliestShipDateAsync"/> tell about available to promise, for many
    /// products in two queries (the morning's reminders ask for thousands); products without a plan in the run are absent.
    /// </summary>
    public async Task<Dictionary<long, ProductAvailability>> AvailabilityAsync(IReadOnlyCollection<long> productIds, CancellationToken cancellationToken, DateOnly? onOrBefore = null)
    {
        ArgumentNullException.ThrowIfNull(productIds);
        var run = await LatestRunAsync(cancellationToken, onOrBefore);
        if (run is null || productIds.Count == 0)
            return [];
        var ids = productIds.ToArray();
        var rows = await (
                from plan in db.InventoryPlans.AsNoTracking()
                join product in db.Products.AsNoTracking() on plan.ProductId equals product.Id
                where plan.PredictionRunId == run.Id && ids.Contains(plan.ProductId)
                select new { plan, product.Sku })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.plan.ProductId, r => new ProductAvailability(run.Id, run.AsOf, r.plan.ProductId, r.Sku, r.plan.LeadTimeDays, Steps(r.plan)));
    }

    /// <summary>The product id of <paramref name="sku"/>, or null.</summary>
    public Task<long?> ProductIdAsync(string sku, CancellationToken cancellationToken) =>
        db.Products.AsNoTracking().Where(p => p.Sku == sku).OrderBy(p => p.Id).Select(p => (long?)p.Id).FirstOrDefaultAsync(cancellationToken);

    private static List<AtpStepJson> Steps(InventoryPlan plan) =>
        JsonSerializer.Deserialize<List<AtpStepJson>>(plan.AvailableToPromiseJson, AtpStepJson.Options) ?? [];
}
