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
    /// <summary>The mean of the <see cref="AutoModel.BestCount"/> best, always (a combination, Clemen 1989; Petropoulos &amp; Svetunkov 2020).</summary>
    MeanOfBest,
    /// <summary>The median of the <see cref="AutoModel.BestCount"/> best.</summary>
    MedianOfBest,
    /// <summary>
    /// Each single candidate and each mean of 2 to <see cref="AutoModel.BestCount"/> of them scored on the same CV
    /// windows; the lowest error is served, so a combination is served only where it beats every single candidate.
    /// </summary>
    SingleOrCombination,
    /// <summary>
    /// Every candidate, weighted by the inverse of its squared CV error (Bates &amp; Granger 1969, "The combination of
    /// forecasts", <i>OR Quarterly</i> 20(4); the inverse-MSE weights of Timmermann 2006, <i>Handbook of Economic
    /// Forecasting</i> ch. 4): a candidate far worse in CV gets almost no weight, near-equal candidates are averaged,
    /// so a noisy CV ranking costs less than a hard choice does.
    /// </summary>
    Weighted,
    /// <summary>
    /// The equal mean of every candidate whose CV error is within <see cref="AutoModel.TrimRatio"/> of the best one's
    /// (trimming before averaging, Timmermann 2006 §7.2; Aiolfi &amp; Timmermann 2006): near-equal candidates are
    /// averaged, as the always-combine default did, and a candidate clearly worse in CV is dropped.
    /// </summary>
    Trimmed,
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
/// (<see cref="RollingOrigin"/>; a candidate that searches its own structure searches only on the earliest window's
/// data, <see cref="IStructureSearch"/>), serves the single candidate or the combination with the lowest CV error,
/// reports the error of that choice on windows it did not see, and sets intervals by split conformal
/// prediction on those errors (Vovk, Gammerman &amp; Shafer (2005), <i>Algorithmic Learning in a Random World</i>;
/// normalised scores |e|/σ̂ₖ as Papadopoulos et al. (2011), "Regression conformal prediction with nearest neighbours",
/// <i>JAIR</i> 40, where σ̂ₖ is the spread a candidate's own 80% interval implies at step k). Demand (non-negative data)
/// is never forecast negative.
/// </summary>
public sealed record AutoModel : IForecastModel
{
    /// <summary>Steps per CV window (normally the forecast horizon).</summary>
    public int Horizon { get; init; } = 12;

    /// <summary>Number of rolling-origin windows for smooth and erratic series.</summary>
    public int Windows { get; init; } = 3;

    /// <summary>
    /// Number of rolling-origin windows for intermittent and lumpy series. Their per-window errors are noisier than a
    /// smooth series' and their candidates cost a fraction of ETS, so they get more windows: on car parts five windows
    /// instead of three took MASE from 0.620 to 0.606 (docs/forecasting.md, "auto: intermittent series").
    /// </summary>
    public int IntermittentWindows { get; init; } = 5;

    /// <summary>
    /// Periods between cutoffs; null = half the horizon (rounded up). Windows closer to the end train on more data:
    /// on 40-quarter series the earliest of three windows a full horizon apart trained on 16 points, and its errors
    /// chose Theta where ETS was better (docs/forecasting.md, "auto: selection").
    /// </summary>
    public int? Step { get; init; }

    /// <summary>How candidates become a forecast.</summary>
    public SelectionMode Selection { get; init; } = SelectionMode.SingleOrCombination;

    /// <summary>How many of the best candidates are combined (<see cref="SelectionMode.SingleOrCombination"/>: at most).</summary>
    public int BestCount { get; init; } = 3;

    /// <summary>
    /// Structures (ETS forms) the earliest CV window's own search passes on to the later windows, which choose among
    /// them on their own data (<see cref="IStructureSearch"/>).
    /// </summary>
    public int KeepStructures { get; init; } = 3;

    /// <summary>
    /// Let the fit on the full history too choose among the structures the earliest window kept (cheaper; its ETS may
    /// then differ from a free search); false = the final fit searches every structure, as the model alone would.
    /// </summary>
    public bool NarrowFinalFit { get; init; } = true;

    /// <summary>
    /// <see cref="SelectionMode.SingleOrCombination"/>: a single candidate replaces the best combination only when its
    /// CV error is lower by more than this fraction (0 = whichever is lower).
    /// </summary>
    public double SingleMargin { get; init; }

    /// <summary>
    /// <see cref="SelectionMode.Trimmed"/>: a candidate joins the mean when its CV error is at most (1 + this) times the
    /// best candidate's.
    /// </summary>
    public double TrimRatio { get; init; } = 0.25;

