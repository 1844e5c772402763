using Forecast.Modeling.Series;
using MathNet.Numerics.Distributions;

namespace Forecast.Modeling.Models;

/// <summary>
/// Naive: every forecast is the last observation; intervals σ√h with σ² the mean squared one-step change
/// (Hyndman &amp; Athanasopoulos, <i>FPP3</i> §5.2 and Table 5.2; R's <c>forecast::naive</c>).
/// </summary>
public sealed record NaiveModel : IForecastModel
{
    /// <inheritdoc />
    public string Name => "naive";

    /// <inheritdoc />
    public IFittedModel Fit(RegularSeries series) => LagWalk.Fit(series.Values, 1, drift: false, "Naive");
}

/// <summary>
/// Seasonal naive: the value of the same season one cycle earlier; intervals σ√(⌊(h−1)/m⌋+1)
/// (<i>FPP3</i> §5.2; R's <c>forecast::snaive</c>). Falls back to naive when the series is shorter than one season.
/// </summary>
public sealed record SeasonalNaiveModel : IForecastModel
{
    /// <inheritdoc />
    public string Name => "snaive";

    /// <inheritdoc />
    public IFittedModel Fit(RegularSeries series)
    {
        var m = series.SeasonLength;
        return m > 1 && series.Length > m
            ? LagWalk.Fit(series.Values, m, drift: false, "SeasonalNaive")
            : LagWalk.Fit(series.Values, 1, drift: false, "Naive");
    }
}

/// <summary>
/// Random walk with drift: the last value plus h times the mean one-step change; intervals allow for the drift's
/// standard error, σ²h + (h·se(b))² (<i>FPP3</i> §5.2, Table 5.2; R's <c>forecast::rwf(drift = TRUE)</c>).
/// </summary>
public sealed record RandomWalkWithDriftModel : IForecastModel
{
    /// <inheritdoc />
    public string Name => "rwd";

    /// <inheritdoc />
    public IFittedModel Fit(RegularSeries series) => LagWalk.Fit(series.Values, 1, drift: true, "RandomWalkWithDrift");
}

/// <summary>
/// Historic average: every forecast is the mean of all observations; intervals with Student's t and
/// s·√(1 + 1/n) (<i>FPP3</i> §5.2; R's <c>forecast::meanf</c>).
/// </summary>
public sealed record HistoricAverageModel : IForecastModel
{
    /// <inheritdoc />
    public string Name => "mean";

    /// <inheritdoc />
    public IFittedModel Fit(RegularSeries series) => WindowMean.Fit(series.Values, series.Values.Length, "HistoricAverage");
}

/// <summary>
/// Window average: the mean of the last <see cref="Window"/> observations (a moving average forecast,
/// statsforecast's <c>WindowAverage</c>; Hyndman &amp; Athanasopoulos, <i>FPP3</i> §3.3); intervals as the historic
/// average's, computed on the window.
/// </summary>
public sealed record WindowAverageModel(int Window) : IForecastModel
{
    /// <inheritdoc />
    public string Name => "window_average";

    /// <inheritdoc />
    public IFittedModel Fit(RegularSeries series)
    {
        if (Window < 1)
            throw new ArgumentOutOfRangeException(nameof(series), Window, "The window must hold at least one period.");
        return WindowMean.Fit(series.Values, Math.Min(Window, series.Length), $"WindowAverage({Window})");
    }
}

/// <summary>The shared engine of naive, seasonal naive and drift: R's <c>lagwalk</c>.</summary>
internal static class LagWalk
{
    public static IFittedModel Fit(double[] y, int lag, bool drift, string description)
    {
        var n = y.Length;
        var fitted = new double[n];
        for (var i = 0; i < n; i++)
            fitted[i] = i >= lag ? y[i - lag] : double.NaN;
        double b = 0, bSe = 0;
        if (drift)
        {
            if (n < 2)
                throw new ArgumentException("A drift needs at least two observations.", nameof(y));
            var diffs = new double[n - lag];
            for (var i = lag; i < n; i++)
                diffs[i - lag] = y[i] - y[i - lag];
            b = diffs.Average();
            var sd = diffs.Length > 1 ? Math.Sqrt(diffs.Sum(d => (d - b) * (d - b)) / (diffs.Length - 1)) : 0;
            bSe = sd / Math.Sqrt(diffs.Length);
            for (var i = lag; i < n; i++)
                fitted[i] += b;
        }
        var ss = 0.0;
        var count = 0;
        for (var i = lag; i < n; i++)
        {
            var e = y[i] - fitted[i];
            ss += e * e;
            count++;
        }
        var dof = count - (drift && b != 0 ? 1 : 0);
        var mse = dof > 0 ? ss / dof : double.NaN;
        var future = y.AsSpan(Math.Max(0, n - lag)).ToArray();
        return new State(description, fitted, future, lag, b, bSe, mse);
    }

    private sealed class State(string description, double[] fitted, double[] future, int lag, double drift, double driftSe, double mse) : IFittedModel
    {
        public string Description => description;
        public IReadOnlyList<double> Fitted => fitted;

        public ForecastResult Predict(int horizon, IReadOnlyList<double> levels)
        {
            var mean = new double[horizon];
            var sd = new double[horizon];
            for (var h = 0; h < horizon; h++)
            {
                var steps = h / lag + 1;
                mean[h] = future[h % future.Length] + (drift != 0 ? (h + 1) * drift : 0);
                var s = lag == 1 ? h + 1 : steps;
                sd[h] = Math.Sqrt(mse * s + (s * driftSe) * (s * driftSe));
                if (!double.IsFinite(sd[h]))
                    sd[h] = 0;
            }
            return Intervals.Gaussian(mean, sd, levels);
        }
    }
}

/// <summary>The shared engine of historic and window averages: R's <c>meanf</c> on the last <c>window</c> values.</summary>
internal static class WindowMean
{
    public static IFittedModel Fit(double[] y, int window, string description)
    {
        var tail = y.AsSpan(y.Length - window);
        var mean = 0.0;
        foreach (var v in tail)
            mean += v;
        mean /= window;
        var ss = 0.0;
        foreach (var v in tail)
            ss += (v - mean) * (v - mean);
        var s = window > 1 ? Math.Sqrt(ss / (window - 1)) : 0;
        var fitted = new double[y.Length];
        Array.Fill(fitted, mean);
        return new State(description, fitted, mean, s, window);
    }

    private sealed class State(string description, double[] fitted, double mean, double sd, int n) : IFittedModel
    {
        public string Description => description;
        public IReadOnlyList<double> Fitted => fitted;

        public ForecastResult Predict(int horizon, IReadOnlyList<double> levels)
        {
            var means = Enumerable.Repeat(mean, horizon).ToArray();
            var list = new List<PredictionInterval>();
            foreach (var level in levels)
            {
                var t = n > 1 ? StudentT.InvCDF(0, 1, n - 1, 0.5 + level / 200) : 0;
                var w = t * sd * Math.Sqrt(1 + 1.0 / n);
                list.Add(new PredictionInterval(level, [.. means.Select(v => v - w)], [.. means.Select(v => v + w)]));
            }
            return new ForecastResult(means, list);
        }
    }
}
