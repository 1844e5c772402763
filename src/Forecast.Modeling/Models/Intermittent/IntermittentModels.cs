using Forecast.Modeling.Series;

namespace Forecast.Modeling.Models.Intermittent;

/// <summary>Which Croston estimator to use.</summary>
public enum CrostonVariant
{
    /// <summary>Croston (1972): smoothed size / smoothed interval.</summary>
    Classic,
    /// <summary>Syntetos–Boylan approximation (2005): Croston × (1 − α/2), removing its bias.</summary>
    Sba,
}

/// <summary>
/// Croston's method (Croston, J.D. (1972), "Forecasting and stock control for intermittent demands", <i>Operational
/// Research Quarterly</i> 23(3), 289–303) as R's <c>forecast::croston</c>: SES with fixed α on the non-zero sizes and on
/// the intervals between them, each started at its first value; the forecast is their ratio. The SBA variant multiplies
/// by 1 − α/2 (Syntetos, A.A. &amp; Boylan, J.E. (2005), "The accuracy of intermittent demand estimates", <i>IJF</i> 21(2),
/// 303–314). Never negative for non-negative data. Intervals: empirical quantiles of the one-step in-sample errors.
/// </summary>
public sealed record CrostonModel(CrostonVariant Variant = CrostonVariant.Classic, double Alpha = 0.1) : IForecastModel
{
    /// <inheritdoc />
    public string Name => Variant == CrostonVariant.Sba ? "sba" : "croston";

    /// <inheritdoc />
    public IFittedModel Fit(RegularSeries series)
    {
        var y = series.Values;
        var n = y.Length;
        var fitted = new double[n];
        var sizes = new List<double>();
        var intervals = new List<double>();
        var last = -1;
        for (var t = 0; t < n; t++)
        {
            if (y[t] > 0)
            {
                sizes.Add(y[t]);
                intervals.Add(t - last);
                last = t;
            }
        }
        var factor = Variant == CrostonVariant.Sba ? 1 - Alpha / 2 : 1;
        double forecast;
        if (sizes.Count == 0)
        {
            forecast = 0;
        }
        else if (sizes.Count == 1)
        {
            forecast = sizes[0] / intervals[0] * factor;
        }
        else
        {
            forecast = Ses.Level(sizes.ToArray(), Alpha) / Ses.Level(intervals.ToArray(), Alpha) * factor;
        }
        // In-sample one-step forecasts: the ratio as known before each period.
        double z = double.NaN, p = double.NaN;
        var lastDemand = -1;
        for (var t = 0; t < n; t++)
        {
            fitted[t] = double.IsNaN(z) ? double.NaN : z / p * factor;
            if (y[t] > 0)
            {
                var q = t - lastDemand;
                if (double.IsNaN(z))
                {
                    z = y[t];
                    p = q;
                }
                else
                {
                    z += Alpha * (y[t] - z);
                    p += Alpha * (q - p);
                }
                lastDemand = t;
            }
        }
        return new FlatForecast($"{(Variant == CrostonVariant.Sba ? "SBA" : "Croston")}(α={Alpha})", forecast, y, fitted);
    }
}

/// <summary>
/// Teunter–Syntetos–Babai method (Teunter, R.H., Syntetos, A.A. &amp; Babai, M.Z. (2011), "Intermittent demand: linking
/// forecasting to inventory obsolescence", <i>EJOR</i> 214(3), 606–615): the demand probability is smoothed every period
/// (so it decays when demand stops) and the size when demand occurs; forecast = probability × size.
/// </summary>
public sealed record TsbModel(double AlphaSize = 0.1, double AlphaProbability = 0.1) : IForecastModel
{
    /// <inheritdoc />
    public string Name => "tsb";

    /// <inheritdoc />
    public IFittedModel Fit(RegularSeries series)
    {
        var y = series.Values;
        var n = y.Length;
        var first = Array.FindIndex(y, v => v > 0);
        var fitted = new double[n];
        if (first < 0)
            return new FlatForecast("TSB", 0, y, fitted);
        var prob = 0.0;
        for (var t = 0; t < n; t++)
            prob += y[t] > 0 ? 1 : 0;
        prob /= n;
        var size = y[first];
        for (var t = 0; t < n; t++)
        {
            fitted[t] = prob * size;
            var occurred = y[t] > 0 ? 1.0 : 0.0;
            prob += AlphaProbability * (occurred - prob);
            if (y[t] > 0)
                size += AlphaSize * (y[t] - size);
        }
        return new FlatForecast($"TSB(αd={AlphaSize}, αp={AlphaProbability})", prob * size, y, fitted);
    }
}

