using Forecast.Core.Data;
using Forecast.Core.ModelStore;

namespace Forecast.Core.Reorder;

/// <summary>
/// When an ERP customer will next order a product, as of a day: the predicted date with 50% (P25..P75) and 80%
/// (P10..P90) intervals for when the order comes if it comes, how likely it is within <see cref="HorizonDays"/>, and
/// the numbers a reminder sentence needs ("orders about every <see cref="TypicalCycleDays"/> days, usually
/// <see cref="UsualQuantity"/>; last order <see cref="DaysSinceLastOrder"/> days ago"). A null date means "not
/// expected": later than the model's date horizon (two years, or three typical cycles if longer), or no date at all
/// because the pair has most likely stopped (docs/reorder.md). One row per run, customer and product; a re-run of the
/// same run replaces its rows.
/// </summary>
public sealed class ReorderPrediction
{
    public long Id { get; set; }
    public long PredictionRunId { get; set; }
    public PredictionRun? PredictionRun { get; set; }
    public long? ModelVersionId { get; set; }
    public DateOnly AsOf { get; set; }

    public long CustomerId { get; set; }
    public ErpCustomer? Customer { get; set; }
    public long ProductId { get; set; }
    public Product? Product { get; set; }

    public DateOnly LastOrderDate { get; set; }
    public int OrderCount { get; set; }
    public int DaysSinceLastOrder { get; set; }
    /// <summary>Mean and median of the pair's own gaps between orders; null with a single order.</summary>
    public double? MeanGapDays { get; set; }
    public double? MedianGapDays { get; set; }
    /// <summary>The model's typical gap for this pair (posterior median): its own gaps shrunk towards its product's and customer's.</summary>
    public double TypicalCycleDays { get; set; }

    /// <summary>The median of the next order date if it comes; null: not expected (see the class summary).</summary>
    public DateOnly? PredictedDate { get; set; }
    public DateOnly? P10Date { get; set; }
    public DateOnly? P25Date { get; set; }
    public DateOnly? P75Date { get; set; }
    /// <summary>Null when the 80% interval reaches past the date horizon (or no date is expected at all).</summary>
    public DateOnly? P90Date { get; set; }
    /// <summary>
    /// The 90th percentile of the cycle counted from <see cref="LastOrderDate"/>, not conditioned on the silence since
    /// (P10..P90 are, so they never lie in the past): later than this, the customer is late by its own standard.
    /// Null on rows written before it was stored, and when it falls after the date horizon.
    /// </summary>
    public DateOnly? CycleP90Date { get; set; }

    public int HorizonDays { get; set; }
    /// <summary>P(an order within <see cref="HorizonDays"/> days after <see cref="AsOf"/>).</summary>
    public double ProbabilityWithinHorizon { get; set; }
    /// <summary>P(the customer still buys at all), from the customer-level activity model.</summary>
    public double ProbabilityCustomerActive { get; set; }
    /// <summary>P(the product is still sold), from the product-level activity model.</summary>
    public double ProbabilityProductActive { get; set; }
    /// <summary>P(the customer still buys this product, given customer and product are active).</summary>
    public double ProbabilityPairActive { get; set; }

    /// <summary>
    /// Set when the probabilities were lowered because a rep dismissed a reminder of this pair with this coded reason
    /// (<c>NotBuying</c>, <c>AlreadyOrdered</c>) on <see cref="DismissalDate"/>, on or before <see cref="AsOf"/> and
    /// after the last order; null: not adjusted (docs/reorder.md, "What reps said").
    /// </summary>
    public string? DismissalReason { get; set; }
    public DateOnly? DismissalDate { get; set; }

    public decimal ExpectedQuantity { get; set; }
    /// <summary>Median quantity of the pair's past orders.</summary>
    public decimal UsualQuantity { get; set; }
}
