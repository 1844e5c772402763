using System.ComponentModel.DataAnnotations;

namespace Forecast.Core.Reorder;

/// <summary>Settings of the reorder stage, bound from the <c>Reorder</c> section.</summary>
public sealed class ReorderOptions
{
    public const string Section = "Reorder";

    /// <summary>N in "P(order within the next N days)"; also the length of the backtest window stored with each model.</summary>
    [Range(1, 365)]
    public int HorizonDays { get; set; } = 30;

    /// <summary>ERP customers per partition of the nightly stage (each partition is one job, any worker may take it).</summary>
    [Range(1, 10_000_000)]
    public int CustomersPerPartition { get; set; } = 2000;
}
