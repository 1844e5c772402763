using MathNet.Numerics.Distributions;

namespace Forecast.Modeling.Inventory;

/// <summary>
/// A planner's override of one period's mean demand, carried into the period's quantiles. When the model's mean is
/// positive every quantile is multiplied by <c>newMean / modelMean</c>: the override moves the level and keeps the
/// model's shape and coefficient of variation (a +30% promotion widens the band by 30% too, as a multiplicative demand
/// shock would). When the model expects nothing there is no shape to keep, so the quantiles are those of a normal with
/// Poisson variance (σ² = mean), clamped at zero: the narrowest honest spread for counts (Silver, Pyke &amp; Thomas,
/// 2017, §6.9 on Poisson lead-time demand).
/// </summary>
public static class ForecastAdjustment
{
    /// <summary>Below this the model's mean counts as zero (no shape to scale).</summary>
    public const double ZeroMean = 1e-9;

    /// <summary>The quantiles at <paramref name="levels"/> of a period whose mean is overridden to <paramref name="newMean"/>.</summary>
    /// <param name="modelMean">The model's mean for the period.</param>
    /// <param name="modelQuantiles">The model's quantiles, one per level.</param>
    /// <param name="levels">Their probabilities, in (0, 1).</param>
    /// <param name="newMean">The planner's mean, ≥ 0.</param>
    public static double[] Quantiles(double modelMean, IReadOnlyList<double> modelQuantiles, IReadOnlyList<double> levels, double newMean)
    {
        ArgumentNullException.ThrowIfNull(modelQuantiles);
        ArgumentNullException.ThrowIfNull(levels);
        if (modelQuantiles.Count != levels.Count)
            throw new ArgumentException($"{modelQuantiles.Count} quantiles for {levels.Count} levels.", nameof(modelQuantiles));
        if (!(newMean >= 0) || double.IsInfinity(newMean))
            throw new ArgumentOutOfRangeException(nameof(newMean), newMean, "The overridden mean must be a finite number ≥ 0.");
        if (modelMean > ZeroMean)
        {
            var ratio = newMean / modelMean;
            return [.. modelQuantiles.Select(q => Math.Max(0, q * ratio))];
        }
        if (newMean <= ZeroMean)
            return [.. levels.Select(_ => 0.0)];
        var sd = Math.Sqrt(newMean);
        return [.. levels.Select(p => Math.Max(0, Normal.InvCDF(newMean, sd, p)))];
    }

    /// <summary>The mean a percentage change gives: <c>mean × (1 + percent / 100)</c>, never below zero.</summary>
    public static double ByPercent(double modelMean, double percent) => Math.Max(0, modelMean * (1 + percent / 100));
}
