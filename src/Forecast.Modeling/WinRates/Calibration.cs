using System.Text.Json.Serialization;

namespace Forecast.Modeling.WinRates;

/// <summary>Maps a classifier's raw score to a probability.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "method")]
[JsonDerivedType(typeof(PlattCalibrator), "platt")]
[JsonDerivedType(typeof(IsotonicCalibrator), "isotonic")]
public abstract record ScoreCalibrator
{
    public abstract double Probability(double score);

    /// <summary>
    /// Fits Platt and isotonic calibration on the first (earlier) part of <paramref name="scores"/>, keeps the one
    /// with the lower log loss on the later part, and refits it on all of them: the choice is made in time order,
    /// as the calibrator will be used. Rows must be in time order. Niculescu-Mizil &amp; Caruana, "Predicting good
    /// probabilities with supervised learning", ICML 2005 (isotonic wins with enough data, Platt with little).
    /// </summary>
    public static ScoreCalibrator FitBest(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var cut = scores.Count * 2 / 3;
        if (cut < 50 || scores.Count - cut < 25)
            return PlattCalibrator.Fit(scores, labels);
        var early = (scores.Take(cut).ToArray(), labels.Take(cut).ToArray());
        var late = (scores.Skip(cut).ToArray(), labels.Skip(cut).ToArray());
        var platt = PlattCalibrator.Fit(early.Item1, early.Item2);
        var isotonic = IsotonicCalibrator.Fit(early.Item1, early.Item2);
        var plattLoss = BinaryMetrics.LogLoss(late.Item1.Select(platt.Probability).ToArray(), late.Item2);
        var isotonicLoss = BinaryMetrics.LogLoss(late.Item1.Select(isotonic.Probability).ToArray(), late.Item2);
        return isotonicLoss < plattLoss ? IsotonicCalibrator.Fit(scores, labels) : PlattCalibrator.Fit(scores, labels);
    }
}

/// <summary>
/// Platt scaling p = 1 / (1 + exp(A·s + B)), fitted by Newton's method with backtracking on the regularised
/// targets of Platt, "Probabilistic outputs for support vector machines" (1999), in the numerically safe form
/// of Lin, Lin &amp; Weng, "A note on Platt's probabilistic outputs for SVMs", Machine Learning 68 (2007).
/// A is kept at or below 0, so a calibrator never reverses the classifier's ranking. Scores outside the range seen
/// while fitting (<see cref="MinScore"/>..<see cref="MaxScore"/>) are taken at the nearest end: the sigmoid must not
/// extrapolate a deal unlike any calibration deal to 0.001 or 0.999.
/// </summary>
public sealed record PlattCalibrator(double A, double B) : ScoreCalibrator
{
    /// <summary>The lowest score seen while fitting (NaN on calibrators stored before the range was kept: no clamping).</summary>
    public double MinScore { get; init; } = double.NaN;

    /// <summary>The highest score seen while fitting.</summary>
    public double MaxScore { get; init; } = double.NaN;

    public override double Probability(double score)
    {
        if (!double.IsNaN(MinScore) && score < MinScore)
            score = MinScore;
        if (!double.IsNaN(MaxScore) && score > MaxScore)
            score = MaxScore;
        var z = (A * score) + B;
        return z >= 0 ? Math.Exp(-z) / (1 + Math.Exp(-z)) : 1 / (1 + Math.Exp(z));
    }

