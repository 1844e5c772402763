using System.ComponentModel.DataAnnotations;

namespace Forecast.Core.Reorder;

/// <summary>Settings of the reorder stage, bound from the <c>Reorder</c> section.</summary>
public sealed class ReorderOptions
{
    public const string Section = "Reorder";

    /// <summary>N in "P(order within the next N days)"; also the length of the backtest window stored with each model.</summary>
    [Range(1, 365)]
    public int HorizonDays { get; set; } = 30;

    /// <summary>
    /// ERP customers per partition of the nightly stage (each partition is one job, any worker may take it). 1,000 splits
    /// 2,000 customers in two, so a second worker has work; a partition of 1,000 still spends seconds predicting against
    /// well under one of loading and writing.
    /// </summary>
    [Range(1, 10_000_000)]
    public int CustomersPerPartition { get; set; } = 1000;

    /// <summary>
    /// Predicted dates later than this many days after the as-of day are stored as null ("not expected"), unless
    /// <see cref="DateHorizonCycles"/> typical cycles of the pair reach further (model option of the same name).
    /// </summary>
    [Range(30, 3650)]
    public int DateHorizonDays { get; set; } = 730;

    /// <summary>The date horizon is at least this many of the pair's typical cycles.</summary>
    [Range(0, 100)]
    public double DateHorizonCycles { get; set; } = 3;

    /// <summary>No date at all when P(an order before the date horizon) is below this (the pair has most likely stopped).</summary>
    [Range(0, 1)]
    public double MinDateProbability { get; set; } = 0.05;

    /// <summary>
    /// A pair a rep dismissed as "not buying" or "already ordered elsewhere" keeps this share of its P(pair active) and
    /// P(order within the horizon) until it orders again (<see cref="Modeling.Reorder.DismissalAdjustment"/>); 1 turns the
    /// adjustment off. A prior, not estimated on real dismissals (docs/reorder.md).
    /// </summary>
    [Range(0.01, 1)]
    public double DismissalRetainedShare { get; set; } = 0.5;

    /// <summary>
    /// The model's options with these settings. They are stored with the fitted model, which is reused for the same day
    /// and code version: a change applies from the next day's model.
    /// </summary>
    public Modeling.Reorder.ReorderModelOptions ModelOptions() => new()
    {
        DateHorizonDays = DateHorizonDays,
        DateHorizonCycles = DateHorizonCycles,
        MinDateProbability = MinDateProbability,
    };
}
