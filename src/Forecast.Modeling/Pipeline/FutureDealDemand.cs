namespace Forecast.Modeling.Pipeline;

/// <summary>A product's rate of deal demand: units per day, and the index of dispersion (variance / mean) per period.</summary>
public sealed record DealDemandRate(double UnitsPerDay, double Dispersion)
{
    /// <summary>No deal demand.</summary>
    public static DealDemandRate None { get; } = new(0, 1);

    /// <summary>
    /// The rate from a history of deal demand per period (e.g. the last 104 weeks), each <paramref name="periodDays"/>
    /// long: the mean per day, and the variance-to-mean ratio of the periods (1 when the history is empty or flat:
    /// the Poisson case).
    /// </summary>
    public static DealDemandRate FromHistory(IReadOnlyList<double> perPeriod, double periodDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(periodDays);
        if (perPeriod.Count == 0)
            return None;
        var mean = perPeriod.Average();
        if (!(mean > 0))
            return None;
        var variance = perPeriod.Count > 1 ? perPeriod.Sum(v => (v - mean) * (v - mean)) / (perPeriod.Count - 1) : mean;
        return new DealDemandRate(mean / periodDays, Math.Max(1, variance / mean));
    }
}

/// <summary>
/// Deal demand by period from deals that are not in the pipeline yet. Deals open at a steady rate, and the units of a
/// product they bring in are a compound Poisson process: orders on day s come from deals opened D days earlier, D drawn
/// from how long won deals took from opening to order (<see cref="DayOffsetDistribution"/>). Of the deal demand on day
/// s after the as-of day, the share from deals opened after it is P(D ≤ s − asOf − 1) — the rest comes from deals
/// open today, which the pipeline already holds. Thinning a compound Poisson process keeps its index of dispersion,
/// so the variance is the dispersion times the mean (Cox &amp; Isham, <i>Point Processes</i>, 1980, §3.2; the
/// variance-to-mean view of lumpy demand as in Syntetos &amp; Boylan, IJF 21, 2005).
/// </summary>
public static class FutureDealDemand
{
    /// <summary>Expected units and variance per period of deal demand from deals not yet opened on <paramref name="asOf"/>.</summary>
    /// <param name="rate">The product's deal demand rate.</param>
    /// <param name="periodStarts">Future periods' first days, increasing; each ends where the next starts.</param>
    /// <param name="horizonEnd">The day after the last period.</param>
    /// <param name="asOf">The last day with data.</param>
    /// <param name="openToOrder">Days from a won deal's opening to its order; null: every future deal demand is new (no pipeline known).</param>
    public static (double[] Mean, double[] Variance) Compute(
        DealDemandRate rate, IReadOnlyList<DateOnly> periodStarts, DateOnly horizonEnd, DateOnly asOf, DayOffsetDistribution? openToOrder)
    {
        ArgumentNullException.ThrowIfNull(rate);
        ArgumentNullException.ThrowIfNull(periodStarts);
        var mean = new double[periodStarts.Count];
        var variance = new double[periodStarts.Count];
        if (rate.UnitsPerDay <= 0)
            return (mean, variance);
        for (var k = 0; k < periodStarts.Count; k++)
        {
            var end = k + 1 < periodStarts.Count ? periodStarts[k + 1] : horizonEnd;
            var sum = 0.0;
            for (var day = periodStarts[k]; day < end; day = day.AddDays(1))
            {
                if (day <= asOf)
                    continue;
                sum += openToOrder is null ? 1 : openToOrder.CumulativeProbability(day.DayNumber - asOf.DayNumber - 1);
            }
            mean[k] = rate.UnitsPerDay * sum;
            variance[k] = rate.Dispersion * mean[k];
        }
        return (mean, variance);
    }
}
