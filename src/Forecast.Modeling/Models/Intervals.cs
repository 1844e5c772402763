using MathNet.Numerics.Distributions;

namespace Forecast.Modeling.Models;

/// <summary>Gaussian central intervals from a mean and a per-step standard deviation (Hyndman &amp; Athanasopoulos, <i>FPP3</i> §5.5).</summary>
public static class Intervals
{
    /// <summary>The standard normal quantile z with P(|Z| ≤ z) = level/100.</summary>
    public static double NormalQuantile(double level)
    {
        if (level <= 0 || level >= 100)
            throw new ArgumentOutOfRangeException(nameof(level), level, "A level is a percentage strictly between 0 and 100.");
        return Normal.InvCDF(0, 1, 0.5 + level / 200);
    }

    /// <summary>mean ± z(level)·sd per step, for each level.</summary>
    public static ForecastResult Gaussian(double[] mean, ReadOnlySpan<double> sd, IReadOnlyList<double> levels)
    {
        var list = new List<PredictionInterval>(levels.Count);
        foreach (var level in levels)
        {
            var z = NormalQuantile(level);
            var lo = new double[mean.Length];
            var hi = new double[mean.Length];
            for (var i = 0; i < mean.Length; i++)
            {
                lo[i] = mean[i] - z * sd[i];
                hi[i] = mean[i] + z * sd[i];
            }
            list.Add(new PredictionInterval(level, lo, hi));
        }
        return new ForecastResult(mean, list);
    }

    /// <summary>Standard deviation of one-step in-sample residuals y − fitted (NaN pairs skipped), with <paramref name="parameters"/> degrees of freedom removed.</summary>
    public static double ResidualSd(ReadOnlySpan<double> y, IReadOnlyList<double> fitted, int parameters = 0)
    {
        var ss = 0.0;
        var n = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var e = y[i] - fitted[i];
            if (!double.IsFinite(e))
                continue;
            ss += e * e;
            n++;
        }
        return n - parameters > 0 ? Math.Sqrt(ss / (n - parameters)) : n > 0 ? Math.Sqrt(ss / n) : double.NaN;
    }
}
