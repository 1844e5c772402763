namespace Forecast.Modeling.Models.Arima;

/// <summary>
/// The differencing decisions of R's <c>forecast::ndiffs</c> and <c>forecast::nsdiffs</c> (defaults of forecast 8.20):
/// repeated KPSS level-stationarity tests (Kwiatkowski, D., Phillips, P.C.B., Schmidt, P. &amp; Shin, Y. (1992), "Testing
/// the null hypothesis of stationarity against the alternative of a unit root", <i>Journal of Econometrics</i> 54,
/// 159–178; statistic as <c>urca::ur.kpss</c>) and the seasonal strength heuristic (Wang, X., Smith, K.A. &amp; Hyndman,
/// R.J. (2006), "Characteristic-based clustering for time series data", <i>Data Mining and Knowledge Discovery</i> 13(3);
/// strength from an STL decomposition, differencing when above 0.64).
/// </summary>
public static class UnitRootTests
{
    /// <summary>The KPSS 5% critical value for the level (μ) case.</summary>
    public const double KpssCritical5 = 0.463;

    /// <summary>True when all values are equal up to R's <c>all.equal</c> tolerance (mean relative difference ≤ 1.5e-8).</summary>
    public static bool IsConstant(ReadOnlySpan<double> x)
    {
        if (x.IsEmpty)
            return true;
        double diff = 0, size = 0;
        foreach (var v in x)
        {
            diff += Math.Abs(v - x[0]);
            size += Math.Abs(v);
        }
        diff /= x.Length;
        size /= x.Length;
        const double tolerance = 1.5e-8;
        if (double.IsFinite(size) && size > tolerance)
            diff /= size;
        return diff <= tolerance;
    }

    /// <summary>The KPSS level statistic with R's <c>ndiffs</c> lag truncation ⌊3√n/13⌋ and Bartlett weights.</summary>
    public static double Kpss(ReadOnlySpan<double> x)
    {
        var n = x.Length;
        var mean = 0.0;
        foreach (var v in x)
            mean += v;
        mean /= n;
        var e = new double[n];
        for (var i = 0; i < n; i++)
            e[i] = x[i] - mean;
        double s = 0, numerator = 0, s2 = 0;
        for (var i = 0; i < n; i++)
        {
            s += e[i];
            numerator += s * s;
            s2 += e[i] * e[i];
        }
        numerator /= (double)n * n;
        s2 /= n;
        var lags = (int)Math.Truncate(3 * Math.Sqrt(n) / 13);
        var denominator = s2;
        for (var l = 1; l <= lags; l++)
        {
            var cov = 0.0;
            for (var i = l; i < n; i++)
                cov += e[i] * e[i - l];
            denominator += 2.0 / n * (1 - l / (lags + 1.0)) * cov;
        }
        return numerator / denominator;
    }

    /// <summary>Number of first differences (≤ <paramref name="maxD"/>) for level stationarity by KPSS at 5%, as <c>ndiffs(x)</c>.</summary>
    public static int FirstDifferences(ReadOnlySpan<double> x, int maxD = 2)
    {
        var d = 0;
        if (IsConstant(x))
            return d;
        var current = x.ToArray();
        var dodiff = Kpss(current) > KpssCritical5;
        while (dodiff && d < maxD)
        {
            d++;
            current = Diff(current, 1);
            if (IsConstant(current))
                return d;
            var stat = Kpss(current);
            if (double.IsNaN(stat))
                return d - 1;
            dodiff = stat > KpssCritical5;
        }
        return d;
    }

    /// <summary>Seasonal strength max(0, min(1, 1 − var(R)/var(S + R))) from STL with s.window = 11 (R's <c>seas.heuristic</c> via <c>mstl</c>).</summary>
    public static double SeasonalStrength(ReadOnlySpan<double> x, int period)
    {
        var (seasonal, trend) = Stl.Decompose(x, period, 11);
        var n = x.Length;
        var remainder = new double[n];
        var sum = new double[n];
        for (var i = 0; i < n; i++)
        {
            remainder[i] = x[i] - seasonal[i] - trend[i];
            sum[i] = remainder[i] + seasonal[i];
        }
        return Math.Max(0, Math.Min(1, 1 - Variance(remainder) / Variance(sum)));
    }

    /// <summary>Number of seasonal differences (0 or 1 by default) as <c>nsdiffs(x, test = "seas")</c>.</summary>
    public static int SeasonalDifferences(ReadOnlySpan<double> x, int period, int maxD = 1)
    {
        var d = 0;
        if (IsConstant(x) || period >= x.Length || period < 2)
            return d;
        var current = x.ToArray();
        var dodiff = Test(current);
        while (dodiff && d < maxD)
        {
            d++;
            current = Diff(current, period);
            if (IsConstant(current))
                return d;
            dodiff = current.Length >= 2 * period && d < maxD && Test(current);
        }
        return d;

        bool Test(double[] y)
        {
            try
            {
                return SeasonalStrength(y, period) > 0.64;
            }
            catch (ArgumentException)
            {
                // R's nsdiffs turns a failing test (e.g. fewer than two periods for STL) into "no difference".
                return false;
            }
        }
    }

    /// <summary>x[t] − x[t − lag], t ≥ lag.</summary>
    public static double[] Diff(ReadOnlySpan<double> x, int lag)
    {
        if (x.Length <= lag)
            return [];
        var r = new double[x.Length - lag];
        for (var i = 0; i < r.Length; i++)
            r[i] = x[i + lag] - x[i];
        return r;
    }

    private static double Variance(double[] x)
    {
        var mean = x.Average();
        var ss = 0.0;
        foreach (var v in x)
            ss += (v - mean) * (v - mean);
        return ss / (x.Length - 1);
    }
}