    /// <summary>Candidates for smooth and erratic series; null = <see cref="DefaultSmooth"/> (ETS and Theta).</summary>
    public IReadOnlyList<IForecastModel>? SmoothCandidates { get; init; }

    /// <summary>Candidates for intermittent and lumpy series; null = <see cref="DefaultIntermittent"/>.</summary>
    public IReadOnlyList<IForecastModel>? IntermittentCandidates { get; init; }

    /// <summary>Ranking error for smooth/erratic series.</summary>
    public CvMetric SmoothMetric { get; init; } = CvMetric.Mae;

    /// <summary>
    /// Ranking error for intermittent/lumpy series: MAE, the error MASE scores. RMSE chose the higher-level methods,
    /// which lost to Theta on car parts and to SBA and the train mean on the M5 sample (docs/forecasting.md).
    /// </summary>
    public CvMetric IntermittentMetric { get; init; } = CvMetric.Mae;

    /// <summary>Clip forecasts and bounds at zero; null = when every observation is ≥ 0.</summary>
    public bool? NonNegative { get; init; }

    /// <summary>Model used when no candidate can be fitted.</summary>
    public IForecastModel LastResort { get; init; } = new NaiveModel();

    /// <summary>
    /// Keep the cross-validation forecasts as <see cref="AutoFit.CvRows"/> (an audit of the choice and its reported
    /// error); off, the fit holds none, so callers that only forecast pay nothing for them.
    /// </summary>
    public bool KeepCvRows { get; init; }

    /// <inheritdoc />
    public string Name => "auto";

    /// <summary>The default smooth candidates.</summary>
    /// <remarks>
    /// ARIMA is left out: its search costs 2–100 times ETS's and it was not the best single candidate where it is
    /// affordable (docs/forecasting.md, "auto: selection versus combination").
    /// </remarks>
    public static IReadOnlyList<IForecastModel> DefaultSmooth { get; } = [new EtsModel(), new ThetaModel()];

    /// <summary>The default intermittent candidates: Croston, SBA, TSB, ADIDA, IMAPA, Theta and the historic mean.</summary>
    /// <remarks>
    /// Theta follows a falling level that the Croston family smooths away (it was the best single method on car parts),
    /// and the historic mean is the floor a slow mover should beat (the best on the M5 sample before). The window
    /// average is left out: after a run of zeros it forecasts zero, and under MAE it was then served on 11% of car parts
    /// series, a forecast a planner cannot stock from.
    /// </remarks>
    public static IReadOnlyList<IForecastModel> DefaultIntermittent { get; } =
        [new CrostonModel(), new CrostonModel(CrostonVariant.Sba), new TsbModel(), new AdidaModel(), new ImapaModel(), new ThetaModel(), new HistoricAverageModel()];

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
        var windows = RollingOrigin.Cutoffs(y.Length, Horizon, intermittent ? IntermittentWindows : Windows, Step ?? Math.Max(1, (Horizon + 1) / 2), minTrain);
        var evaluated = candidates.Select(c => Evaluate(c, series, windows)).ToList();
        var scored = evaluated.Select(e => (e.Model, e.Fit, Score: windows.Count > 0 ? Score(e.Cv, metric) : double.NaN, e.Cv)).ToList();
        // Without CV windows the candidates keep their listed order (the first ones are the defaults).
        var valid = Enumerable.Range(0, scored.Count)
            .Where(i => scored[i].Fit is not null && (windows.Count == 0 || double.IsFinite(scored[i].Score)))
            .ToList();
        var options = Options(valid);

