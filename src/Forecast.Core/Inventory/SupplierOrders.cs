using System.Globalization;
using System.Text.RegularExpressions;
using Forecast.Core.Data;
using Forecast.Core.Formatting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Inventory;

/// <summary>A supplier's minimum order value, set by a planner (suppliers refuse or surcharge smaller orders).</summary>
public sealed class SupplierSetting
{
    public long Id { get; set; }
    /// <summary>The supplier's name exactly as the ERP's products carry it.</summary>
    public string Supplier { get; set; } = "";
    public decimal MinimumOrderValue { get; set; }
    /// <summary>ISO 4217 code of <see cref="MinimumOrderValue"/>.</summary>
    public string Currency { get; set; } = "";
    public string UpdatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One supplier's orders of the latest plan: suggested (not yet approved) and approved, valued at unit cost.</summary>
/// <param name="Supplier">Null: products without a supplier in the ERP.</param>
/// <param name="SuggestedLines">Suggested order lines not yet approved.</param>
/// <param name="SuggestedValue">Their value: quantity × unit cost.</param>
/// <param name="ApprovedLines">Purchase proposals approved for the latest plan.</param>
/// <param name="ApprovedValue">Their value: approved quantity × unit cost.</param>
/// <param name="TotalValue">Both together: the purchase order the supplier would get.</param>
/// <param name="MinimumOrderValue">The supplier's minimum order value, if a planner set one.</param>
/// <param name="MinimumCurrency">Its currency.</param>
/// <param name="LinesWithoutCost">Lines whose product has no unit cost: counted, but not in the values.</param>
/// <param name="BelowMinimum">The total is below the supplier's minimum order value (compared only in the same currency).</param>
public sealed record SupplierGroup(
    string? Supplier,
    int SuggestedLines,
    decimal SuggestedValue,
    int ApprovedLines,
    decimal ApprovedValue,
    decimal TotalValue,
    int LinesWithoutCost,
    decimal? MinimumOrderValue,
    string? MinimumCurrency,
    bool BelowMinimum);

/// <summary>The orders of the latest inventory run by supplier (none yet: <see cref="AsOf"/> is null); values in <see cref="Currency"/>.</summary>
public sealed record SupplierGrouping(DateOnly? AsOf, string Currency, IReadOnlyList<SupplierGroup> Suppliers);

/// <summary>
/// Suggested orders and approved purchase proposals grouped by supplier with their purchase-order value, against each
/// supplier's minimum order value; and the planners' edits of those minimums.
/// </summary>
public sealed partial class SupplierOrders(ForecastDbContext db, InventoryQueries inventory, IOptions<MoneyOptions> money, TimeProvider time)
{
    /// <summary>The largest minimum accepted: a typo with extra zeros is refused rather than flagging every supplier.</summary>
    public const decimal MaximumMinimum = 1_000_000_000m;

    public async Task<SupplierGrouping> GroupAsync(CancellationToken cancellationToken)
    {
        var currency = money.Value.HomeCurrency;
        var run = await inventory.LatestRunAsync(cancellationToken);
        if (run is null)
            return new SupplierGrouping(null, currency, []);

        // A suggestion the planner already approved for this plan is counted once, as the approved proposal.
        var approved = await (
                from p in db.Set<PurchaseProposal>().AsNoTracking()
                join product in db.Products.AsNoTracking() on p.ProductId equals product.Id
                where p.PlanAsOf == run.AsOf
                select new { p.ProductId, p.Supplier, p.Quantity, product.UnitCost })
            .ToListAsync(cancellationToken);
        var approvedIds = approved.Select(a => a.ProductId).ToHashSet();
        var suggested = (await (
                from plan in db.InventoryPlans.AsNoTracking()
                join product in db.Products.AsNoTracking() on plan.ProductId equals product.Id
                where plan.PredictionRunId == run.Id && plan.SuggestedOrderQuantity > 0
                select new { plan.ProductId, product.Supplier, Quantity = plan.SuggestedOrderQuantity, product.UnitCost })
            .ToListAsync(cancellationToken))
            .Where(s => !approvedIds.Contains(s.ProductId))
            .ToList();
        var settings = await db.Set<SupplierSetting>().AsNoTracking().ToDictionaryAsync(s => s.Supplier, cancellationToken);

        var lines = suggested.Select(s => (Supplier: Blank(s.Supplier), Approved: false, s.Quantity, s.UnitCost))
            .Concat(approved.Select(a => (Supplier: Blank(a.Supplier), Approved: true, a.Quantity, a.UnitCost)));
        var groups = lines
            .GroupBy(l => l.Supplier)
            .Select(g =>
            {
                var suggestedValue = g.Where(l => !l.Approved).Sum(l => l.Quantity * (l.UnitCost ?? 0));
                var approvedValue = g.Where(l => l.Approved).Sum(l => l.Quantity * (l.UnitCost ?? 0));
                var total = suggestedValue + approvedValue;
                var setting = g.Key is null ? null : settings.GetValueOrDefault(g.Key);
                var below = setting is not null && setting.Currency == currency && total < setting.MinimumOrderValue;
                return new SupplierGroup(g.Key, g.Count(l => !l.Approved), Math.Round(suggestedValue, 2), g.Count(l => l.Approved), Math.Round(approvedValue, 2),
                    Math.Round(total, 2), g.Count(l => l.UnitCost is null), setting?.MinimumOrderValue, setting?.Currency, below);
            })
            // Suppliers by name, "(no supplier)" last: a planner looks a supplier up by name.
            .OrderBy(g => g.Supplier is null).ThenBy(g => g.Supplier, StringComparer.Ordinal)
            .ToList();
        return new SupplierGrouping(run.AsOf, currency, groups);
    }

