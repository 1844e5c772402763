namespace Forecast.Modeling.Reorder;

/// <summary>
/// The next order of one customer x product pair, as of a day. Days are day numbers (<see cref="DateOnly.DayNumber"/>).
/// <see cref="PredictedDay"/> and the P10..P90 days describe when the next order comes if it comes (the renewal
/// distribution given the time already elapsed); the probabilities say how likely it is to come at all, and within
/// <see cref="HorizonDays"/>. A date after <see cref="LastExpectedDay"/> is null ("not expected"), and all of them are
/// when an order before that day is unlikely (<see cref="ReorderModelOptions.MinDateProbability"/>). The Window* days
/// are the same distribution restricted to the horizon: where the order falls if it falls within the horizon (what a
/// finite holdout can check).
/// </summary>
public sealed record ReorderForecast(
    long Customer,
    long Product,
    int AsOfDay,
    int LastOrderDay,
    int OrderCount,
    double? MeanGapDays,
    double? MedianGapDays,
    double TypicalCycleDays,
    int? PredictedDay,
    int? P10Day,
    int? P25Day,
    int? P75Day,
    int? P90Day,
    int HorizonDays,
    double ProbabilityWithinHorizon,
    double ProbabilityCustomerActive,
    double ProbabilityProductActive,
    double ProbabilityPairActive,
    double ExpectedQuantity,
    double UsualQuantity)
{
    public int DaysSinceLastOrder => AsOfDay - LastOrderDay;

    public int WindowP10Day { get; init; }
    public int WindowP25Day { get; init; }
    public int WindowP75Day { get; init; }
    public int WindowP90Day { get; init; }

    /// <summary>
    /// The 90th percentile of the pair's cycle counted from its last order, not conditioned on the silence since (unlike
    /// <see cref="P90Day"/>, which never lies in the past): a customer silent beyond it is later than 9 in 10 of its own cycles.
    /// Null when it falls after <see cref="LastExpectedDay"/>.
    /// </summary>
    public int? CycleP90Day { get; init; }

    /// <summary>
    /// The last day of the date horizon (<see cref="ReorderModelOptions.DateHorizonDays"/> after the as-of day, or
    /// <see cref="ReorderModelOptions.DateHorizonCycles"/> typical cycles if later): no date is given beyond it.
    /// </summary>
    public int LastExpectedDay { get; init; }
}
