using Forecast.Core.Data;
using Forecast.Core.Formatting;
using Forecast.Core.ModelStore;
using Forecast.Modeling.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Inventory;

/// <summary>
/// An exception message for one open purchase-order line, made with the product's plan in an inventory run
/// (<see cref="PurchaseOrderMessages"/>): expedite, reschedule in or out, cancel or reduce.
/// </summary>
public sealed class SupplyMessage
{
    public long Id { get; set; }
    public long PredictionRunId { get; set; }
    public long ProductId { get; set; }
    public DateOnly AsOf { get; set; }
    public string PurchaseOrderNumber { get; set; } = "";
    public int LineNumber { get; set; }
    public string? Supplier { get; set; }
    public PurchaseOrderAction Action { get; set; }
    /// <summary>The line's expected date in the ERP.</summary>
    public DateOnly CurrentDate { get; set; }
    /// <summary>The date to move it to (expedite, reschedule in or out); null for cancel and reduce.</summary>
    public DateOnly? SuggestedDate { get; set; }
    public decimal Quantity { get; set; }
    /// <summary>Units not needed: the whole line for cancel, the excess for reduce.</summary>
    public decimal ReduceBy { get; set; }
    /// <summary>For expedite: expected units short before the line arrives as dated.</summary>
    public decimal Shortfall { get; set; }
    /// <summary>The line was due on or before the as-of date and is still open.</summary>
    public bool IsLate { get; set; }
}

