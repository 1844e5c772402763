using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forecast.Core.Inventory;

/// <summary>
/// One product's stock projection for one forecast period of an inventory run. Stock is net stock at the end of the
/// period (on hand + supply arrived − demand): negative means demand the stock could not meet.
/// </summary>
public sealed class StockProjection
{
    public long Id { get; set; }
    public long PredictionRunId { get; set; }
    public long ProductId { get; set; }
    public DateOnly AsOf { get; set; }
    public DateOnly PeriodStart { get; set; }
    /// <summary>Last day of the period (inclusive).</summary>
    public DateOnly PeriodEnd { get; set; }
    /// <summary>Expected demand over the projected days of the period.</summary>
    public decimal MeanDemand { get; set; }
    /// <summary>Supply expected to arrive within the period.</summary>
    public decimal Incoming { get; set; }
    public decimal StockP10 { get; set; }
    public decimal StockP50 { get; set; }
    public decimal StockP90 { get; set; }
    /// <summary>Probability that demand has gone unmet on some day up to the end of the period.</summary>
    public double StockoutProbability { get; set; }
    /// <summary>Units that can be promised for shipment on the period's first projected day without shorting forecast demand.</summary>
    public decimal AvailableToPromise { get; set; }
}

/// <summary>One product's replenishment plan from an inventory run: what the planner acts on.</summary>
public sealed class InventoryPlan
{
    public long Id { get; set; }
    public long PredictionRunId { get; set; }
    public long ProductId { get; set; }
    public DateOnly AsOf { get; set; }
    /// <summary>Stock on hand summed over warehouses, from the latest count on or before <see cref="AsOf"/>.</summary>
    public decimal OnHand { get; set; }
    /// <summary>The date of that count (null when the product has none).</summary>
    public DateOnly? StockCountedOn { get; set; }
    /// <summary>Open purchase-order quantity due after <see cref="AsOf"/>.</summary>
    public decimal IncomingTotal { get; set; }
    /// <summary>Days today's on hand lasts at mean forecast demand (null: no demand expected).</summary>
    public double? DaysOfCover { get; set; }
    public double StockoutProbabilityWithinLeadTime { get; set; }
    /// <summary>Median first day of unmet demand (null: less than an even chance within the projection).</summary>
    public DateOnly? ProjectedStockoutDate { get; set; }
    public decimal ReorderPoint { get; set; }
    public decimal SafetyStock { get; set; }
    public decimal OrderUpToLevel { get; set; }
    /// <summary>The classical μ + zσ√L reorder point, kept to show planners where it differs.</summary>
    public decimal NormalApproximationReorderPoint { get; set; }
    /// <summary>Rounded up to the MOQ and whole packs; 0 when no order is due within the projection.</summary>
    public decimal SuggestedOrderQuantity { get; set; }
    public DateOnly? OrderByDate { get; set; }
    public int LeadTimeDays { get; set; }
    public int ReviewPeriodDays { get; set; }
    public decimal MinimumOrderQuantity { get; set; }
    public decimal PackSize { get; set; }
    public double CycleServiceLevel { get; set; }
    public double? FillRateTarget { get; set; }
    public double? ExpectedFillRate { get; set; }
    /// <summary>The demand model behind the projection, e.g. <c>ets</c>, as the demand source named it.</summary>
    public string? DemandModel { get; set; }
    /// <summary>Its backtest accuracy if known, e.g. <c>MASE 0.82</c>.</summary>
    public string? DemandAccuracy { get; set; }
    /// <summary>Plain-language notes on the method and the data (one per line).</summary>
    public string MethodNotes { get; set; } = "";
    /// <summary>Available to promise as JSON steps <c>[{"from":"2026-11-28","quantity":120}, ...]</c> (never decreasing).</summary>
    public string AvailableToPromiseJson { get; set; } = "[]";
}

internal sealed class StockProjectionConfiguration : IEntityTypeConfiguration<StockProjection>
{
    public void Configure(EntityTypeBuilder<StockProjection> builder)
    {
        builder.ToTable("stock_projections", "core");
        builder.HasIndex(p => new { p.PredictionRunId, p.ProductId, p.PeriodStart }).IsUnique();
        builder.HasIndex(p => p.ProductId);
        builder.HasOne<PredictionRun>().WithMany().HasForeignKey(p => p.PredictionRunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Product>().WithMany().HasForeignKey(p => p.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InventoryPlanConfiguration : IEntityTypeConfiguration<InventoryPlan>
{
    public void Configure(EntityTypeBuilder<InventoryPlan> builder)
    {
        builder.ToTable("inventory_plans", "core");
        builder.HasIndex(p => new { p.PredictionRunId, p.ProductId }).IsUnique();
        builder.HasIndex(p => new { p.PredictionRunId, p.StockoutProbabilityWithinLeadTime });
        builder.HasIndex(p => p.ProductId);
        builder.HasOne<PredictionRun>().WithMany().HasForeignKey(p => p.PredictionRunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Product>().WithMany().HasForeignKey(p => p.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(p => p.AvailableToPromiseJson).HasColumnType("jsonb");
        builder.Property(p => p.DemandModel).HasMaxLength(128);
        builder.Property(p => p.DemandAccuracy).HasMaxLength(128);
    }
}
