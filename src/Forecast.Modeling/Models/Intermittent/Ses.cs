namespace Forecast.Modeling.Models.Intermittent;

/// <summary>
/// Simple exponential smoothing started at the first value (R's <c>ses(initial = "simple")</c>, i.e. <c>HoltWinters</c>
/// with <c>l.start = x[1]</c>; Brown (1959)), the building block of the intermittent-demand methods.
/// </summary>
internal static class Ses
{
    /// <summary>Final level after smoothing <paramref name="y"/> with <paramref name="alpha"/>; fills the one-step fitted values if given.</summary>
    public static double Level(ReadOnlySpan<double> y, double alpha, Span<double> fitted = default)
    {
        var l = y[0];
        if (!fitted.IsEmpty)
            fitted[0] = double.NaN;
        for (var t = 1; t < y.Length; t++)
        {
            if (!fitted.IsEmpty)
                fitted[t] = l;
            l += alpha * (y[t] - l);
        }
        return l;
    }

    /// <summary>One-step in-sample MSE of SES with <paramref name="alpha"/>.</summary>
    public static double Mse(ReadOnlySpan<double> y, double alpha)
    {
        var l = y[0];
        var ss = 0.0;
        for (var t = 1; t < y.Length; t++)
        {
            var e = y[t] - l;
            ss += e * e;
            l += alpha * e;
        }
        return y.Length > 1 ? ss / (y.Length - 1) : 0;
    }

    /// <summary>α in [lo, hi] minimising the one-step MSE (golden-section search, as statsforecast's bounded scalar search).</summary>
    public static double OptimalAlpha(ReadOnlySpan<double> y, double lo = 0.1, double hi = 0.3)
    {
        if (y.Length < 3)
            return lo;
        const double g = 0.6180339887498949;
        double a = lo, b = hi;
        var c = b - g * (b - a);
        var d = a + g * (b - a);
        var fc = Mse(y, c);
        var fd = Mse(y, d);
        for (var i = 0; i < 30; i++)
        {
            if (fc < fd)
            {
                b = d;
                d = c;
                fd = fc;
                c = b - g * (b - a);
                fc = Mse(y, c);
            }
            else
            {
                a = c;
                c = d;
                fc = fd;
                d = a + g * (b - a);
                fd = Mse(y, d);
            }
        }
        return (a + b) / 2;
    }
}
