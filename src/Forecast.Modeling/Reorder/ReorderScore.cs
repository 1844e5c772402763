namespace Forecast.Modeling.Reorder;

/// <summary>
/// Scores reorder calls against what happened in a holdout window, for the pairs known at the cutoff.
/// A pair is "predicted to reorder" when its P(order in the window) is at least the threshold (0.5: more likely than
/// not); the same rule for every method. Precision = predicted pairs that ordered / predicted pairs; recall = predicted
/// pairs that ordered / pairs that ordered; coverage and mean absolute error (days) are over the predicted pairs that
/// ordered, comparing the first order day in the window with the point date and the intervals. A holdout only sees
/// orders inside the window, so the intervals checked (<see cref="Coverage80"/>, <see cref="Coverage50"/>) are each
/// method's distribution of the order date given that it falls in the window: a calibrated method covers 80% and 50%.
/// The open intervals of the next order date (<see cref="OpenCoverage80"/>) can only be checked on orders that came
/// inside the window, which favours intervals reaching past its end, so that number reads high for every method.
/// Brier score is over all pairs (a pair a method cannot forecast counts as probability 0).
/// </summary>
public sealed record ReorderScore(
    int Pairs,
    int Reordered,
    int Predicted,
    int TruePositives,
    double Precision,
    double Recall,
    double Coverage80,
    double Coverage50,
    double OpenCoverage80,
    double MeanAbsoluteErrorDays,
    double BrierScore,
    double MeanProbability)
{
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <param name="outcomes">Per pair: the method's call (null if it has none) and the first order day in the window (null if none).</param>
    /// <param name="threshold">Decision threshold on P(order in the window).</param>
    public static ReorderScore Compute(IEnumerable<(ReorderCall? Call, int? FirstOrderDay)> outcomes, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var list = outcomes.ToList();
        return Score(list, list.Select(o => o.Call is { } c && c.Probability >= threshold).ToArray());
    }

    /// <summary>
    /// The same measures when the method names its <paramref name="k"/> most likely pairs (highest P first; a pair
    /// without a call is never named). With K fixed before the holdout, precision and recall then rank the methods by
    /// how well they order pairs, whatever the calibration of their probabilities.
    /// </summary>
    public static ReorderScore ComputeTopK(IEnumerable<(ReorderCall? Call, int? FirstOrderDay)> outcomes, int k)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var list = outcomes.ToList();
        var flagged = new bool[list.Count];
        var order = Enumerable.Range(0, list.Count)
            .Where(i => list[i].Call is not null)
            .OrderByDescending(i => list[i].Call!.Value.Probability)
            .ThenBy(i => i)
            .Take(k);
        foreach (var i in order)
            flagged[i] = true;
        return Score(list, flagged);
    }

    private static ReorderScore Score(List<(ReorderCall? Call, int? FirstOrderDay)> outcomes, bool[] flagged)
    {
        int pairs = 0, reordered = 0, predicted = 0, tp = 0, in80 = 0, in50 = 0, open80 = 0;
        double absError = 0, brier = 0, probability = 0;
        for (var i = 0; i < outcomes.Count; i++)
        {
            var (call, actual) = outcomes[i];
            pairs++;
            var p = call?.Probability ?? 0;
            var y = actual.HasValue ? 1 : 0;
            brier += (p - y) * (p - y);
            probability += p;
            reordered += y;
            if (call is not { } c || !flagged[i])
                continue;
            predicted++;
            if (actual is not { } day)
                continue;
            tp++;
            absError += Math.Abs(day - c.PredictedDay);
            if (day >= c.W10Day && day <= c.W90Day)
                in80++;
            if (day >= c.W25Day && day <= c.W75Day)
                in50++;
            if (day >= c.P10Day && day <= c.P90Day)
                open80++;
        }
        return new ReorderScore(pairs, reordered, predicted, tp,
            predicted == 0 ? 0 : (double)tp / predicted,
            reordered == 0 ? 0 : (double)tp / reordered,
            tp == 0 ? double.NaN : (double)in80 / tp,
            tp == 0 ? double.NaN : (double)in50 / tp,
            tp == 0 ? double.NaN : (double)open80 / tp,
            tp == 0 ? double.NaN : absError / tp,
            pairs == 0 ? double.NaN : brier / pairs,
            pairs == 0 ? double.NaN : probability / pairs);
    }
}
