using Forecast.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forecast.Core.Inventory;

/// <summary>A per-product planning setting a planner may override.</summary>
public enum PlanningSetting
{
    LeadTime,
    ServiceLevel,
    Moq,
    PackSize,
}

/// <summary>
/// A planner's overrides of one product's planning settings, on top of the imported values (ERP item master) and the
/// configured service level. A null column means the imported or default value applies; a re-import never touches this
/// row, so an override outlives the nightly import until a planner resets it.
/// </summary>
public sealed class ProductPlanningOverride
{
    public long ProductId { get; set; }
    public int? LeadTimeDays { get; set; }
    /// <summary>Cycle service level as a probability (0.95), not a percentage.</summary>
    public double? CycleServiceLevel { get; set; }
    public decimal? Moq { get; set; }
    public decimal? PackSize { get; set; }
    public string ChangedBy { get; set; } = "";
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>
/// One change of a planning setting: who, when, the effective value before and after (service level in percent).
/// <see cref="Reset"/> marks a return to the imported or default value.
/// </summary>
public sealed class PlanningSettingChange
{
    public long Id { get; set; }
    public long ProductId { get; set; }
    public PlanningSetting Setting { get; set; }
    public decimal OldValue { get; set; }
    public decimal NewValue { get; set; }
    public bool Reset { get; set; }
    public string ChangedBy { get; set; } = "";
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>How a forecast override states the planner's demand for a week.</summary>
public enum ForecastOverrideKind
{
    /// <summary><see cref="ForecastOverride.Value"/> units in the week, whatever the model says.</summary>
    Absolute,
    /// <summary>The model's mean changed by <see cref="ForecastOverride.Value"/> percent (+30: 30% more).</summary>
    Percent,
}

/// <summary>
/// A planner's demand for one product in one forecast week, keyed by product and week (not by run), so it holds across
/// nightly runs. While the week is ahead, the inventory projection uses it instead of the model's mean; once the week is
/// past it is kept to measure whether it beat the model (<see cref="ModelMean"/> and <see cref="OverrideMean"/> are the
/// two forecasts as they stood when the planner made it, so both are judged at the same lead).
/// </summary>
public sealed class ForecastOverride
{
    public long Id { get; set; }
    public long ProductId { get; set; }
    /// <summary>First day of the forecast week (a Monday; the 1st for monthly forecasts).</summary>
    public DateOnly PeriodStart { get; set; }
    public ForecastOverrideKind Kind { get; set; }
    /// <summary>Units (absolute) or percent (percent change).</summary>
    public double Value { get; set; }
    /// <summary>The model's mean for the week when the override was made.</summary>
    public double ModelMean { get; set; }
    /// <summary>The overridden mean when it was made (for a percent override it follows the model's later runs while the week is ahead).</summary>
    public double OverrideMean { get; set; }
    public string Reason { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class ProductPlanningOverrideConfiguration : IEntityTypeConfiguration<ProductPlanningOverride>
{
    public void Configure(EntityTypeBuilder<ProductPlanningOverride> builder)
    {
        builder.ToTable("product_planning_overrides", "core");
        builder.HasKey(o => o.ProductId);
        builder.HasOne<Product>().WithMany().HasForeignKey(o => o.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(o => o.ChangedBy).HasMaxLength(256);
    }
}

internal sealed class PlanningSettingChangeConfiguration : IEntityTypeConfiguration<PlanningSettingChange>
{
    public void Configure(EntityTypeBuilder<PlanningSettingChange> builder)
    {
        builder.ToTable("planning_setting_changes", "core");
        builder.HasIndex(c => new { c.ProductId, c.ChangedAt });
        builder.HasOne<Product>().WithMany().HasForeignKey(c => c.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(c => c.Setting).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.ChangedBy).HasMaxLength(256);
    }
}

internal sealed class ForecastOverrideConfiguration : IEntityTypeConfiguration<ForecastOverride>
{
    public void Configure(EntityTypeBuilder<ForecastOverride> builder)
    {
        builder.ToTable("forecast_overrides", "core");
        builder.HasIndex(o => new { o.ProductId, o.PeriodStart }).IsUnique();
        builder.HasIndex(o => o.PeriodStart);
        builder.HasOne<Product>().WithMany().HasForeignKey(o => o.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(o => o.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.Reason).HasMaxLength(500);
        builder.Property(o => o.CreatedBy).HasMaxLength(256);
    }
}
