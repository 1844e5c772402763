using System.Globalization;
using Forecast.Core.Data;
using Forecast.Core.Formatting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forecast.Core.Inventory;

/// <summary>
/// A suggested order a planner approved: what to buy, from whom, by when, approved by whom and when. Its
/// <see cref="Key"/> (product and the as-of date of the plan it came from) is unique, so approving the same suggestion
/// twice (a double click, a retried API call) keeps the first approval.
/// </summary>
public sealed class PurchaseProposal
{
    public long Id { get; set; }
    /// <summary><c>{sku}@{as-of yyyy-MM-dd}</c>: one proposal per product per plan.</summary>
    public string Key { get; set; } = "";
    public long ProductId { get; set; }
    public string Sku { get; set; } = "";
    public string? Supplier { get; set; }
    public string? Unit { get; set; }
    public decimal Quantity { get; set; }
    /// <summary>What the plan suggested (the planner may approve another quantity).</summary>
    public decimal SuggestedQuantity { get; set; }
    public DateOnly? OrderBy { get; set; }
    /// <summary>The as-of date of the inventory plan it came from.</summary>
    public DateOnly PlanAsOf { get; set; }
    public string ApprovedBy { get; set; } = "";
    public DateTimeOffset ApprovedAt { get; set; }
}

/// <summary>An approval and whether it made a new proposal (false: this suggestion had been approved before).</summary>
public sealed record ProposalApproval(PurchaseProposal Proposal, bool Created);

/// <summary>
/// Told of every approval, a repeated one too (it may follow a crash before the first was passed on), so another feature
/// (the ERP document outbox) acts on approvals without this one knowing it. Must be idempotent per proposal key.
/// </summary>
public interface IPurchaseProposalObserver
{
    Task ApprovedAsync(PurchaseProposal proposal, CancellationToken cancellationToken);
}

