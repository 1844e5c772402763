namespace Forecast.Modeling.Reorder;

/// <summary>
/// One next order seen in a calibration window: the gap predictive issued for the pair at the cutoff (uncalibrated),
/// the silence at the cutoff, the gap that ended with the next order, and where the window ended, all in days since
/// the pair's last order before the cutoff. An order on day d is a gap in (d - 1/2, d + 1/2], so the silence is
/// <c>cutoff - last + 1/2</c> (the gap is known to exceed it) and the window end <c>end - last + 1/2</c> (an order
/// after it was not seen).
/// </summary>
public readonly record struct CalibrationObservation(LogStudentT Predictive, double Silence, double Gap, double WindowEnd);

/// <summary>How the calibration of a fit ended (<see cref="GapCalibrationReport.Outcome"/>).</summary>
public enum GapCalibrationOutcome
{
    /// <summary><see cref="ReorderModelOptions.CalibrationWindowDays"/> is 0.</summary>
    Off,

    /// <summary>Less history than four calibration windows: the models at the cutoffs would be too immature to stand for the final one.</summary>
    TooLittleHistory,

    /// <summary>A calibration window saw fewer than <see cref="GapCalibration.MinOrdersPerWindow"/> next orders.</summary>
    TooFewOrders,

    /// <summary>The factor learnt on the older window did not improve the log-likelihood of the newer one: nothing to carry forward.</summary>
    NotConfirmed,

    /// <summary>Confirmed on the newer window and applied.</summary>
    Applied,
}

/// <summary>
/// A calibration of the gap predictive learnt from the data in time order (rolling origin): one factor on the scale of
/// the pair's log-t predictive (<see cref="LogNormalHierarchy.Predictive(long, long, LogSample)"/>), so the
/// calibrated law of the next gap is log-t with the same location and degrees of freedom and scale x
/// <see cref="ScaleFactor"/>. Below 1 the intervals were too wide, above 1 too narrow.
/// <para>
/// How it is learnt (<see cref="Fit"/>): the gap hierarchy is fitted as of two earlier cutoffs, T - 2W and T - W
/// (W = <see cref="ReorderModelOptions.CalibrationWindowDays"/>, whole weeks so that each cutoff falls on the as-of
/// day's weekday), and each pair's next order in the following window is scored under the predictive issued at the
/// cutoff. A window only sees next orders that came after the silence at its cutoff and before its end, so each one's
/// likelihood is that of its day, P(d - 1/2 &lt; gap &lt;= d + 1/2), divided by P(silence &lt; gap &lt;= window end):
/// conditioned on the silence and truncated to the window (Klein &amp; Moeschberger 2003, "Survival Analysis",
/// section 3.4, left truncation with interval censoring; without the truncation the early orders a window sees
/// would pass for short gaps and shrink the scale). Pairs with no order in the window drop out of this likelihood
/// whether they stopped or are late, so the dropout model does not enter it. The factor maximises the likelihood of the
/// older window; it is kept only if it raises the log-likelihood of the newer window too (a forecast evaluated out of
/// sample, in time order: Tashman 2000, "Out-of-sample tests of forecasting accuracy"; the log score is strictly
/// proper, Gneiting &amp; Raftery 2007), and then refitted on both windows. With less history than four windows the
/// model at the older cutoff would have less than half the history of the final one, and what an immature model gets
/// wrong is not what a mature one does (on 9 months of UCI Online Retail, factors learnt that way were 1.2 to 3.6 and
/// moved the predicted dates by weeks), so nothing is applied; nor with fewer than <see cref="MinOrdersPerWindow"/>
/// next orders in a window. Calibration in the sense of Gneiting,
/// Balabdaoui &amp; Raftery (2007, "Probabilistic forecasts, calibration and sharpness"): the probability integral
/// transform of held-out next orders should be uniform; <see cref="PitHistogram"/> reports it for the newer window
/// (non-randomised for days, Czado, Gneiting &amp; Held 2009), before and after. The same idea as split-conformal
/// intervals (Vovk, Gammerman &amp; Shafer 2005; Lei et al. 2018), with the conformity score replaced by the likelihood
/// of a one-parameter family so that the whole distribution, and with it P(order within N days), stays consistent with
/// the dates.
/// </para>
/// </summary>
/// <param name="ScaleFactor">Multiplies the scale of every pair's log-gap predictive; 1 leaves the model as fitted.</param>
public sealed record GapCalibration(double ScaleFactor)
{
    /// <summary>Fewer next orders than this in either window: no calibration (the factor's standard error would exceed a few percent).</summary>
    public const int MinOrdersPerWindow = 100;

