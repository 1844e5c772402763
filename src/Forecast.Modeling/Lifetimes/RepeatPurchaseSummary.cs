namespace Forecast.Modeling.Lifetimes;

/// <summary>
/// One customer's repeat-purchase history in the "RFM" form the BG/NBD and Pareto/NBD models need
/// (Fader, Hardie &amp; Lee 2005, section 2): <see cref="Frequency"/> x repeat purchases (purchases after
/// the first, at most one per period such as a day), the time of the last purchase <see cref="Recency"/> t_x
/// and the time the customer has been observed <see cref="Age"/> T, both measured from the first purchase in
/// one time unit (e.g. weeks). <see cref="Weight"/> lets identical customers be counted once.
/// </summary>
public readonly record struct RepeatPurchaseSummary(double Frequency, double Recency, double Age, double Weight = 1)
{
    /// <summary>Builds the summary from distinct purchase times (any unit) and the end of observation.</summary>
    /// <param name="purchaseTimes">Distinct purchase times in ascending order (e.g. day numbers).</param>
    /// <param name="end">End of the observation period, in the same unit.</param>
    /// <param name="unit">How many input units make one model time unit (7 turns days into weeks).</param>
    public static RepeatPurchaseSummary FromPurchases(IReadOnlyList<double> purchaseTimes, double end, double unit = 1)
    {
        ArgumentNullException.ThrowIfNull(purchaseTimes);
        if (purchaseTimes.Count == 0)
            throw new ArgumentException("A customer needs at least one purchase.", nameof(purchaseTimes));
        var first = purchaseTimes[0];
        var last = purchaseTimes[^1];
        if (end < last)
            throw new ArgumentException("The end of observation is before the last purchase.", nameof(end));
        return new RepeatPurchaseSummary(purchaseTimes.Count - 1, (last - first) / unit, (end - first) / unit);
    }
}
