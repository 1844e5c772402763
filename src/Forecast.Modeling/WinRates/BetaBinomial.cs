using MathNet.Numerics;

namespace Forecast.Modeling.WinRates;

/// <summary>Wins out of closed deals in one group (a team, a rep, a stage...).</summary>
public readonly record struct WinCount(int Won, int Closed)
{
    public int Lost => Closed - Won;

    public WinCount Add(bool won) => new(Won + (won ? 1 : 0), Closed + 1);
}

/// <summary>
/// Empirical-Bayes fit of the prior strength of a beta-binomial model: group win rates are Beta(κμ, κ(1-μ))
/// around their parent's rate μ, and κ (the prior's weight in pseudo-deals) maximises the marginal likelihood of
/// the groups' counts. Gelman et al., <i>Bayesian Data Analysis</i> 3rd ed. (2013), §5.3 (the rat-tumour
/// example); Efron &amp; Morris (1975), "Data analysis using Stein's estimator and its generalizations", JASA 70.
/// </summary>
public static class BetaBinomial
{
    /// <summary>Log probability of <paramref name="won"/> out of <paramref name="closed"/> under Beta-binomial(α, β).</summary>
    public static double LogLikelihood(int won, int closed, double alpha, double beta) =>
        SpecialFunctions.BinomialLn(closed, won)
        + SpecialFunctions.BetaLn(won + alpha, closed - won + beta)
        - SpecialFunctions.BetaLn(alpha, beta);

    /// <summary>
    /// The κ in [<paramref name="min"/>, <paramref name="max"/>] maximising Σ log BB(w_g | n_g, κμ_g, κ(1-μ_g)),
    /// by golden-section search on log κ. With fewer than <paramref name="minGroups"/> groups holding deals the
    /// data cannot tell κ apart, and <paramref name="fallback"/> is returned.
    /// </summary>
    /// <param name="groups">Each group's count and its parent's rate μ_g (in (0, 1)).</param>
    /// <param name="fallback">The strength returned when the data cannot tell.</param>
    /// <param name="min">The smallest strength considered.</param>
    /// <param name="max">The largest strength considered.</param>
    /// <param name="minGroups">Groups with deals needed before κ is fitted.</param>
    public static double FitPriorStrength(
        IReadOnlyList<(WinCount Count, double ParentRate)> groups,
        double fallback,
        double min = 2,
        double max = 2000,
        int minGroups = 3)
    {
        var used = groups.Where(g => g.Count.Closed > 0).ToArray();
        if (used.Length < minGroups)
            return fallback;

        double Objective(double logKappa)
        {
            var kappa = Math.Exp(logKappa);
            var sum = 0.0;
            foreach (var (count, parent) in used)
            {
                var mu = Math.Clamp(parent, 1e-6, 1 - 1e-6);
                sum += LogLikelihood(count.Won, count.Closed, kappa * mu, kappa * (1 - mu));
            }
            return sum;
        }

        // The marginal likelihood in log κ is unimodal in practice; golden section to a relative 1e-4 is plenty.
        double lo = Math.Log(min), hi = Math.Log(max);
        var phi = (Math.Sqrt(5) - 1) / 2;
        double a = hi - (phi * (hi - lo)), b = lo + (phi * (hi - lo));
        double fa = Objective(a), fb = Objective(b);
        while (hi - lo > 1e-4)
        {
            if (fa >= fb)
            {
                hi = b;
                b = a;
                fb = fa;
                a = hi - (phi * (hi - lo));
                fa = Objective(a);
            }
            else
            {
                lo = a;
                a = b;
                fa = fb;
                b = lo + (phi * (hi - lo));
                fb = Objective(b);
            }
        }
        return Math.Exp((lo + hi) / 2);
    }

    /// <summary>Posterior mean of a group's rate: (wins + κμ) / (closed + κ).</summary>
    public static double PosteriorMean(WinCount count, double parentRate, double kappa) =>
        (count.Won + (kappa * parentRate)) / (count.Closed + kappa);
}
