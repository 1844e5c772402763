namespace Forecast.Modeling.Reorder;

/// <summary>
/// The one-parameter dropout model, the last link of every fallback chain: after each order the pair (or the customer,
/// or the product) stops for good with the same probability <see cref="Probability"/>. It is the beta-geometric of
/// <see cref="DropoutPrior"/> in its limit of no heterogeneity (a, b to infinity with a/(a + b) = p), i.e. the dropout
/// process of the BG/NBD (Fader, Hardie &amp; Lee 2005) with one p for everybody. One history with n orders whose
/// current silence has survival S (if still active) has likelihood L(p) = (1 - p)^(n - 1) [p + (1 - p) S]; both factors
/// are log-concave in p, and so is the Beta(2, 10) prior, so the posterior mode is the single root of a decreasing
/// derivative on (0, 1), found by bisection: a fit that always ends, always inside (0, 1). The prior counts as ten
/// orders of which one was followed by a dropout (mode 1/10): against thousands of histories it weighs nothing, and it
/// keeps p off 0, where every pair, however long silent, would be called active. With no evidence at all (nobody
/// ordered twice, nobody has been silent) the data term is flat and the estimate is the prior's mode, 1/10.
/// </summary>
public sealed record ConstantDropout(double Probability)
{
    /// <summary>Prior dropouts (Beta shape a - 1): the prior is Beta(2, 10).</summary>
    public const double PriorDropouts = 1;

    /// <summary>Prior orders followed by another order (Beta shape b - 1).</summary>
    public const double PriorContinuations = 9;

    /// <summary>
    /// P(still active | a silence whose log-survival, if active, is <paramref name="logSurvival"/>): the posterior
    /// (1 - p) S / ((1 - p) S + p), from logs so that a survival below 1e-308 still gives a tiny probability, not 0/0.
    /// </summary>
    public double ProbabilityActive(double logSurvival) =>
        Logistic(LogMath.Log1P(-Probability) + logSurvival - Math.Log(Probability));

    /// <summary>Log-likelihood of the histories at <paramref name="probability"/> (without the prior).</summary>
    public static double LogLikelihood(IReadOnlyList<(int Orders, double Survival)> histories, double probability)
    {
        ArgumentNullException.ThrowIfNull(histories);
        var sum = 0.0;
        var logStay = LogMath.Log1P(-probability);
        foreach (var (n, s) in histories)
            sum += (n - 1) * logStay + Math.Log(probability + (1 - probability) * s);
        return sum;
    }

    /// <summary>
    /// The posterior mode of p under the Beta(2, 10) prior, the log-likelihood there, and whether the data said
    /// anything (false: nobody ordered twice and nobody was silent, so the estimate is the prior's mode).
    /// </summary>
    public static (ConstantDropout Dropout, double LogLikelihood, bool HasEvidence) Fit(IReadOnlyList<(int Orders, double Survival)> histories)
    {
        ArgumentNullException.ThrowIfNull(histories);
        double continuations = PriorContinuations;
        var evidence = false;
        foreach (var (n, s) in histories)
        {
            if (n < 1 || !(s >= 0 && s <= 1))
                throw new ArgumentException(FormattableString.Invariant($"A history needs at least one order and a survival in [0, 1] (got {n}, {s})."), nameof(histories));
            continuations += n - 1;
            evidence |= n > 1 || s < 1;
        }

        // d/dp of the log posterior: decreasing, +infinity at 0 (the prior's dropout) and -infinity at 1. Bisection on
        // the log-odds keeps relative precision for a p of 1e-6 as for one of 0.5.
        double Slope(double p)
        {
            var slope = PriorDropouts / p - continuations / (1 - p);
            foreach (var (_, s) in histories)
                slope += (1 - s) / (p + (1 - p) * s);
            return slope;
        }

        double lo = -40, hi = 40;
        for (var i = 0; i < 200 && hi - lo > 1e-10; i++)
        {
            var mid = (lo + hi) / 2;
            if (Slope(Logistic(mid)) > 0)
                lo = mid;
            else
                hi = mid;
        }
        var p = Logistic((lo + hi) / 2);
        return (new ConstantDropout(p), LogLikelihood(histories, p), evidence);
    }

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
}