/// <summary>Suggested orders approved into purchase proposals, and their CSV export for purchasing.</summary>
public sealed class PurchaseProposals(ForecastDbContext db, InventoryQueries inventory, TimeProvider time, IEnumerable<IPurchaseProposalObserver> observers)
{
    /// <summary>The key of the suggestion of <paramref name="sku"/> in the plan as of <paramref name="asOf"/>.</summary>
    public static string KeyOf(string sku, DateOnly asOf) => sku + "@" + asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// Approves the product's suggested order from the latest inventory run (<paramref name="quantity"/>: another
    /// quantity, a positive whole number). Idempotent per proposal key. Null when the latest run has no plan for it.
    /// </summary>
    public async Task<ProposalApproval?> ApproveAsync(long productId, decimal? quantity, string approvedBy, CancellationToken cancellationToken)
    {
        if (quantity is { } q && (q < 1 || q > 1_000_000_000 || q != decimal.Truncate(q)))
            throw new PlannerInputException([new InputError("quantity", "The quantity must be a positive whole number.")]);
        var view = await inventory.ProductAsync(productId, cancellationToken);
        if (view is null)
            return null;
        var plan = view.Plan;
        if (quantity is null && plan.SuggestedOrderQuantity <= 0)
            throw new PlannerInputException([new InputError("quantity", "Nothing is suggested for this product: give the quantity to order.")]);
        var key = KeyOf(view.Sku, view.AsOf);
        var existing = await db.Set<PurchaseProposal>().AsNoTracking().SingleOrDefaultAsync(p => p.Key == key, cancellationToken);
        if (existing is not null)
            return await ObservedAsync(new ProposalApproval(existing, false), cancellationToken);
        var proposal = new PurchaseProposal
        {
            Key = key, ProductId = productId, Sku = view.Sku, Supplier = view.Supplier, Unit = view.Unit,
            Quantity = quantity ?? plan.SuggestedOrderQuantity, SuggestedQuantity = plan.SuggestedOrderQuantity,
            OrderBy = plan.OrderByDate, PlanAsOf = view.AsOf, ApprovedBy = approvedBy, ApprovedAt = time.GetUtcNow(),
        };
        // Two approvals racing: the unique key lets one insert; the other reads it back (ON CONFLICT DO NOTHING).
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO core.purchase_proposals (key, product_id, sku, supplier, unit, quantity, suggested_quantity, order_by, plan_as_of, approved_by, approved_at)
            VALUES ({proposal.Key}, {proposal.ProductId}, {proposal.Sku}, {proposal.Supplier}, {proposal.Unit}, {proposal.Quantity}, {proposal.SuggestedQuantity},
                    {proposal.OrderBy}, {proposal.PlanAsOf}, {proposal.ApprovedBy}, {proposal.ApprovedAt})
            ON CONFLICT (key) DO NOTHING
            """, cancellationToken);
        var stored = await db.Set<PurchaseProposal>().AsNoTracking().SingleAsync(p => p.Key == key, cancellationToken);
        return await ObservedAsync(new ProposalApproval(stored, inserted == 1), cancellationToken);
    }

    private async Task<ProposalApproval> ObservedAsync(ProposalApproval approval, CancellationToken cancellationToken)
    {
        foreach (var observer in observers)
            await observer.ApprovedAsync(approval.Proposal, cancellationToken);
        return approval;
    }

    /// <summary>The proposal made from the product's latest plan, if approved.</summary>
    public async Task<PurchaseProposal?> ForLatestPlanAsync(long productId, string sku, DateOnly asOf, CancellationToken cancellationToken)
    {
        var key = KeyOf(sku, asOf);
        return await db.Set<PurchaseProposal>().AsNoTracking().SingleOrDefaultAsync(p => p.Key == key && p.ProductId == productId, cancellationToken);
    }

    /// <summary>Proposals, newest approval first, grouped by supplier in the export.</summary>
    public Task<List<PurchaseProposal>> ListAsync(int take, CancellationToken cancellationToken) =>
        db.Set<PurchaseProposal>().AsNoTracking().OrderByDescending(p => p.ApprovedAt).ThenByDescending(p => p.Id).Take(Math.Clamp(take, 1, 10_000)).ToListAsync(cancellationToken);

    /// <summary>The proposals as CSV for purchasing, one line each, by supplier (UTF-8 with BOM, invariant numbers, ISO dates and UTC instants; text defused as in <see cref="PlannerQueries.SpreadsheetText"/>).</summary>
    public static byte[] ToCsv(IEnumerable<PurchaseProposal> proposals)
    {
        ArgumentNullException.ThrowIfNull(proposals);
        return CsvExport.ToBytes(
            ["proposal_key", "supplier", "sku", "quantity", "unit", "order_by", "suggested_quantity", "plan_as_of", "approved_by", "approved_at_utc"],
            proposals.OrderBy(p => p.Supplier ?? "\uffff", StringComparer.Ordinal).ThenBy(p => p.OrderBy ?? DateOnly.MaxValue).ThenBy(p => p.Sku, StringComparer.Ordinal)
                .Select(p => (string[])[
                    PlannerQueries.SpreadsheetText(p.Key), PlannerQueries.SpreadsheetText(p.Supplier), PlannerQueries.SpreadsheetText(p.Sku),
                    p.Quantity.ToString("0.####", CultureInfo.InvariantCulture), PlannerQueries.SpreadsheetText(p.Unit),
                    p.OrderBy?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", p.SuggestedQuantity.ToString("0.####", CultureInfo.InvariantCulture),
                    p.PlanAsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), PlannerQueries.SpreadsheetText(p.ApprovedBy),
                    p.ApprovedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ]));
    }
}

internal sealed class PurchaseProposalConfiguration : IEntityTypeConfiguration<PurchaseProposal>
{
    public void Configure(EntityTypeBuilder<PurchaseProposal> builder)
    {
        builder.ToTable("purchase_proposals", "core");
        builder.HasIndex(p => p.Key).IsUnique();
        builder.HasIndex(p => p.ApprovedAt);
        builder.HasOne<Product>().WithMany().HasForeignKey(p => p.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(p => p.Supplier).HasMaxLength(256);
        builder.Property(p => p.Unit).HasMaxLength(32);
        builder.Property(p => p.ApprovedBy).HasMaxLength(256);
    }
}
