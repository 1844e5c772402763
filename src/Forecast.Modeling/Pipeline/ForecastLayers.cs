using Forecast.Modeling.Models;

namespace Forecast.Modeling.Pipeline;

/// <summary>
/// Adds an independent layer of demand, known by its mean and variance per step, to a forecast with central intervals:
/// the means add, and each interval's half-widths (below and above the mean, kept apart so a skewed or zero-clipped
/// interval keeps its shape) grow in quadrature, h' = √(h² + z²·V), with z the standard normal quantile of the
/// interval's level — exactly the sum of independent Gaussians when the forecast's interval is Gaussian, and never
/// narrower than either part alone (Hyndman &amp; Athanasopoulos, <i>FPP3</i> §5.5 on combining forecast variances;
/// the probability-weighted pipeline's variance from <see cref="PipelineDemandCalculator"/>). Lower bounds stay at or
/// above zero when the forecast's do (demand is never negative).
/// </summary>
public static class ForecastLayers
{
    /// <param name="forecast">The baseline forecast.</param>
    /// <param name="mean">The layer's expected units per step (as many steps as the forecast).</param>
    /// <param name="variance">The layer's variance per step.</param>
    public static ForecastResult Add(ForecastResult forecast, IReadOnlyList<double> mean, IReadOnlyList<double> variance)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        var h = forecast.Mean.Length;
        if (mean.Count != h || variance.Count != h)
            throw new ArgumentException($"The layer has {mean.Count} means and {variance.Count} variances for {h} steps.", nameof(mean));
        var nonNegative = forecast.Mean.All(v => v >= 0) && forecast.Intervals.All(i => i.Lower.All(v => v >= 0));
        var combined = forecast.Mean.Select((m, k) => m + mean[k]).ToArray();
        var intervals = forecast.Intervals.Select(i =>
        {
            var z = Intervals.NormalQuantile(i.Level);
            var lower = new double[h];
            var upper = new double[h];
            for (var k = 0; k < h; k++)
            {
                var v = Math.Max(0, variance[k]);
                var below = Math.Max(0, forecast.Mean[k] - i.Lower[k]);
                var above = Math.Max(0, i.Upper[k] - forecast.Mean[k]);
                lower[k] = combined[k] - Math.Sqrt((below * below) + (z * z * v));
                upper[k] = combined[k] + Math.Sqrt((above * above) + (z * z * v));
                if (nonNegative)
                    lower[k] = Math.Max(0, lower[k]);
            }
            return new PredictionInterval(i.Level, lower, upper);
        }).ToList();
        return new ForecastResult(combined, intervals);
    }
}
