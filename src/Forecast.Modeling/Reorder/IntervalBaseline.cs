namespace Forecast.Modeling.Reorder;

/// <summary>Which interval a baseline repeats.</summary>
public enum IntervalBaselineKind
{
    /// <summary>The next gap is like the last one.</summary>
    LastInterval,

    /// <summary>The next gap is like the mean of the pair's past gaps.</summary>
    MeanInterval,
}

/// <summary>
/// The two naive reorder baselines, each with its own interval method so it can be held to the same decision rule as
/// the model: next gap = reference gap (the last one, or the mean of the past ones) x R, where R is drawn from the
/// empirical distribution of (next gap / reference gap) over every pair's calibration history; conditioned on the
/// time already elapsed like the model (an empirical residual-life distribution). This is split-conformal
/// prediction with a multiplicative score (Vovk, Gammerman &amp; Shafer 2005; Lei et al. 2018) - a fair, not a straw, baseline.
/// Pairs with a single order have no interval to repeat and get no forecast.
/// </summary>
public sealed class IntervalBaseline
{
    private readonly double[] _ratios;

    private IntervalBaseline(IntervalBaselineKind kind, int asOfDay, double[] ratios)
    {
        Kind = kind;
        AsOfDay = asOfDay;
        _ratios = ratios;
    }

    public IntervalBaselineKind Kind { get; }
    public int AsOfDay { get; }
    public int Ratios => _ratios.Length;

    public static IntervalBaseline Fit(IReadOnlyList<PairHistory> pairs, int asOfDay, IntervalBaselineKind kind)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var ratios = new List<double>();
        foreach (var p in pairs)
        {
            var days = p.Through(asOfDay)?.OrderDays ?? [];
            double sum = 0;
            for (var j = 1; j < days.Length; j++)
            {
                var gap = (double)(days[j] - days[j - 1]);
                if (j >= 2)
                    ratios.Add(gap / Reference(kind, days[j - 1] - days[j - 2], sum / (j - 1)));
                sum += gap;
            }
        }
        if (ratios.Count == 0)
            throw new ArgumentException("No pair has three orders: the baseline has no ratio to learn from.", nameof(pairs));
        var sorted = ratios.ToArray();
        Array.Sort(sorted);
        return new IntervalBaseline(kind, asOfDay, sorted);
    }

    /// <summary>The baseline's call for a pair, or null when the pair has fewer than two orders.</summary>
    public ReorderCall? Predict(PairHistory pair, int horizonDays)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var days = pair.Through(AsOfDay)?.OrderDays ?? [];
        if (days.Length < 2)
            return null;
        var mean = (double)(days[^1] - days[0]) / (days.Length - 1);
        var reference = Reference(Kind, days[^1] - days[^2], mean);
        var elapsed = AsOfDay - days[^1] + 0.5;
        var from = UpperBound(elapsed / reference);
        var remaining = _ratios.Length - from;
        if (remaining == 0)
            return new ReorderCall(0, AsOfDay + 1, AsOfDay + 1, AsOfDay + 1, AsOfDay + 1, AsOfDay + 1, AsOfDay + 1, AsOfDay + 1, AsOfDay + 1, AsOfDay + 1);
        var within = UpperBound((elapsed + horizonDays) / reference) - from;

        int Day(int start, int count, double q)
        {
            var ratio = _ratios[start + (int)Math.Floor(q * Math.Max(count - 1, 0))];
            return Math.Max(days[^1] + (int)Math.Round(ratio * reference), AsOfDay + 1);
        }

        int Open(double q) => Day(from, remaining, q);
        int Window(double q) => within == 0 ? AsOfDay + horizonDays : Day(from, within, q);
        return new ReorderCall((double)within / remaining, Open(0.5), Open(0.1), Open(0.25), Open(0.75), Open(0.9),
            Window(0.1), Window(0.25), Window(0.75), Window(0.9));
    }

    private static double Reference(IntervalBaselineKind kind, double last, double mean) =>
        kind == IntervalBaselineKind.LastInterval ? last : mean;

    /// <summary>Index of the first ratio greater than <paramref name="value"/>.</summary>
    private int UpperBound(double value)
    {
        int lo = 0, hi = _ratios.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_ratios[mid] <= value)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
}

/// <summary>
/// One method's call for a pair over a window: P(order in it), the point date, the 50%/80% intervals of the next order
/// date (P25..P75, P10..P90) and the same intervals for the date given that it falls in the window (W25..W75, W10..W90).
/// </summary>
public readonly record struct ReorderCall(double Probability, int PredictedDay, int P10Day, int P25Day, int P75Day, int P90Day,
    int W10Day, int W25Day, int W75Day, int W90Day)
{
    /// <summary>
    /// The model's call. A date the model leaves "not expected" becomes the day after its date horizon: the nearest day
    /// consistent with the forecast, so an error or a coverage counted against it is the most favourable one possible
    /// (a holdout window lies well inside the horizon, so such a date is never inside it).
    /// </summary>
    public static ReorderCall From(ReorderForecast f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var beyond = f.LastExpectedDay + 1;
        return new ReorderCall(f.ProbabilityWithinHorizon, f.PredictedDay ?? beyond, f.P10Day ?? beyond, f.P25Day ?? beyond,
            f.P75Day ?? beyond, f.P90Day ?? beyond, f.WindowP10Day, f.WindowP25Day, f.WindowP75Day, f.WindowP90Day);
    }
}