    /// <summary>The suppliers a minimum can be set for: those the ERP's products name.</summary>
    public Task<List<string>> KnownSuppliersAsync(CancellationToken cancellationToken) =>
        db.Products.AsNoTracking().Where(p => p.Supplier != null && p.Supplier != "").Select(p => p.Supplier!).Distinct().OrderBy(s => s).ToListAsync(cancellationToken);

    /// <summary>
    /// Sets (or with an empty minimum, removes) a supplier's minimum order value. Returns the refusals by field, in
    /// English for the caller to translate; when there are any, nothing changed.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> SaveMinimumAsync(string? supplier, string? minimum, string? currency, string who, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var name = supplier?.Trim();
        if (string.IsNullOrEmpty(name) || !await db.Products.AnyAsync(p => p.Supplier == name, cancellationToken))
            errors["supplier"] = "Choose a supplier that the products name.";
        decimal? value = null;
        if (!string.IsNullOrWhiteSpace(minimum))
        {
            if (!decimal.TryParse(minimum.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
                errors["minimum"] = "The minimum order value must be a number.";
            else if (parsed < 0 || parsed > MaximumMinimum)
                errors["minimum"] = "The minimum order value must be from 0 to 1,000,000,000.";
            else
                value = parsed;
        }
        var code = (currency ?? "").Trim().ToUpperInvariant();
        // Checked with any minimum given, valid or not, so one submission reports every wrong field.
        if (!string.IsNullOrWhiteSpace(minimum) && !CurrencyCode().IsMatch(code))
            errors["currency"] = "The currency must be a three-letter ISO 4217 code such as TWD or USD.";
        if (errors.Count > 0)
            return errors;

        var existing = await db.Set<SupplierSetting>().SingleOrDefaultAsync(s => s.Supplier == name, cancellationToken);
        if (value is null)
        {
            if (existing is not null)
                db.Remove(existing);
        }
        else
        {
            existing ??= db.Set<SupplierSetting>().Add(new SupplierSetting { Supplier = name! }).Entity;
            existing.MinimumOrderValue = value.Value;
            existing.Currency = code;
            existing.UpdatedBy = who;
            existing.UpdatedAt = time.GetUtcNow();
        }
        await db.SaveChangesAsync(cancellationToken);
        return errors;
    }

    /// <summary>The grouping as CSV (UTF-8 with BOM, invariant numbers; text defused as in <see cref="PlannerQueries.SpreadsheetText"/>).</summary>
    public static byte[] ToCsv(SupplierGrouping grouping)
    {
        ArgumentNullException.ThrowIfNull(grouping);
        return CsvExport.ToBytes(
            ["supplier", "suggested_lines", "suggested_value", "approved_lines", "approved_value", "total_value", "currency",
                "lines_without_unit_cost", "minimum_order_value", "minimum_currency", "below_minimum", "as_of"],
            grouping.Suppliers.Select(g => (string[])[
                PlannerQueries.SpreadsheetText(g.Supplier), Int(g.SuggestedLines), Dec(g.SuggestedValue), Int(g.ApprovedLines), Dec(g.ApprovedValue),
                Dec(g.TotalValue), grouping.Currency, Int(g.LinesWithoutCost), g.MinimumOrderValue is { } m ? Dec(m) : "", g.MinimumCurrency ?? "",
                g.BelowMinimum ? "true" : "false", grouping.AsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            ]));
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
    private static string Dec(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);
    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();
}

internal sealed class SupplierSettingConfiguration : IEntityTypeConfiguration<SupplierSetting>
{
    public void Configure(EntityTypeBuilder<SupplierSetting> builder)
    {
        builder.ToTable("supplier_settings", "core");
        builder.HasIndex(s => s.Supplier).IsUnique();
        builder.Property(s => s.Supplier).HasMaxLength(256);
        builder.Property(s => s.Currency).HasMaxLength(3);
        builder.Property(s => s.MinimumOrderValue).HasPrecision(18, 2);
        builder.Property(s => s.UpdatedBy).HasMaxLength(256);
    }
}