        Choice choice;
        var scores = new List<double>();
        var cvMase = double.NaN;
        var scale = double.NaN;
        var rows = new List<CvRow>();
        if (KeepCvRows)
        {
            foreach (var (model, _, _, cv) in scored)
                foreach (var window in cv)
                    for (var k = 0; k < window.Actual.Length; k++)
                        rows.Add(new CvRow(model.Name, window.Window.Cutoff, k + 1, window.Actual[k], window.Mean[k], CvRowRole.Selection));
        }
        if (windows.Count > 0 && options.Count > 0)
        {
            var all = Enumerable.Range(0, windows.Count).ToArray();
            choice = Choose(options, scored, all, metric, nonNegative);
            // The error reported (and the conformal scores) come from windows the choice did not see: window w is
            // forecast by the option chosen on the earlier windows whose test periods end by w's cutoff (windows
            // overlap when Step < Horizon). Without such a window (one window) the choice's own CV error is kept.
            double absSum = 0;
            var count = 0;
            var outer = new List<(int Window, Choice Pick)>();
            for (var w = 1; w < windows.Count; w++)
            {
                int[] seen = [.. Enumerable.Range(0, w).Where(j => windows[j].Cutoff + windows[j].Horizon <= windows[w].Cutoff)];
                if (seen.Length > 0)
                    outer.Add((w, Choose(options, scored, seen, metric, nonNegative)));
            }
            if (outer.Count == 0)
                outer.AddRange(Enumerable.Range(0, windows.Count).Select(w => (w, choice)));
            foreach (var (w, pick) in outer)
            {
                var members = pick.Members.Select(i => scored[i].Cv[w]).ToList();
                var pickName = KeepCvRows ? string.Join("+", pick.Members.Select(i => scored[i].Model.Name)) : "";
                for (var k = 0; k < windows[w].Horizon; k++)
                {
                    var mean = Forecast(members.Select(c => c.Mean[k]).ToArray(), pick.Weights, nonNegative);
                    var e = members[0].Actual[k] - mean;
                    if (KeepCvRows)
                        rows.Add(new CvRow(pickName, windows[w].Cutoff, k + 1, members[0].Actual[k], mean, CvRowRole.Outer));
                    if (!double.IsFinite(e))
                        continue;
                    absSum += Math.Abs(e);
                    count++;
                    var sds = members.Select(c => c.Sd[k]).ToArray();
                    var sd = sds.All(double.IsFinite) ? Weigh(sds, pick.Weights) : double.NaN;
                    scores.Add(sd > 0 ? Math.Abs(e) / sd : double.NaN);
                }
            }
            scale = Accuracy.NaiveMae(y, m);
            cvMase = count > 0 && scale > 0 ? absSum / count / scale : double.NaN;
        }
        else
        {
            choice = Choice.Equal([.. valid.Take(Selection == SelectionMode.Best ? 1 : Math.Max(1, Math.Min(2, BestCount)))]);
        }