    public static PlattCalibrator Fit(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        int positives = labels.Count(l => l), negatives = labels.Count - positives;
        double hi = (positives + 1.0) / (positives + 2.0), lo = 1.0 / (negatives + 2.0);
        var targets = labels.Select(l => l ? hi : lo).ToArray();
        double a = 0, b = Math.Log((negatives + 1.0) / (positives + 1.0));
        const double sigma = 1e-12;

        double Objective(double aa, double bb)
        {
            var f = 0.0;
            for (var i = 0; i < scores.Count; i++)
            {
                var z = (scores[i] * aa) + bb;
                f += z >= 0 ? (targets[i] * z) + Math.Log(1 + Math.Exp(-z)) : ((targets[i] - 1) * z) + Math.Log(1 + Math.Exp(z));
            }
            return f;
        }

        var fval = Objective(a, b);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double h11 = sigma, h22 = sigma, h21 = 0, g1 = 0, g2 = 0;
            for (var i = 0; i < scores.Count; i++)
            {
                var z = (scores[i] * a) + b;
                double p, q;
                if (z >= 0)
                {
                    p = Math.Exp(-z) / (1 + Math.Exp(-z));
                    q = 1 / (1 + Math.Exp(-z));
                }
                else
                {
                    p = 1 / (1 + Math.Exp(z));
                    q = Math.Exp(z) / (1 + Math.Exp(z));
                }
                var d2 = p * q;
                h11 += scores[i] * scores[i] * d2;
                h22 += d2;
                h21 += scores[i] * d2;
                var d1 = targets[i] - p;
                g1 += scores[i] * d1;
                g2 += d1;
            }
            if (Math.Abs(g1) < 1e-5 && Math.Abs(g2) < 1e-5)
                break;
            var det = (h11 * h22) - (h21 * h21);
            var da = -((h22 * g1) - (h21 * g2)) / det;
            var db = -((-h21 * g1) + (h11 * g2)) / det;
            var gd = (g1 * da) + (g2 * db);
            var step = 1.0;
            var improved = false;
            while (step >= 1e-10)
            {
                var na = a + (step * da);
                var nb = b + (step * db);
                var nf = Objective(na, nb);
                if (nf < fval + (1e-4 * step * gd))
                {
                    (a, b, fval, improved) = (na, nb, nf, true);
                    break;
                }
                step /= 2;
            }
            if (!improved)
                break;
        }
        // A calibrator must not reverse the classifier's ranking: a score that ranks backwards out of time
        // carries no usable signal, so only the intercept (the base rate) is kept.
        // (In Platt's sign convention a rising probability means A < 0.)
        if (a > 0)
            return new PlattCalibrator(0, Math.Log((1 - targets.Average()) / targets.Average()));
        return new PlattCalibrator(a, b) { MinScore = scores.Count > 0 ? scores.Min() : double.NaN, MaxScore = scores.Count > 0 ? scores.Max() : double.NaN };
    }
}

/// <summary>
/// Isotonic regression of the label on the score by pool-adjacent-violators, interpolated linearly between
/// block centres. Zadrozny &amp; Elkan, "Transforming classifier scores into accurate multiclass probability
/// estimates", KDD 2002; Barlow et al. (1972). Each block's rate is shrunk towards the overall rate with the weight
/// of <see cref="PriorDeals"/> deals (a Beta prior centred on the base rate): a block of 8 lost deals says "unlikely",
/// not "0.1%", which the raw block mean clamped to [0.001, 0.999] used to print for ordinary deals.
/// </summary>
public sealed record IsotonicCalibrator(double[] Scores, double[] Probabilities) : ScoreCalibrator
{
    private const double Floor = 0.001;

    /// <summary>Weight of the overall rate in each block's rate, in deals.</summary>
    public const double PriorDeals = 2;

    public override double Probability(double score)
    {
        if (Scores.Length == 0)
            return 0.5;
        if (score <= Scores[0])
            return Probabilities[0];
        if (score >= Scores[^1])
            return Probabilities[^1];
        var i = Array.BinarySearch(Scores, score);
        if (i >= 0)
            return Probabilities[i];
        i = ~i;
        var t = (score - Scores[i - 1]) / (Scores[i] - Scores[i - 1]);
        return Probabilities[i - 1] + (t * (Probabilities[i] - Probabilities[i - 1]));
    }

    public static IsotonicCalibrator Fit(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        // Blocks: (sum of labels, weight, sum of scores). Equal scores start in one block so ties stay together.
        var sums = new List<double>();
        var weights = new List<double>();
        var scoreSums = new List<double>();
        var last = double.NaN;
        foreach (var i in order)
        {
            var y = labels[i] ? 1.0 : 0.0;
            var tie = scores[i] == last;
            last = scores[i];
            if (tie)
            {
                sums[^1] += y;
                weights[^1] += 1;
                scoreSums[^1] += scores[i];
            }
            else
            {
                sums.Add(y);
                weights.Add(1);
                scoreSums.Add(scores[i]);
            }
            while (sums.Count > 1 && sums[^2] / weights[^2] >= sums[^1] / weights[^1])
            {
                sums[^2] += sums[^1];
                weights[^2] += weights[^1];
                scoreSums[^2] += scoreSums[^1];
                sums.RemoveAt(sums.Count - 1);
                weights.RemoveAt(weights.Count - 1);
                scoreSums.RemoveAt(scoreSums.Count - 1);
            }
        }
        var centres = scoreSums.Select((s, k) => s / weights[k]).ToArray();
        var overall = labels.Count > 0 ? labels.Count(l => l) / (double)labels.Count : 0.5;
        var probabilities = sums.Select((s, k) => Math.Clamp((s + PriorDeals * overall) / (weights[k] + PriorDeals), Floor, 1 - Floor)).ToArray();
        // Shrinking blocks of different sizes can leave a small step out of order: the running maximum keeps it monotone.
        for (var k = 1; k < probabilities.Length; k++)
            probabilities[k] = Math.Max(probabilities[k], probabilities[k - 1]);
        return new IsotonicCalibrator(centres, probabilities);
    }
}
