using Forecast.Modeling.Evaluation;
using Forecast.Modeling.Models.Ets;
using Forecast.Modeling.Models.Intermittent;
using Forecast.Modeling.Models.Theta;
using Forecast.Modeling.Series;

namespace Forecast.Modeling.Models.Auto;

/// <summary>How <see cref="AutoModel"/> turns the cross-validated candidates into one forecast.</summary>
public enum SelectionMode
{
    /// <summary>The candidate with the lowest CV error.</summary>
    Best,
    /// <summary>The mean of the <see cref="AutoModel.BestCount"/> best (a combination, Clemen 1989; Petropoulos &amp; Svetunkov 2020).</summary>
    MeanOfBest,
    /// <summary>The median of the <see cref="AutoModel.BestCount"/> best.</summary>
    MedianOfBest,
}

/// <summary>The error a candidate is ranked by.</summary>
public enum CvMetric
{
    /// <summary>Mean absolute error (ranks as MASE within a series).</summary>
    Mae,
    /// <summary>Root mean squared error (ranks as RMSSE; does not reward forecasting zero for intermittent demand).</summary>
    Rmse,
}

/// <summary>
/// Automatic forecasting per series: classifies the series (Syntetos–Boylan ADI/CV², <see cref="DemandClassifier"/>),
/// evaluates that class's candidates by rolling-origin cross-validation with explicit cutoffs
/// (<see cref="RollingOrigin"/>), keeps the best or combines the best few, and sets intervals by split conformal
/// prediction on the CV errors (Vovk, Gammerman &amp; Shafer (2005), <i>Algorithmic Learning in a Random World</i>;
/// normalised scores |e|/σ̂ₖ as Papadopoulos et al. (2011), "Regression conformal prediction with nearest neighbours",
/// <i>JAIR</i> 40, where σ̂ₖ is the spread a candidate's own 80% interval implies at step k). Demand (non-negative data)
/// is never forecast negative.
/// </summary>
public sealed record AutoModel : IForecastModel
{
    /// <summary>Steps per CV window (normally the forecast horizon).</summary>
    public int Horizon { get; init; } = 12;

    /// <summary>Number of rolling-origin windows.</summary>
    public int Windows { get; init; } = 3;

    /// <summary>Periods between cutoffs; null = <see cref="Horizon"/>.</summary>
    public int? Step { get; init; }

    /// <summary>How candidates become a forecast.</summary>
    public SelectionMode Selection { get; init; } = SelectionMode.MeanOfBest;

    /// <summary>How many of the best candidates are combined.</summary>
    public int BestCount { get; init; } = 2;

    /// <summary>Candidates for smooth and erratic series; null = <see cref="DefaultSmooth"/> (ETS and Theta).</summary>
    public IReadOnlyList<IForecastModel>? SmoothCandidates { get; init; }

    /// <summary>Candidates for intermittent and lumpy series; null = Croston, SBA, TSB, ADIDA, IMAPA, window average.</summary>
    public IReadOnlyList<IForecastModel>? IntermittentCandidates { get; init; }

    /// <summary>Ranking error for smooth/erratic series.</summary>
    public CvMetric SmoothMetric { get; init; } = CvMetric.Mae;

    /// <summary>Ranking error for intermittent/lumpy series.</summary>
    public CvMetric IntermittentMetric { get; init; } = CvMetric.Rmse;

    /// <summary>Clip forecasts and bounds at zero; null = when every observation is ≥ 0.</summary>
    public bool? NonNegative { get; init; }

    /// <summary>Model used when no candidate can be fitted.</summary>
    public IForecastModel LastResort { get; init; } = new NaiveModel();

    /// <inheritdoc />
    public string Name => "auto";

    /// <summary>The default smooth candidates.</summary>
    /// <remarks>
    /// On M3 monthly, letting two or three CV windows pick among more candidates (seasonal naive, drift) scored worse
    /// than always combining ETS and Theta (docs/forecasting.md, "auto: selection versus combination"), so the default
    /// smooth pool is the combination; the CV windows then set the conformal intervals and the reported backtest error.
    /// </remarks>
    public static IReadOnlyList<IForecastModel> DefaultSmooth { get; } = [new EtsModel(), new ThetaModel()];

    /// <summary>The default intermittent candidates.</summary>
    public static IReadOnlyList<IForecastModel> DefaultIntermittent { get; } =
        [new CrostonModel(), new CrostonModel(CrostonVariant.Sba), new TsbModel(), new AdidaModel(), new ImapaModel(), new WindowAverageModel(6)];

    /// <inheritdoc />
    public IFittedModel Fit(RegularSeries series) => FitAuto(series);

