namespace Forecast.Modeling.WinRates;

/// <summary>One bin of a reliability table: predictions in [<see cref="From"/>, <see cref="To"/>).</summary>
public sealed record CalibrationBin(double From, double To, int Count, double MeanPredicted, double ObservedRate);

/// <summary>A difference between two models' scores with its bootstrap 95% interval.</summary>
public sealed record Difference(double Estimate, double Low, double High);

/// <summary>Model A minus model B on the same rows: AUC, Brier score and log loss.</summary>
public sealed record PairedDifference(Difference Auc, Difference Brier, Difference LogLoss);

/// <summary>How good a set of probabilities is against what happened.</summary>
public sealed record BinaryScores(
    int Count,
    double PositiveRate,
    double Auc,
    double Brier,
    double LogLoss,
    double ExpectedCalibrationError,
    IReadOnlyList<CalibrationBin> CalibrationTable);

/// <summary>
/// Scores of probabilistic binary predictions: AUC (Mann-Whitney, ties counted half; Hanley &amp; McNeil 1982),
/// Brier score (Brier 1950), log loss, and the expected calibration error over equal-width bins with its
/// reliability table (Naeini, Cooper &amp; Hauskrecht, "Obtaining well calibrated probabilities using Bayesian
/// binning", AAAI 2015; Guo et al., "On calibration of modern neural networks", ICML 2017).
/// </summary>
public static class BinaryMetrics
{
    /// <summary>Probabilities are clipped to [ε, 1-ε] before taking logs.</summary>
    public const double LogLossEpsilon = 1e-15;

    public static BinaryScores Evaluate(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, int bins = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(probabilities.Count, labels.Count, nameof(labels));
        var table = CalibrationTable(probabilities, labels, bins);
        return new BinaryScores(
            probabilities.Count,
            labels.Count == 0 ? double.NaN : labels.Count(l => l) / (double)labels.Count,
            Auc(probabilities, labels),
            Brier(probabilities, labels),
            LogLoss(probabilities, labels),
            table.Where(b => b.Count > 0).Sum(b => b.Count * Math.Abs(b.MeanPredicted - b.ObservedRate)) / Math.Max(1, probabilities.Count),
            table);
    }

    /// <summary>
    /// A minus B with percentile intervals from a paired bootstrap over rows (the same resampled rows score both
    /// models): Efron &amp; Tibshirani, <i>An Introduction to the Bootstrap</i> (1993), ch. 13.
    /// </summary>
    public static PairedDifference PairedBootstrap(IReadOnlyList<double> a, IReadOnlyList<double> b, IReadOnlyList<bool> labels, int resamples = 1000, int seed = 1)
    {
        var random = new Random(seed);
        var n = labels.Count;
        var auc = new double[resamples];
        var brier = new double[resamples];
        var logLoss = new double[resamples];
        var pa = new double[n];
        var pb = new double[n];
        var y = new bool[n];
        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < n; i++)
            {
                var k = random.Next(n);
                (pa[i], pb[i], y[i]) = (a[k], b[k], labels[k]);
            }
            auc[r] = Auc(pa, y) - Auc(pb, y);
            brier[r] = Brier(pa, y) - Brier(pb, y);
            logLoss[r] = LogLoss(pa, y) - LogLoss(pb, y);
        }
        Difference Interval(double estimate, double[] draws)
        {
            Array.Sort(draws);
            return new Difference(estimate, draws[(int)(0.025 * (resamples - 1))], draws[(int)Math.Ceiling(0.975 * (resamples - 1))]);
        }
        return new PairedDifference(
            Interval(Auc(a, labels) - Auc(b, labels), auc),
            Interval(Brier(a, labels) - Brier(b, labels), brier),
            Interval(LogLoss(a, labels) - LogLoss(b, labels), logLoss));
    }

    /// <summary>The probability that a random positive scores above a random negative (ties count half).</summary>
    public static double Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double rankSumPositive = 0;
        var positives = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
                end++;
            var midRank = ((start + end) / 2.0) + 1;
            for (var k = start; k <= end; k++)
            {
                if (labels[order[k]])
                {
                    rankSumPositive += midRank;
                    positives++;
                }
            }
            start = end + 1;
        }
        var negatives = scores.Count - positives;
        if (positives == 0 || negatives == 0)
            return double.NaN;
        return (rankSumPositive - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }

    public static double Brier(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels) =>
        probabilities.Count == 0 ? double.NaN
            : probabilities.Select((p, i) => Math.Pow(p - (labels[i] ? 1 : 0), 2)).Average();

    public static double LogLoss(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels) =>
        probabilities.Count == 0 ? double.NaN
            : -probabilities.Select((p, i) =>
            {
                var q = Math.Clamp(p, LogLossEpsilon, 1 - LogLossEpsilon);
                return labels[i] ? Math.Log(q) : Math.Log(1 - q);
            }).Average();

    /// <summary>Equal-width bins over [0, 1]; the last bin includes 1. Empty bins are listed with count 0.</summary>
    public static IReadOnlyList<CalibrationBin> CalibrationTable(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, int bins = 10)
    {
        var count = new int[bins];
        var predicted = new double[bins];
        var observed = new double[bins];
        for (var i = 0; i < probabilities.Count; i++)
        {
            var b = Math.Min(bins - 1, (int)Math.Floor(probabilities[i] * bins));
            b = Math.Max(0, b);
            count[b]++;
            predicted[b] += probabilities[i];
            observed[b] += labels[i] ? 1 : 0;
        }
        return Enumerable.Range(0, bins).Select(b => new CalibrationBin(
            b / (double)bins,
            (b + 1) / (double)bins,
            count[b],
            count[b] == 0 ? double.NaN : predicted[b] / count[b],
            count[b] == 0 ? double.NaN : observed[b] / count[b])).ToArray();
    }
}