    /// <summary>The factor is searched within [1/10, 10]: beyond, the model itself is wrong, not its calibration.</summary>
    private const double MaxLogFactor = 2.302585092994046;

    /// <summary>No calibration.</summary>
    public static GapCalibration Identity { get; } = new(1.0);

    /// <summary>The calibrated predictive.</summary>
    public LogStudentT Apply(LogStudentT predictive) =>
        ScaleFactor == 1 ? predictive : predictive with { Scale = predictive.Scale * ScaleFactor };

    /// <summary>
    /// Learns the calibration as of <paramref name="asOfDay"/> from <paramref name="pairs"/> (histories through the
    /// as-of day, validated), by the two-window rolling origin described on the type. Deterministic.
    /// </summary>
    public static (GapCalibration Calibration, GapCalibrationReport Report) Fit(IReadOnlyList<PairHistory> pairs, int asOfDay, ReorderModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(options);
        var window = options.CalibrationWindowDays;
        if (window <= 0)
            return Unchanged(GapCalibrationOutcome.Off, "calibration off (CalibrationWindowDays = 0)", window, []);
        if (pairs.Count == 0)
            throw new ArgumentException("No pairs to calibrate on.", nameof(pairs));
        var history = asOfDay - pairs.Min(p => p.OrderDays[0]);
        if (history < 4 * window)
        {
            return Unchanged(GapCalibrationOutcome.TooLittleHistory,
                $"{history} days of history, fewer than four {window}-day windows: a model fitted at the older cutoff would have less than half the history of this one, so what it gets wrong need not be what this one gets wrong",
                window, []);
        }

        var older = Observations(pairs, asOfDay - 2 * window, asOfDay - window, options);
        var newer = Observations(pairs, asOfDay - window, asOfDay, options);
        var foldOlder = Fold(older, asOfDay - 2 * window, asOfDay - window);
        var foldNewer = Fold(newer, asOfDay - window, asOfDay);
        GapCalibrationFold[] folds = [foldOlder, foldNewer];
        if (older.Count < MinOrdersPerWindow || newer.Count < MinOrdersPerWindow)
        {
            return Unchanged(GapCalibrationOutcome.TooFewOrders,
                $"{older.Count} and {newer.Count} next orders in the two windows, fewer than {MinOrdersPerWindow} in one", window, folds);
        }

        // Out of sample, in time order: the factors of the older window, scored on the newer one.
        var carried = new GapCalibration(foldOlder.ScaleFactor);
        var gain = LogLikelihood(newer, carried) - LogLikelihood(newer, Identity);
        var pitBefore = PitHistogram(newer, Identity);
        var pitCarried = PitHistogram(newer, carried);
        if (!(gain > 0))
        {
            return (Identity, new GapCalibrationReport(GapCalibrationOutcome.NotConfirmed,
                FormattableString.Invariant($"the scale factor {carried.ScaleFactor:G4} learnt on the older window lowers the log-likelihood of the newer window by {-gain:G4}: not applied"),
                window, Identity, folds, gain, pitBefore, pitCarried));
        }
        List<CalibrationObservation> both = [.. older, .. newer];
        var fitted = FitScale(both);
        return (fitted, new GapCalibrationReport(GapCalibrationOutcome.Applied,
            FormattableString.Invariant($"the scale factor {carried.ScaleFactor:G4} learnt on the older window raises the log-likelihood of the newer window by {gain:G4}; refitted on both windows ({both.Count} next orders): {fitted.ScaleFactor:G4}"),
            window, fitted, folds, gain, pitBefore, pitCarried));
    }

