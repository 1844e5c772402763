namespace Forecast.Modeling.Lifetimes;

/// <summary>A fitted BG/NBD (or MBG/NBD) model with its log-likelihood and how the fit ended.</summary>
public sealed record BgNbdFit(
    BgNbdParameters Parameters,
    BgNbdVariant Variant,
    double LogLikelihood,
    double Customers,
    OptimizationReport Report)
{
    public double ProbabilityAlive(RepeatPurchaseSummary c) => BgNbdModel.ProbabilityAlive(Parameters, c, Variant);

    public double ConditionalExpectedPurchases(RepeatPurchaseSummary c, double t) =>
        BgNbdModel.ConditionalExpectedPurchases(Parameters, c, t, Variant);
}

/// <summary>
/// Fits the BG/NBD (Fader, Hardie &amp; Lee 2005) or MBG/NBD (Batislam et al. 2007) by maximum likelihood, as in
/// the paper (which maximised eq. 6 summed over customers), with an analytic gradient and an explicit convergence
/// report. Identical (x, t_x, T) rows are merged first, so day-level data of large customer bases stay cheap.
/// </summary>
public static class BgNbdFitter
{
    private static readonly string[] Names = ["r", "alpha", "a", "b"];

    /// <param name="customers">The customers' (x, t_x, T) summaries.</param>
    /// <param name="variant">BG/NBD or MBG/NBD.</param>
    /// <param name="maxIterations">Cap on the BFGS iterations of each start; a fit stopped by it is reported as not converged.</param>
    public static BgNbdFit Fit(IReadOnlyList<RepeatPurchaseSummary> customers, BgNbdVariant variant = BgNbdVariant.BgNbd, int maxIterations = 1000)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var merged = customers
            .Where(c => c.Weight > 0)
            .GroupBy(c => (c.Frequency, c.Recency, c.Age))
            .Select(g => new RepeatPurchaseSummary(g.Key.Frequency, g.Key.Recency, g.Key.Age, g.Sum(c => c.Weight)))
            .ToArray();
        if (merged.Length == 0)
            throw new ArgumentException("No customers to fit.", nameof(customers));
        foreach (var c in merged)
        {
            if (c.Frequency < 0 || c.Recency < 0 || c.Age < c.Recency || (c.Frequency == 0 && c.Recency != 0) || (c.Frequency > 0 && c.Recency <= 0))
                throw new ArgumentException(FormattableString.Invariant(
                    $"Inconsistent customer summary x={c.Frequency}, t_x={c.Recency}, T={c.Age}: need 0 <= t_x <= T, t_x = 0 exactly when x = 0."), nameof(customers));
        }
        var totalWeight = merged.Sum(c => c.Weight);
        var meanAge = merged.Sum(c => c.Weight * c.Age) / totalWeight;
        var scale = Math.Max(meanAge, 1e-3);

        double MeanLogLikelihood(double[] theta, double[] gradient)
        {
            var p = new BgNbdParameters(theta[0], theta[1], theta[2], theta[3]);
            var sum = 0.0;
            foreach (var c in merged)
                sum += c.Weight * BgNbdModel.IndividualLogLikelihood(p, c, variant, gradient, c.Weight);
            for (var i = 0; i < gradient.Length; i++)
                gradient[i] /= totalWeight;
            return sum / totalWeight;
        }

        // Starting points on the scale of the data; the second and third rescue fits where the first line search wanders.
        double[][] starts = [[1, scale, 1, 1], [0.5, scale / 4, 0.5, 2], [2, scale * 2, 2, 5]];
        var (theta, meanLl, report) = MaximumLikelihood.Fit(MeanLogLikelihood, starts, Names, totalWeight, maxIterations: maxIterations);
        var parameters = new BgNbdParameters(theta[0], theta[1], theta[2], theta[3]);
        if (parameters.A < 1e-4 && parameters.A / (parameters.A + parameters.B) < 1e-6)
        {
            // The likelihood keeps rising as the dropout probability goes to zero: the NBD without dropout fits best.
            report = report with
            {
                Converged = false,
                Reason = "the maximum is on the boundary a -> 0 (dropout probability -> 0): the data are best explained by customers who never drop out, so P(alive) would be 1 for all",
            };
        }
        return new BgNbdFit(parameters, variant, meanLl * totalWeight, totalWeight, report);
    }
}