/// <summary>
/// ADIDA, the aggregate–disaggregate intermittent demand approach (Nikolopoulos, K., Syntetos, A.A., Boylan, J.E.,
/// Petropoulos, F. &amp; Assimakopoulos, V. (2011), "An aggregate–disaggregate intermittent demand approach (ADIDA) to
/// forecasting", <i>JORS</i> 62(3), 544–554): sums non-overlapping buckets as long as the mean inter-demand interval,
/// forecasts the bucket totals with SES (α by MSE in [0.1, 0.3]) and spreads the result evenly.
/// </summary>
public sealed record AdidaModel : IForecastModel
{
    /// <inheritdoc />
    public string Name => "adida";

    /// <inheritdoc />
    public IFittedModel Fit(RegularSeries series)
    {
        var y = series.Values;
        var level = Aggregation.MeanIntervalLevel(y);
        var forecast = Aggregation.Forecast(y, level);
        return new FlatForecast($"ADIDA(k={level})", forecast, y, Aggregation.Fitted(y));
    }
}

/// <summary>
/// IMAPA, the intermittent multiple aggregation prediction algorithm (Petropoulos, F. &amp; Kourentzes, N. (2015),
/// "Forecast combinations for intermittent demand", <i>JORS</i> 66(6), 914–924): the mean of the ADIDA forecasts over
/// every aggregation level from 1 to the mean inter-demand interval.
/// </summary>
public sealed record ImapaModel : IForecastModel
{
    /// <inheritdoc />
    public string Name => "imapa";

    /// <inheritdoc />
    public IFittedModel Fit(RegularSeries series)
    {
        var y = series.Values;
        var maxLevel = Aggregation.MeanIntervalLevel(y);
        var sum = 0.0;
        for (var k = 1; k <= maxLevel; k++)
            sum += Aggregation.Forecast(y, k);
        return new FlatForecast($"IMAPA(k≤{maxLevel})", sum / maxLevel, y, Aggregation.Fitted(y));
    }
}

internal static class Aggregation
{
    /// <summary>The mean interval between demands, rounded, at least 1 and at most n/2.</summary>
    public static int MeanIntervalLevel(double[] y)
    {
        var nonZero = y.Count(v => v > 0);
        if (nonZero == 0)
            return 1;
        var level = (int)Math.Round((double)y.Length / nonZero, MidpointRounding.AwayFromZero);
        return Math.Clamp(level, 1, Math.Max(1, y.Length / 2));
    }

    /// <summary>Per-period forecast from SES on buckets of <paramref name="k"/> periods that end at the last period.</summary>
    public static double Forecast(double[] y, int k)
    {
        var buckets = y.Length / k;
        if (buckets == 0)
            return y.Average();
        var start = y.Length - buckets * k;
        var agg = new double[buckets];
        for (var b = 0; b < buckets; b++)
        {
            for (var j = 0; j < k; j++)
                agg[b] += y[start + b * k + j];
        }
        if (agg.All(v => v == 0))
            return 0;
        var alpha = Ses.OptimalAlpha(agg);
        return Math.Max(0, Ses.Level(agg, alpha)) / k;
    }

    /// <summary>One-step in-sample SES fits at the original frequency (the errors behind the intervals).</summary>
    public static double[] Fitted(double[] y)
    {
        var fitted = new double[y.Length];
        Ses.Level(y, Ses.OptimalAlpha(y), fitted);
        return fitted;
    }
}

/// <summary>A flat forecast with intervals from the empirical quantiles of the one-step in-sample errors, clipped at zero.</summary>
internal sealed class FlatForecast(string description, double forecast, double[] y, double[] fitted) : IFittedModel
{
    public string Description => description;
    public IReadOnlyList<double> Fitted => fitted;

    public ForecastResult Predict(int horizon, IReadOnlyList<double> levels)
    {
        var mean = Enumerable.Repeat(forecast, horizon).ToArray();
        var errors = new List<double>(y.Length);
        for (var t = 0; t < y.Length; t++)
        {
            var e = y[t] - fitted[t];
            if (double.IsFinite(e))
                errors.Add(e);
        }
        errors.Sort();
        var list = new List<PredictionInterval>();
        foreach (var level in levels)
        {
            double lo = 0, hi = 0;
            if (errors.Count > 0)
            {
                lo = Quantile(errors, 0.5 - level / 200);
                hi = Quantile(errors, 0.5 + level / 200);
            }
            list.Add(new PredictionInterval(level,
                Enumerable.Repeat(Math.Max(0, forecast + lo), horizon).ToArray(),
                Enumerable.Repeat(Math.Max(forecast, forecast + hi), horizon).ToArray()));
        }
        return new ForecastResult(mean, list);
    }

    /// <summary>Type-7 (R default) quantile of sorted values.</summary>
    internal static double Quantile(List<double> sorted, double p)
    {
        var h = (sorted.Count - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