internal sealed class SupplyMessageConfiguration : IEntityTypeConfiguration<SupplyMessage>
{
    public void Configure(EntityTypeBuilder<SupplyMessage> builder)
    {
        builder.ToTable("supply_messages", "core");
        builder.HasIndex(m => new { m.PredictionRunId, m.ProductId, m.PurchaseOrderNumber, m.LineNumber }).IsUnique();
        builder.HasIndex(m => m.ProductId);
        builder.Property(m => m.Action).HasConversion<string>().HasMaxLength(32);
        builder.HasOne<PredictionRun>().WithMany().HasForeignKey(m => m.PredictionRunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Product>().WithMany().HasForeignKey(m => m.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>An open purchase-order line as the inventory stage reads it.</summary>
internal sealed record OpenSupplyLine(string PurchaseOrderNumber, int LineNumber, DateOnly ExpectedDate, decimal Quantity, string? Supplier);

/// <summary>Turns the projection of one product into its purchase-order messages, kept as rows next to the plan.</summary>
internal static class SupplyMessageRows
{
    public static List<SupplyMessage> For(
        long predictionRunId, DateOnly asOf, long productId, IReadOnlyList<OpenSupplyLine> lines, IEnumerable<CommittedOrder> committed,
        InventoryProjection projection, int marginDays)
    {
        if (lines.Count == 0)
            return [];
        var byKey = lines.Select((l, i) => (Key: i.ToString(System.Globalization.CultureInfo.InvariantCulture), Line: l)).ToDictionary(x => x.Key, x => x.Line);
        var review = new PurchaseOrderReview(
            asOf, projection.OnHand, projection.ExpectedDailyDemand,
            [.. byKey.Select(x => new OpenPurchaseOrder(x.Key, x.Value.ExpectedDate, (double)x.Value.Quantity))],
            projection.ReorderPoint, projection.SafetyStock)
        {
            Committed = [.. committed],
            MarginDays = marginDays,
            PackSize = (double)projection.Policy.PackSize,
        };
        return PurchaseOrderMessages.Evaluate(review).Select(m =>
        {
            var line = byKey[m.Key];
            return new SupplyMessage
            {
                PredictionRunId = predictionRunId,
                ProductId = productId,
                AsOf = asOf,
                PurchaseOrderNumber = line.PurchaseOrderNumber,
                LineNumber = line.LineNumber,
                Supplier = line.Supplier,
                Action = m.Action,
                CurrentDate = m.CurrentDate,
                SuggestedDate = m.SuggestedDate,
                Quantity = line.Quantity,
                ReduceBy = Round(m.ReduceBy),
                Shortfall = Round(m.Shortfall),
                IsLate = m.IsLate,
            };
        }).ToList();
    }

    private static decimal Round(double value) => (decimal)Math.Round(Math.Clamp(value, -1e12, 1e12), 4);
}

/// <summary>
/// One purchase-order message as the planners' pages and the API show it, with its money (home currency):
/// <c>PurchaseOrderValue</c> is the line's quantity × unit cost, <c>ReduceValue</c> what cancelling or reducing frees
/// (units not needed × unit cost; 0 for other actions); both null without a unit cost.
/// </summary>
public sealed record PurchaseOrderMessageItem(
    long ProductId,
    string Sku,
    string Name,
    string? Unit,
    string? Supplier,
    string PurchaseOrderNumber,
    int LineNumber,
    PurchaseOrderAction Action,
    DateOnly CurrentDate,
    DateOnly? SuggestedDate,
    decimal Quantity,
    decimal ReduceBy,
    decimal Shortfall,
    bool IsLate,
    decimal? PurchaseOrderValue,
    decimal? ReduceValue);

/// <summary>The messages of the latest inventory run (none yet: <see cref="AsOf"/> is null); amounts in <see cref="Currency"/>.</summary>
public sealed record PurchaseOrderMessageList(DateOnly? AsOf, string Currency, IReadOnlyList<PurchaseOrderMessageItem> Items);

/// <summary>Reads the purchase-order messages of the latest published inventory run, most urgent first.</summary>
public sealed class PurchaseOrderMessageQueries(ForecastDbContext db, InventoryQueries inventory, IOptions<MoneyOptions> money)
{
    /// <summary>Every message, or one product's (<paramref name="productId"/>) or one action's.</summary>
    public async Task<PurchaseOrderMessageList> ListAsync(long? productId, PurchaseOrderAction? action, CancellationToken cancellationToken)
    {
        var currency = money.Value.HomeCurrency;
        var run = await inventory.LatestRunAsync(cancellationToken);
        if (run is null)
            return new PurchaseOrderMessageList(null, currency, []);
        var query =
            from m in db.Set<SupplyMessage>().AsNoTracking()
            join p in db.Products.AsNoTracking() on m.ProductId equals p.Id
            where m.PredictionRunId == run.Id
            select new { m, p.Sku, p.Name, p.Unit, p.UnitCost };
        if (productId is { } id)
            query = query.Where(x => x.m.ProductId == id);
        if (action is { } only)
            query = query.Where(x => x.m.Action == only);
        var rows = await query.ToListAsync(cancellationToken);
        var items = rows
            .Select(x => new PurchaseOrderMessageItem(
                x.m.ProductId, x.Sku, x.Name, x.Unit, x.m.Supplier, x.m.PurchaseOrderNumber, x.m.LineNumber, x.m.Action,
                x.m.CurrentDate, x.m.SuggestedDate, x.m.Quantity, x.m.ReduceBy, x.m.Shortfall, x.m.IsLate,
                x.UnitCost is { } cost ? Math.Round(x.m.Quantity * cost, 2) : null,
                x.UnitCost is { } c ? Math.Round(x.m.ReduceBy * c, 2) : null))
            // Most urgent first: what runs out soonest, then what moves in, then the money tied up for nothing.
            .OrderBy(i => i.Action)
            .ThenBy(i => i.SuggestedDate ?? i.CurrentDate)
            .ThenBy(i => i.Sku, StringComparer.Ordinal)
            .ThenBy(i => i.PurchaseOrderNumber, StringComparer.Ordinal).ThenBy(i => i.LineNumber)
            .ToList();
        return new PurchaseOrderMessageList(run.AsOf, currency, items);
    }
}