    /// <summary>Fits and returns the typed result (class, CV scores, chosen models).</summary>
    public AutoFit FitAuto(RegularSeries series)
    {
        var y = series.Values;
        var m = series.SeasonLength;
        var profile = DemandClassifier.Classify(y);
        var intermittent = profile.Pattern is DemandPattern.Intermittent or DemandPattern.Lumpy;
        var candidates = intermittent ? IntermittentCandidates ?? DefaultIntermittent : SmoothCandidates ?? DefaultSmooth;
        var metric = intermittent ? IntermittentMetric : SmoothMetric;
        var nonNegative = NonNegative ?? series.IsNonNegative;

        // Seasonal models want two seasons to start from, but a short history (e.g. 78 weeks with m = 52) is still
        // backtested on its second half rather than not at all.
        var minTrain = m > 1 ? Math.Min(2 * m + 2, Math.Max(8, y.Length / 2)) : 8;
        var windows = RollingOrigin.Cutoffs(y.Length, Horizon, Windows, Step ?? Horizon, minTrain);
        // Each candidate is fitted on the full history first: that fit serves the forecast, and lets a candidate such as
        // ETS fix its form for the CV refits (ICrossValidationProxy).
        var scored = new List<(IForecastModel Model, IFittedModel? Fit, double Score, List<CvForecast> Cv)>();
        foreach (var candidate in candidates)
        {
            IFittedModel? fit = null;
            try
            {
                fit = candidate.Fit(series);
                if (!fit.Predict(1, [80]).IsFinite)
                    fit = null;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException)
            {
            }
            if (fit is null)
            {
                scored.Add((candidate, null, double.PositiveInfinity, []));
                continue;
            }
            var cvModel = candidate is ICrossValidationProxy proxy ? proxy.ForWindows(fit) : candidate;
            var cv = RollingOrigin.Run(cvModel, series, windows);
            scored.Add((candidate, fit, windows.Count > 0 ? Score(cv, metric) : double.NaN, cv));
        }
        var take = Selection == SelectionMode.Best ? 1 : Math.Max(1, BestCount);
        // Without CV windows the candidates keep their listed order (the first ones are the defaults).
        var pool = scored.Where(s => s.Fit is not null && (windows.Count == 0 || double.IsFinite(s.Score)));
        if (windows.Count > 0)
            pool = pool.OrderBy(s => s.Score);
        var chosenList = pool.Take(take).ToList();
        var chosen = chosenList.Select(c => (c.Model, c.Cv)).ToList();
        var fits = chosenList.Select(c => c.Fit!).ToList();
        if (fits.Count == 0)
        {
            fits.Add(LastResort.Fit(series));
            chosen.Add((LastResort, RollingOrigin.Run(LastResort, series, windows)));
        }

        // Conformal scores of the combination actually served.
        var scores = new List<double>();
        double cvMase = double.NaN;
        if (windows.Count > 0 && chosen.All(c => c.Cv.Count == windows.Count))
        {
            double absSum = 0;
            var count = 0;
            for (var w = 0; w < windows.Count; w++)
            {
                var h = windows[w].Horizon;
                for (var k = 0; k < h; k++)
                {
                    var means = chosen.Select(c => c.Cv[w].Mean[k]).ToArray();
                    var sds = chosen.Select(c => c.Cv[w].Sd[k]).ToArray();
                    var mean = Combine(means);
                    if (nonNegative)
                        mean = Math.Max(0, mean);
                    var actual = chosen[0].Cv[w].Actual[k];
                    var e = actual - mean;
                    if (!double.IsFinite(e))
                        continue;
                    absSum += Math.Abs(e);
                    count++;
                    var sd = sds.All(double.IsFinite) ? sds.Average() : double.NaN;
                    scores.Add(sd > 0 ? Math.Abs(e) / sd : double.NaN);
                }
            }
            var scale = Accuracy.NaiveMae(y, m);
            cvMase = count > 0 && scale > 0 ? absSum / count / scale : double.NaN;
        }
        if (scores.Any(double.IsNaN))
            scores.Clear();
        scores.Sort();
        return new AutoFit(fits, [.. chosen.Select(c => c.Model.Name)], profile, [.. scored.Select(s => (s.Model.Name, s.Score))],
            [.. scores], cvMase, nonNegative, Selection == SelectionMode.MedianOfBest, windows.Count);
    }

    private double Combine(double[] values) => Selection == SelectionMode.MedianOfBest ? Median(values) : values.Average();