    /// <summary>
    /// The scale factor of maximum likelihood, searched on its log within [1/10, 10] by golden sections (the likelihood
    /// of a scale family is smooth and unimodal in practice). With <paramref name="truncated"/> false each gap counts as
    /// if any gap could have been seen: the likelihood that ignores the silence and the window (for the tests that
    /// show why it matters).
    /// </summary>
    public static GapCalibration FitScale(IReadOnlyList<CalibrationObservation> observations, bool truncated = true)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (observations.Count == 0)
            return Identity;
        return new GapCalibration(Math.Exp(Maximise(x => LogLikelihood(observations, new GapCalibration(Math.Exp(x)), truncated))));
    }

    /// <summary>Golden-section search for the maximum of <paramref name="f"/> on [-log 10, log 10].</summary>
    private static double Maximise(Func<double, double> f)
    {
        double lo = -MaxLogFactor, hi = MaxLogFactor;
        var ratio = (Math.Sqrt(5) - 1) / 2;
        double x1 = hi - ratio * (hi - lo), x2 = lo + ratio * (hi - lo);
        double f1 = f(x1), f2 = f(x2);
        while (hi - lo > 1e-5)
        {
            if (f1 >= f2)
            {
                hi = x2;
                x2 = x1;
                f2 = f1;
                x1 = hi - ratio * (hi - lo);
                f1 = f(x1);
            }
            else
            {
                lo = x1;
                x1 = x2;
                f1 = f2;
                x2 = lo + ratio * (hi - lo);
                f2 = f(x2);
            }
        }
        return (lo + hi) / 2;
    }

    /// <summary>
    /// Log-likelihood of the observed next orders under the calibrated predictives: each order's day given the silence
    /// and the window (or, not <paramref name="truncated"/>, its day alone). Computed from log-survivals, so exact far
    /// in the tails.
    /// </summary>
    public static double LogLikelihood(IReadOnlyList<CalibrationObservation> observations, GapCalibration calibration, bool truncated = true)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(calibration);
        var sum = 0.0;
        foreach (var o in observations)
        {
            var d = calibration.Apply(o.Predictive);
            var day = LogDifference(d.LogSurvival(o.Gap - 0.5), d.LogSurvival(o.Gap + 0.5));
            sum += truncated ? day - LogDifference(d.LogSurvival(o.Silence), d.LogSurvival(o.WindowEnd)) : day;
        }
        return double.IsNaN(sum) ? double.NegativeInfinity : sum;
    }

    /// <summary>
    /// Share of the observed next orders in each tenth of their probability integral transform under the calibrated
    /// predictive given the silence and the window. A calibrated forecast gives 0.1 in every bin. Days are discrete, so
    /// each order spreads its weight uniformly over the PIT values of its day, the non-randomised PIT histogram of
    /// Czado, Gneiting &amp; Held (2009, "Predictive model assessment for count data").
    /// </summary>
    public static double[] PitHistogram(IReadOnlyList<CalibrationObservation> observations, GapCalibration calibration, int bins = 10)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(calibration);
        var histogram = new double[bins];
        if (observations.Count == 0)
            return histogram;
        foreach (var o in observations)
        {
            var d = calibration.Apply(o.Predictive);
            var logFrom = d.LogSurvival(o.Silence);
            var within = -LogMath.ExpM1(d.LogSurvival(o.WindowEnd) - logFrom);
            double Cdf(double gap) => within <= 0 ? 0 : Math.Clamp(-LogMath.ExpM1(d.LogSurvival(gap) - logFrom) / within, 0, 1);
            double lo = Cdf(o.Gap - 0.5), hi = Cdf(o.Gap + 0.5);
            if (!(hi > lo))
            {
                histogram[Math.Min((int)(lo * bins), bins - 1)] += 1;
                continue;
            }
            for (var j = 0; j < bins; j++)
            {
                var overlap = Math.Min(hi, (j + 1.0) / bins) - Math.Max(lo, (double)j / bins);
                if (overlap > 0)
                    histogram[j] += overlap / (hi - lo);
            }
        }
        for (var j = 0; j < bins; j++)
            histogram[j] /= observations.Count;
        return histogram;
    }

    /// <summary>
    /// Each pair known at <paramref name="cutoff"/> whose first order after it came on or before <paramref name="end"/>,
    /// scored under the uncalibrated gap hierarchy fitted on the histories through the cutoff.
    /// </summary>
    internal static List<CalibrationObservation> Observations(IReadOnlyList<PairHistory> pairs, int cutoff, int end, ReorderModelOptions options)
    {
        long Key(long k) => options.PoolByProductAndCustomer ? k : 0;
        var known = new List<(PairHistory Before, int Next)>();
        foreach (var pair in pairs)
        {
            if (pair.Through(cutoff) is not { } before)
                continue;
            var next = before.OrderCount < pair.OrderCount ? pair.OrderDays[before.OrderCount] : int.MaxValue;
            known.Add((before, next));
        }
        var result = new List<CalibrationObservation>();
        if (known.Count == 0)
            return result;
        var (gaps, _) = LogNormalHierarchy.Fit(known.Select(k => (Key(k.Before.Customer), Key(k.Before.Product), ReorderModel.LogGaps(k.Before))).ToArray());
        foreach (var (before, next) in known)
        {
            if (next > end)
                continue;
            var predictive = gaps.Predictive(Key(before.Customer), Key(before.Product), ReorderModel.LogGaps(before));
            var last = before.LastOrderDay;
            var o = new CalibrationObservation(predictive, cutoff - last + 0.5, next - last, end - last + 0.5);
            // An order the predictive gives no room at all (both survivals underflowing to the same log) carries no information.
            if (double.IsFinite(LogLikelihood([o], Identity)))
                result.Add(o);
        }
        return result;
    }

    private static GapCalibrationFold Fold(IReadOnlyList<CalibrationObservation> observations, int cutoff, int end)
    {
        var fitted = FitScale(observations);
        return new GapCalibrationFold(cutoff, end, observations.Count, fitted.ScaleFactor,
            LogLikelihood(observations, Identity), LogLikelihood(observations, fitted));
    }

    private static (GapCalibration, GapCalibrationReport) Unchanged(GapCalibrationOutcome outcome, string why, int window, IReadOnlyList<GapCalibrationFold> folds) =>
        (Identity, new GapCalibrationReport(outcome, why, window, Identity, folds, null, [], []));

    /// <summary>log(exp(x) - exp(y)) for x &gt;= y, exact when both are far below 0.</summary>
    private static double LogDifference(double x, double y) =>
        double.IsNegativeInfinity(y) ? x : x + Math.Log(-LogMath.ExpM1(y - x));
}

/// <summary>One calibration window: its cutoff and last day (day numbers), the next orders it saw, its own maximum-likelihood scale factor and the log-likelihoods without and with it.</summary>
public sealed record GapCalibrationFold(int CutoffDay, int EndDay, int NextOrders, double ScaleFactor, double LogLikelihoodUncalibrated, double LogLikelihoodCalibrated);

/// <summary>
/// What <see cref="GapCalibration.Fit"/> did and why. <see cref="HeldOutPit"/> is the PIT histogram of the newer
/// window's next orders under the factor learnt on the older window (out of sample), <see cref="HeldOutPitUncalibrated"/>
/// the same without calibration; both by tenths, 0.1 each when calibrated.
/// </summary>
public sealed record GapCalibrationReport(
    GapCalibrationOutcome Outcome,
    string Why,
    int WindowDays,
    GapCalibration Applied,
    IReadOnlyList<GapCalibrationFold> Folds,
    double? HeldOutLogLikelihoodGain,
    IReadOnlyList<double> HeldOutPitUncalibrated,
    IReadOnlyList<double> HeldOutPit);
