using System.ComponentModel.DataAnnotations;

namespace Forecast.Core.Inventory;

/// <summary>How stock is projected and protected. Section <c>Inventory</c>; see docs/inventory.md.</summary>
public sealed class InventoryOptions : IValidatableObject
{
    /// <summary>Target probability of no stock-out between two replenishments (cycle service level).</summary>
    [Range(0.5, 0.9999)]
    public double CycleServiceLevel { get; set; } = 0.95;

    /// <summary>Optional target share of demand met from stock; when set, reorder points meet both targets.</summary>
    [Range(0.5, 0.9999)]
    public double? FillRate { get; set; }

    /// <summary>Cycle service level per product family (e.g. <c>"Bearings": 0.98</c>), overriding <see cref="CycleServiceLevel"/>.</summary>
    public Dictionary<string, double> FamilyServiceLevels { get; set; } = [];

    /// <summary>Days between two ordering decisions (7: the planner orders weekly; 0: continuous review).</summary>
    [Range(0, 365)]
    public int ReviewPeriodDays { get; set; } = 7;

    /// <summary>A purchase-order line whose need date is within this many days of its own date gets no reschedule message.</summary>
    [Range(0, 90)]
    public int PurchaseOrderMessageMarginDays { get; set; } = 7;

    /// <summary>Simulated futures per product: more gives steadier probabilities and takes longer.</summary>
    [Range(100, 100_000)]
    public int SimulationPaths { get; set; } = 2000;

    /// <summary>Seed of the simulation; each product's stream is derived from it and the product id, so results do not depend on partitioning.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Correlation of demand between forecast periods in [0, 1]; 0 treats periods as independent.</summary>
    [Range(0.0, 1.0)]
    public double PeriodCorrelation { get; set; }

    /// <summary>Products per pipeline partition (one Hangfire job each).</summary>
    [Range(1, 1_000_000)]
    public int PartitionSize { get; set; } = 250;

    /// <summary>Completed inventory runs kept; older ones are deleted with their rows.</summary>
    [Range(1, 3650)]
    public int RetainRuns { get; set; } = 30;

    /// <summary>Fallback demand source only (until the demand stage's forecasts are wired): weeks of order history it learns from.</summary>
    [Range(4, 520)]
    public int HistoryWeeks { get; set; } = 52;

    /// <summary>Fallback demand source only: weeks it forecasts ahead.</summary>
    [Range(1, 260)]
    public int HorizonWeeks { get; set; } = 26;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (family, level) in FamilyServiceLevels)
        {
            if (!(level >= 0.5 && level <= 0.9999))
                yield return new ValidationResult($"Inventory:FamilyServiceLevels:{family} = {level} is outside 0.5..0.9999.", [nameof(FamilyServiceLevels)]);
        }
    }

    /// <summary>The cycle service level for a product of <paramref name="family"/>.</summary>
    public double ServiceLevelFor(string? family) =>
        family is not null && FamilyServiceLevels.TryGetValue(family, out var level) ? level : CycleServiceLevel;
}
