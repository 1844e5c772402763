namespace Forecast.Modeling.Series;

/// <summary>
/// Classical decomposition by moving averages and the sample autocorrelation function, as R's
/// <c>stats::decompose</c> and <c>stats::acf</c> compute them (Kendall &amp; Stuart (1983), <i>The Advanced
/// Theory of Statistics</i> vol. 3; Hyndman &amp; Athanasopoulos, <i>FPP3</i> §3.4).
/// </summary>
public static class Decomposition
{
    /// <summary>
    /// The seasonal component of a classical decomposition: a centred moving average of order m (2×m for even m)
    /// as trend, the mean detrended value per season position, normalised to sum to 0 (additive) or m (multiplicative).
    /// Returns one index per period of <paramref name="y"/> (index i has position i mod m). Needs at least 2m values.
    /// </summary>
    public static double[] SeasonalIndices(ReadOnlySpan<double> y, int m, bool multiplicative)
    {
        var n = y.Length;
        if (m < 2 || n < 2 * m)
            throw new ArgumentException($"A classical decomposition needs at least two full seasons ({2 * m} values); got {n}.", nameof(y));
        var figure = new double[m];
        var count = new int[m];
        var half = m / 2;
        for (var t = half; t < n - half; t++)
        {
            double trend;
            if (m % 2 == 0)
            {
                var s = 0.5 * (y[t - half] + y[t + half]);
                for (var j = t - half + 1; j < t + half; j++)
                    s += y[j];
                trend = s / m;
            }
            else
            {
                var s = 0.0;
                for (var j = t - half; j <= t + half; j++)
                    s += y[j];
                trend = s / m;
            }
            var detrended = multiplicative ? y[t] / trend : y[t] - trend;
            if (!double.IsFinite(detrended))
                continue;
            figure[t % m] += detrended;
            count[t % m]++;
        }
        var mean = 0.0;
        for (var i = 0; i < m; i++)
        {
            figure[i] = count[i] > 0 ? figure[i] / count[i] : (multiplicative ? 1 : 0);
            mean += figure[i] / m;
        }
        for (var i = 0; i < m; i++)
            figure[i] = multiplicative ? figure[i] / mean : figure[i] - mean;
        var seasonal = new double[n];
        for (var t = 0; t < n; t++)
            seasonal[t] = figure[t % m];
        return seasonal;
    }

    /// <summary>Sample autocorrelations r_1..r_maxLag (biased estimator, divided by n, as R's <c>acf</c>).</summary>
    public static double[] Autocorrelations(ReadOnlySpan<double> y, int maxLag)
    {
        var n = y.Length;
        var mean = 0.0;
        foreach (var v in y)
            mean += v;
        mean /= n;
        var c0 = 0.0;
        foreach (var v in y)
            c0 += (v - mean) * (v - mean);
        var r = new double[maxLag];
        for (var k = 1; k <= maxLag; k++)
        {
            var c = 0.0;
            for (var t = k; t < n; t++)
                c += (y[t] - mean) * (y[t - k] - mean);
            r[k - 1] = c0 > 0 ? c / c0 : 0;
        }
        return r;
    }

    /// <summary>
    /// The seasonality test of R's <c>forecast::thetaf</c> (after Assimakopoulos &amp; Nikolopoulos 2000): seasonal when
    /// |r_m| exceeds 1.645·sqrt((1 + 2Σ_{k&lt;m} r_k²)/n), i.e. a one-sided 90% test on the lag-m autocorrelation.
    /// Only applies to non-constant series longer than 2m.
    /// </summary>
    public static bool IsSeasonal(ReadOnlySpan<double> y, int m)
    {
        if (m < 2 || y.Length <= 2 * m || IsConstant(y))
            return false;
        var r = Autocorrelations(y, m);
        var s = 0.0;
        for (var k = 0; k < m - 1; k++)
            s += r[k] * r[k];
        var stat = Math.Sqrt((1 + 2 * s) / y.Length);
        return Math.Abs(r[m - 1]) / stat > 1.6448536269514722;
    }

    /// <summary>True when all values are equal.</summary>
    public static bool IsConstant(ReadOnlySpan<double> y)
    {
        foreach (var v in y)
        {
            if (v != y[0])
                return false;
        }
        return true;
    }
}
