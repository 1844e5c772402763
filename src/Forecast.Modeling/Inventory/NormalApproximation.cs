using MathNet.Numerics.Distributions;

namespace Forecast.Modeling.Inventory;

/// <summary>
/// The textbook reorder point <c>s = μ_L + z·σ_L</c>, with <c>σ_L = σ·√L</c> for L periods of independent demand
/// (Silver, Pyke &amp; Thomas, <i>Inventory and Production Management in Supply Chains</i>, 4th ed., 2017; Axsäter,
/// <i>Inventory Control</i>, 3rd ed., 2015). Kept for comparison only: it assumes lead-time demand is normal,
/// which fails for slow and intermittent movers — their lead-time demand is mostly zero with a few lumps, so
/// <c>μ + zσ</c> falls between the lumps and misses the service target (Syntetos, Babai, Dallery &amp; Teunter,
/// "Periodic control of intermittent demand items: theory and empirical analysis", <i>JORS</i> 60(5), 2009).
/// </summary>
public static class NormalApproximation
{
    /// <summary>
    /// <c>mean + Φ⁻¹(serviceLevel)·√variance</c>: the reorder point for lead-time demand with that mean and variance
    /// under the normal assumption.
    /// </summary>
    public static double ReorderPoint(double mean, double variance, double serviceLevel)
    {
        if (!(serviceLevel > 0 && serviceLevel < 1))
            throw new ArgumentOutOfRangeException(nameof(serviceLevel), serviceLevel, "The service level must be strictly between 0 and 1.");
        ArgumentOutOfRangeException.ThrowIfNegative(variance);
        return mean + Normal.InvCDF(0, 1, serviceLevel) * Math.Sqrt(variance);
    }

    /// <summary>
    /// Mean and variance of demand over the first <paramref name="days"/> days from <paramref name="firstDay"/>
    /// under the σ√L convention: each day of period p carries mean μ_p/n_p and variance σ²_p/n_p (n_p days), days independent.
    /// Days past the grid repeat the last period.
    /// </summary>
    public static (double Mean, double Variance) DemandOver(PeriodDemandForecast demand, DateOnly firstDay, int days)
    {
        ArgumentNullException.ThrowIfNull(demand);
        var grid = demand.Grid;
        double mean = 0, variance = 0;
        for (var k = 0; k < days; k++)
        {
            var p = grid.PeriodOf(firstDay.AddDays(k));
            if (p < 0)
                p = firstDay.AddDays(k) < grid.Starts[0] ? 0 : grid.Count - 1;
            var n = grid.LengthInDays(p);
            mean += demand.MeanOf(p) / n;
            variance += demand.VarianceOf(p) / n;
        }
        return (mean, variance);
    }
}