        var chosen = choice.Members.Select(i => scored[i].Model).ToList();
        var fits = choice.Members.Select(i => scored[i].Fit!).ToList();
        var weights = choice.Weights;
        if (fits.Count == 0)
        {
            fits.Add(LastResort.Fit(series));
            chosen.Add(LastResort);
            weights = [1.0];
            scores.Clear();
            cvMase = double.NaN;
            // Nothing was chosen by CV, so no row scored the choice; the candidates' failed windows stay for the audit.
            rows.RemoveAll(r => r.Role == CvRowRole.Outer);
        }
        if (scores.Any(double.IsNaN))
            scores.Clear();
        scores.Sort();
        return new AutoFit(fits, [.. chosen.Select(c => c.Name)], profile, [.. scored.Select(s => (s.Model.Name, s.Score))],
            [.. scores], cvMase, nonNegative, Selection == SelectionMode.MedianOfBest ? null : weights, windows.Count)
        {
            CvScale = scale,
            CvRows = rows,
        };
    }

    /// <summary>
    /// One candidate's CV forecasts and its fit on the full history. A candidate that searches its own structure
    /// (<see cref="IStructureSearch"/>) searches freely in the earliest window only; the later windows choose among
    /// the structures that ranked best there, so no window's structure is chosen on data from its own test period.
    /// </summary>
    private (IForecastModel Model, IFittedModel? Fit, List<CvForecast> Cv) Evaluate(IForecastModel candidate, RegularSeries series, IReadOnlyList<CvWindow> windows)
    {
        var cv = new List<CvForecast>(windows.Count);
        var final = candidate;
        if (windows.Count > 0 && candidate is IStructureSearch search)
        {
            cv.Add(RollingOrigin.Run(candidate, series, windows[0], out var earliest));
            var narrowed = earliest is null ? candidate : search.Narrow(earliest, KeepStructures);
            cv.AddRange(RollingOrigin.Run(narrowed, series, [.. windows.Skip(1)]));
            if (NarrowFinalFit && search.NarrowedSearchServesFinalFit)
                final = narrowed;
        }
        else
        {
            cv.AddRange(RollingOrigin.Run(candidate, series, windows));
        }
        var fit = TryFit(final, series) ?? (ReferenceEquals(final, candidate) ? null : TryFit(candidate, series));
        return (candidate, fit, cv);
    }

    private static IFittedModel? TryFit(IForecastModel model, RegularSeries series)
    {
        try
        {
            var fit = model.Fit(series);
            return fit.Predict(1, [80]).IsFinite ? fit : null;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException)
        {
            return null;
        }
    }

    /// <summary>The forecasts that may be served, as lists of candidate indices.</summary>
    private List<int[]> Options(List<int> valid)
    {
        switch (Selection)
        {
            case SelectionMode.Best:
                return [.. valid.Select(i => new[] { i })];
            case SelectionMode.MeanOfBest or SelectionMode.MedianOfBest or SelectionMode.Weighted or SelectionMode.Trimmed:
                // One fixed option per choice: the k best of the windows it is chosen on (see Choose).
                return valid.Count == 0 ? [] : [[.. valid]];
            default:
                var options = valid.Select(i => new[] { i }).ToList();
                for (var size = 2; size <= Math.Min(BestCount, valid.Count); size++)
                    options.AddRange(Subsets(valid, size));
                return options;
        }
    }

    private static IEnumerable<int[]> Subsets(List<int> items, int size)
    {
        if (size == 0)
        {
            yield return [];
            yield break;
        }
        for (var i = 0; i <= items.Count - size; i++)
        {
            foreach (var rest in Subsets(items[(i + 1)..], size - 1))
                yield return [items[i], .. rest];
        }
    }

    /// <summary>Candidates served and their weights (summing to 1; ignored under <see cref="SelectionMode.MedianOfBest"/>).</summary>
    private sealed record Choice(int[] Members, double[] Weights)
    {
        public static Choice Equal(int[] members) => new(members, [.. members.Select(_ => 1.0 / members.Length)]);
    }

    /// <summary>
    /// The option with the lowest error on <paramref name="windows"/> (a single wins a tie; see <see cref="SingleMargin"/>),
    /// or under <see cref="SelectionMode.Weighted"/> the <see cref="BestCount"/> best with their weights.
    /// </summary>
    private Choice Choose(List<int[]> options, List<(IForecastModel Model, IFittedModel? Fit, double Score, List<CvForecast> Cv)> scored,
        int[] windows, CvMetric metric, bool nonNegative)
    {
        if (Selection is SelectionMode.MeanOfBest or SelectionMode.MedianOfBest)
        {
            // The fixed combination: the k candidates with the lowest error on these windows.
            return Choice.Equal([.. options[0].OrderBy(i => Score([.. windows.Select(w => scored[i].Cv[w])], metric)).Take(Math.Max(1, BestCount))]);
        }
        if (Selection == SelectionMode.Weighted)
        {
            var ranked = options[0].Select(i => (Index: i, Error: Score([.. windows.Select(w => scored[i].Cv[w])], metric)))
                .Where(c => double.IsFinite(c.Error)).OrderBy(c => c.Error).Take(Math.Max(1, BestCount)).ToList();
            if (ranked.Count == 0)
                return Choice.Equal([options[0][0]]);
            return InverseSquaredErrorWeights([.. ranked.Select(c => c.Index)], [.. ranked.Select(c => c.Error)]);
        }
        if (Selection == SelectionMode.Trimmed)
        {
            var ranked = options[0].Select(i => (Index: i, Error: Score([.. windows.Select(w => scored[i].Cv[w])], metric)))
                .Where(c => double.IsFinite(c.Error)).OrderBy(c => c.Error).ToList();
            if (ranked.Count == 0)
                return Choice.Equal([options[0][0]]);
            return Choice.Equal([.. ranked.Where(c => c.Error <= (1 + TrimRatio) * ranked[0].Error).Take(Math.Max(1, BestCount)).Select(c => c.Index)]);
        }
        int[]? bestSingle = null, bestCombination = null;
        double singleScore = double.PositiveInfinity, combinationScore = double.PositiveInfinity;
        foreach (var option in options)
        {
            double sum = 0;
            var n = 0;
            foreach (var w in windows)
            {
                var cv = scored[option[0]].Cv[w];
                for (var k = 0; k < cv.Actual.Length; k++)
                {
                    var e = cv.Actual[k] - Forecast([.. option.Select(i => scored[i].Cv[w].Mean[k])], [.. option.Select(_ => 1.0 / option.Length)], nonNegative);
                    if (double.IsNaN(e))
                        continue;
                    sum += metric == CvMetric.Mae ? Math.Abs(e) : e * e;
                    n++;
                }
            }
            var score = n == 0 || double.IsNaN(sum) ? double.PositiveInfinity : sum / n;
            if (option.Length == 1 && (bestSingle is null || score < singleScore))
                (bestSingle, singleScore) = (option, score);
            else if (option.Length > 1 && (bestCombination is null || score < combinationScore))
                (bestCombination, combinationScore) = (option, score);
        }
        if (metric == CvMetric.Rmse)
            (singleScore, combinationScore) = (Math.Sqrt(singleScore), Math.Sqrt(combinationScore));
        var combine = bestCombination is not null && (bestSingle is null || singleScore > (1 - SingleMargin) * combinationScore);
        return Choice.Equal(combine ? bestCombination! : bestSingle!);
    }

    /// <summary>
    /// Weights ∝ 1 / error² (the error being a CV MAE or RMSE, so for RMSE these are inverse-MSE weights); candidates
    /// with a zero error share all the weight, since any weight on the others would only add error.
    /// </summary>
    private static Choice InverseSquaredErrorWeights(int[] members, double[] errors)
    {
        if (errors.Any(e => e <= 0))
            return Choice.Equal([.. members.Where((_, j) => errors[j] <= 0)]);
        var raw = errors.Select(e => 1 / (e * e)).ToArray();
        var total = raw.Sum();
        return new Choice(members, [.. raw.Select(r => r / total)]);
    }

    private double Forecast(double[] members, double[] weights, bool nonNegative)
    {
        var mean = members.Length == 1 ? members[0] : Selection == SelectionMode.MedianOfBest ? Median(members) : Weigh(members, weights);
        return nonNegative ? Math.Max(0, mean) : mean;
    }

    internal static double Weigh(double[] values, double[] weights)
    {
        double sum = 0;
        for (var j = 0; j < values.Length; j++)
            sum += weights[j] * values[j];
        return sum;
    }

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
    private readonly double[]? _weights;

    internal AutoFit(IReadOnlyList<IFittedModel> fits, string[] chosen, DemandProfile profile, IReadOnlyList<(string Model, double Score)> cvScores,
        double[] conformalScores, double cvMase, bool nonNegative, double[]? weights, int windows)
    {
        _fits = fits;
        Chosen = chosen;
        Profile = profile;
        CvScores = cvScores;
        _conformalScores = conformalScores;
        CvMase = cvMase;
        _nonNegative = nonNegative;
        // Null weights mean the median of the fits (MedianOfBest).
        _weights = weights;
        Weights = weights ?? [.. fits.Select(_ => 1.0 / fits.Count)];
        WindowCount = windows;
        var n = fits[0].Fitted.Count;
        var fitted = new double[n];
        for (var t = 0; t < n; t++)
        {
            var values = fits.Select(f => f.Fitted[t]).ToArray();
            fitted[t] = Combine(values);
        }
        Fitted = fitted;
    }

    /// <summary>Names of the models served: one single candidate, or the members of the combination.</summary>
    public IReadOnlyList<string> Chosen { get; }

    /// <summary>Each served model's weight, in the order of <see cref="Chosen"/> (equal for a median).</summary>
    public IReadOnlyList<double> Weights { get; }

    /// <summary>The demand class that chose the candidate set.</summary>
    public DemandProfile Profile { get; }

    /// <summary>Each candidate's CV error (MAE or RMSE), NaN without windows, +∞ when it failed.</summary>
    public IReadOnlyList<(string Model, double Score)> CvScores { get; }

    /// <summary>
    /// MASE over the CV windows of the choice made on the earlier windows that ended before each (an outer split, so not
    /// optimistic); with a single window, the served choice's own CV error. Scaled by the in-sample seasonal naive MAE.
    /// </summary>
    public double CvMase { get; }

    /// <summary>Rolling-origin windows used.</summary>
    public int WindowCount { get; }

    /// <summary>
    /// The scale of <see cref="CvMase"/>: the in-sample seasonal naive MAE of the whole series (NaN without CV windows),
    /// so <see cref="CvMase"/> × this is the reported error in the series' units.
    /// </summary>
    public double CvScale { get; init; } = double.NaN;

    /// <summary>
    /// Every CV forecast behind the choice and its reported error, when <see cref="AutoModel.KeepCvRows"/> is set
    /// (empty otherwise): the <see cref="CvRowRole.Selection"/> rows give <see cref="CvScores"/>, the
    /// <see cref="CvRowRole.Outer"/> rows give <see cref="CvMase"/>.
    /// </summary>
    public IReadOnlyList<CvRow> CvRows { get; init; } = [];

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
            mean[k] = Combine(means);
            sd[k] = AutoModel.Weigh([.. forecasts.Select(f => f.Intervals.Count > 0 ? (f.Intervals[0].Upper[k] - f.Intervals[0].Lower[k]) / (2 * z80) : 0)], [.. Weights]);
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

    private double Combine(double[] values) =>
        values.Length == 1 ? values[0] : _weights is null ? AutoModel.Median(values) : AutoModel.Weigh(values, _weights);

    /// <summary>The ⌈(n+1)p⌉-th smallest score (split conformal), capped at the largest.</summary>
    internal static double ConformalQuantile(double[] sorted, double p)
    {
        var rank = (int)Math.Ceiling((sorted.Length + 1) * p);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