    internal static double Median(double[] values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double Score(List<CvForecast> cv, CvMetric metric)
    {
        if (cv.Count == 0)
            return double.NaN;
        double s = 0;
        var n = 0;
        foreach (var window in cv)
        {
            for (var k = 0; k < window.Actual.Length; k++)
            {
                var e = window.Actual[k] - window.Mean[k];
                if (double.IsNaN(window.Mean[k]) || double.IsInfinity(e))
                    return double.PositiveInfinity;
                if (double.IsNaN(e))
                    continue;
                s += metric == CvMetric.Mae ? Math.Abs(e) : e * e;
                n++;
            }
        }
        if (n == 0)
            return double.NaN;
        return metric == CvMetric.Mae ? s / n : Math.Sqrt(s / n);
    }
}

/// <summary>The state <see cref="AutoModel"/> fits: the chosen models, the class, the CV scores and the conformal scores.</summary>
public sealed class AutoFit : IFittedModel
{
    private readonly IReadOnlyList<IFittedModel> _fits;
    private readonly double[] _conformalScores;
    private readonly bool _nonNegative;
    private readonly bool _median;

    internal AutoFit(IReadOnlyList<IFittedModel> fits, string[] chosen, DemandProfile profile, IReadOnlyList<(string Model, double Score)> cvScores,
        double[] conformalScores, double cvMase, bool nonNegative, bool median, int windows)
    {
        _fits = fits;
        Chosen = chosen;
        Profile = profile;
        CvScores = cvScores;
        _conformalScores = conformalScores;
        CvMase = cvMase;
        _nonNegative = nonNegative;
        _median = median;
        WindowCount = windows;
        var n = fits[0].Fitted.Count;
        var fitted = new double[n];
        for (var t = 0; t < n; t++)
        {
            var values = fits.Select(f => f.Fitted[t]).ToArray();
            fitted[t] = median ? AutoModel.Median(values) : values.Average();
        }
        Fitted = fitted;
    }

    /// <summary>Names of the models combined (one when <see cref="SelectionMode.Best"/>).</summary>
    public IReadOnlyList<string> Chosen { get; }

    /// <summary>The demand class that chose the candidate set.</summary>
    public DemandProfile Profile { get; }

    /// <summary>Each candidate's CV error (MAE or RMSE), NaN without windows, +∞ when it failed.</summary>
    public IReadOnlyList<(string Model, double Score)> CvScores { get; }

    /// <summary>MASE of the served combination over the CV windows (scaled by the series' in-sample seasonal naive MAE).</summary>
    public double CvMase { get; }

    /// <summary>Rolling-origin windows used.</summary>
    public int WindowCount { get; }

    /// <summary>True when the intervals are conformal (enough CV errors), false when they are the models' own.</summary>
    public bool ConformalIntervals => _conformalScores.Length >= 5;

    /// <inheritdoc />
    public string Description => $"auto[{Profile.Pattern}]({string.Join("+", _fits.Select(f => f.Description))})";

    /// <inheritdoc />
    public IReadOnlyList<double> Fitted { get; }

    /// <inheritdoc />
    public ForecastResult Predict(int horizon, IReadOnlyList<double> levels)
    {
        var z80 = Intervals.NormalQuantile(80);
        var mean = new double[horizon];
        var sd = new double[horizon];
        var forecasts = _fits.Select(f => f.Predict(horizon, [80])).ToList();
        for (var k = 0; k < horizon; k++)
        {
            var means = forecasts.Select(f => f.Mean[k]).ToArray();
            mean[k] = _median ? AutoModel.Median(means) : means.Average();
            sd[k] = forecasts.Average(f => f.Intervals.Count > 0 ? (f.Intervals[0].Upper[k] - f.Intervals[0].Lower[k]) / (2 * z80) : 0);
        }
        ForecastResult result;
        if (ConformalIntervals)
        {
            var list = new List<PredictionInterval>();
            foreach (var level in levels)
            {
                // Conformal calibration only widens: with a few dozen CV errors per series the quantile is noisy, and
                // falling below the models' own Gaussian width under-covered on M3 (docs/forecasting.md).
                var q = Math.Max(ConformalQuantile(_conformalScores, level / 100), Intervals.NormalQuantile(level));
                list.Add(new PredictionInterval(level, [.. mean.Select((v, k) => v - q * sd[k])], [.. mean.Select((v, k) => v + q * sd[k])]));
            }
            result = new ForecastResult(mean, list);
        }
        else
        {
            result = Intervals.Gaussian(mean, sd, levels);
        }
        return _nonNegative ? result.ClipAtZero() : result;
    }

    /// <summary>The ⌈(n+1)p⌉-th smallest score (split conformal), capped at the largest.</summary>
    internal static double ConformalQuantile(double[] sorted, double p)
    {
        var rank = (int)Math.Ceiling((sorted.Length + 1) * p);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
