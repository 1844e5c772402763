namespace Forecast.Modeling.Inventory;

/// <summary>
/// Expected units short by a date, E[(−S)⁺] for net stock S, from the three quantiles a stock projection keeps
/// (P10, P50, P90) rather than from the simulated paths, which are not stored.
/// </summary>
/// <remarks>
/// The shortfall (−S)⁺ is a non-increasing function of S, so its own 10th, 50th and 90th percentiles are the shortfalls
/// at S's 90th, 50th and 10th. Swanson's rule (Megill, <i>An Introduction to Risk Analysis</i>, 1977; Hurst et al.,
/// "Swanson's 30-40-30 rule", AAPG Bulletin 84, 2000) weighs a distribution's P10, P50 and P90 by 0.3, 0.4 and 0.3 to
/// estimate its mean; it is exact for a normal and close for moderately skewed ones. A shortfall that only the worst
/// decile reaches therefore counts 0.3 × that shortfall: the value of a tail, not of the median path.
/// </remarks>
public static class ExpectedShortfall
{
    /// <summary>Expected unmet demand (≥ 0) from the net stock quantiles at the date of interest.</summary>
    public static double FromNetStockQuantiles(double stockP10, double stockP50, double stockP90) =>
        (0.3 * Math.Max(0, -stockP10)) + (0.4 * Math.Max(0, -stockP50)) + (0.3 * Math.Max(0, -stockP90));
}
