using Forecast.Modeling.Models;
using Forecast.Modeling.Series;

namespace Forecast.Modeling.Evaluation;

/// <summary>One rolling-origin window: fit on periods [0, <see cref="Cutoff"/>), forecast the next <see cref="Horizon"/>.</summary>
public readonly record struct CvWindow(int Cutoff, int Horizon);

/// <summary>One model's forecasts in one window, next to the actuals (statsforecast's <c>cross_validation</c> rows).</summary>
/// <param name="Window">The window.</param>
/// <param name="Actual">The held-out values.</param>
/// <param name="Mean">The forecasts.</param>
/// <param name="Sd">Per-step spread implied by the model's 80% interval (NaN where it gave none).</param>
public sealed record CvForecast(CvWindow Window, double[] Actual, double[] Mean, double[] Sd);

/// <summary>
/// Rolling-origin evaluation with explicit cutoffs, in time order only (Tashman, L.J. (2000), "Out-of-sample tests of
/// forecasting accuracy: an analysis and review", <i>IJF</i> 16(4), 437–450; Hyndman &amp; Athanasopoulos, <i>FPP3</i> §5.10):
/// the last window ends at the last observation and earlier ones step back by <c>step</c> periods.
/// </summary>
public static class RollingOrigin
{
    /// <summary>
    /// Up to <paramref name="windows"/> cutoffs for series of length <paramref name="n"/>, each leaving at least
    /// <paramref name="minTrain"/> training periods; the last window's cutoff is n − horizon. Oldest first.
    /// </summary>
    public static IReadOnlyList<CvWindow> Cutoffs(int n, int horizon, int windows, int step, int minTrain)
    {
        var list = new List<CvWindow>();
        for (var w = windows - 1; w >= 0; w--)
        {
            var cutoff = n - horizon - w * step;
            if (cutoff >= minTrain && cutoff < n)
                list.Add(new CvWindow(cutoff, Math.Min(horizon, n - cutoff)));
        }
        return list;
    }

    private static readonly double Z80 = Intervals.NormalQuantile(80);

    /// <summary>Fits <paramref name="model"/> at each cutoff and forecasts the window; a failing fit gives NaN forecasts.</summary>
    public static List<CvForecast> Run(IForecastModel model, RegularSeries series, IReadOnlyList<CvWindow> windows)
    {
        var result = new List<CvForecast>(windows.Count);
        foreach (var w in windows)
            result.Add(Run(model, series, w, out _));
        return result;
    }

    /// <summary>Fits <paramref name="model"/> at one cutoff and forecasts the window; <paramref name="fit"/> is null when the fit failed.</summary>
    public static CvForecast Run(IForecastModel model, RegularSeries series, CvWindow w, out IFittedModel? fit)
    {
        var actual = series.Values.AsSpan(w.Cutoff, w.Horizon).ToArray();
        double[] mean;
        var sd = new double[w.Horizon];
        try
        {
            fit = model.Fit(series.Head(w.Cutoff));
            var f = fit.Predict(w.Horizon, [80]);
            mean = f.Mean;
            var interval = f.Intervals.Count > 0 ? f.Intervals[0] : null;
            for (var k = 0; k < w.Horizon; k++)
                sd[k] = interval is null ? double.NaN : (interval.Upper[k] - interval.Lower[k]) / (2 * Z80);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException)
        {
            fit = null;
            mean = Enumerable.Repeat(double.NaN, w.Horizon).ToArray();
            Array.Fill(sd, double.NaN);
        }
        return new CvForecast(w, actual, mean, sd);
    }
}
