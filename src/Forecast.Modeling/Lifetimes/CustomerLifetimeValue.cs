namespace Forecast.Modeling.Lifetimes;

/// <summary>
/// Residual customer lifetime value from the BG/NBD purchase model and the Gamma-Gamma spend model (Fader, Hardie
/// &amp; Lee 2005, JMR): expected purchases in each coming period, times the expected value of a purchase, times
/// the margin, discounted to today. Periods are in the purchase model's time unit (e.g. 4.345 weeks for a month
/// when the model was fitted in weeks), and the horizon is finite on purpose: a B2B "lifetime" beyond a few years
/// is a guess no planner or manager should act on.
/// </summary>
public static class CustomerLifetimeValue
{
    /// <param name="purchases">The fitted purchase model.</param>
    /// <param name="customer">The customer's (x, t_x, T) history in the purchase model's time unit.</param>
    /// <param name="expectedValuePerPurchase">E[value of a purchase], e.g. <see cref="GammaGammaModel.ConditionalExpectedValue"/>.</param>
    /// <param name="periods">How many periods ahead (e.g. 36 months).</param>
    /// <param name="periodLength">Length of one period in the purchase model's time unit.</param>
    /// <param name="discountRatePerPeriod">Cost of money per period (e.g. 0.01 a month).</param>
    /// <param name="margin">Share of the value that is profit (1 for revenue).</param>
    public static double Residual(
        BgNbdFit purchases,
        RepeatPurchaseSummary customer,
        double expectedValuePerPurchase,
        int periods,
        double periodLength,
        double discountRatePerPeriod,
        double margin = 1)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentOutOfRangeException.ThrowIfNegative(periods);
        if (periodLength <= 0 || !double.IsFinite(periodLength))
            throw new ArgumentOutOfRangeException(nameof(periodLength), periodLength, "The period length must be positive.");
        if (discountRatePerPeriod <= -1 || !double.IsFinite(discountRatePerPeriod))
            throw new ArgumentOutOfRangeException(nameof(discountRatePerPeriod), discountRatePerPeriod, "The discount rate must be above -100%.");
        var value = 0.0;
        var before = 0.0;
        for (var i = 1; i <= periods; i++)
        {
            var cumulative = purchases.ConditionalExpectedPurchases(customer, i * periodLength);
            value += (cumulative - before) * expectedValuePerPurchase * margin / Math.Pow(1 + discountRatePerPeriod, i);
            before = cumulative;
        }
        return value;
    }
}
