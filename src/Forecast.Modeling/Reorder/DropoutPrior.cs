using Forecast.Modeling.Lifetimes;
using MathNet.Numerics;

namespace Forecast.Modeling.Reorder;

/// <summary>
/// After each order a customer may stop buying the product (switched supplier, product phased out) while still
/// buying others: the pair drops out with probability p ~ Beta(<see cref="A"/>, <see cref="B"/>), the dropout
/// process of the BG/NBD (Fader, Hardie &amp; Lee 2005) moved from the customer to the customer x product pair and
/// combined with a renewal process for the gaps. Fitted by maximum likelihood over all pairs, each observed while its
/// customer was known to be alive (up to the customer's last order of anything), so customer-level lapses are left
/// to the customer's BG/NBD P(alive).
/// </summary>
public sealed record DropoutPrior(double A, double B)
{
    /// <summary>
    /// P(the pair still buys | its customer is alive, it has <paramref name="orders"/> orders and the current gap has
    /// lasted so long that a gap at least this long has probability <paramref name="survival"/>).
    /// </summary>
    public double ProbabilityActive(int orders, double survival)
    {
        var c = B + orders - 1;
        return c * survival / (c * survival + A);
    }

    /// <summary>Total log-likelihood of the pairs at these parameters (the sum of log L_i of <see cref="Fit"/>).</summary>
    public double LogLikelihood(IReadOnlyList<(int Orders, double Survival)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var lnBab = SpecialFunctions.BetaLn(A, B);
        var sum = 0.0;
        foreach (var (n, s) in pairs)
        {
            var c = B + n - 1;
            sum += SpecialFunctions.BetaLn(A, c) - lnBab + Math.Log(c * s + A) - Math.Log(A + c);
        }
        return sum;
    }

    /// <summary>
    /// Maximum likelihood over (orders n_i, survival S_i of the pair's current gap while the customer was alive):
    /// L_i = B(a, b + n - 1)/B(a, b) * [(b + n - 1) S + a] / (a + b + n - 1). <paramref name="maxIterations"/> caps the
    /// BFGS iterations of each start; a fit stopped by it is reported as not converged.
    /// </summary>
    public static (DropoutPrior Prior, OptimizationReport Report) Fit(IReadOnlyList<(int Orders, double Survival)> pairs, int maxIterations = 1000)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0)
            throw new ArgumentException("No pairs to fit the dropout prior.", nameof(pairs));
        var merged = pairs.GroupBy(p => (p.Orders, Math.Round(p.Survival, 4)))
            .Select(g => (N: (double)g.Key.Orders, S: g.Key.Item2, W: (double)g.Count()))
            .ToArray();
        var total = merged.Sum(m => m.W);

        double MeanLogLikelihood(double[] theta, double[] gradient)
        {
            double a = theta[0], b = theta[1], sum = 0, ga = 0, gb = 0;
            var lnBab = SpecialFunctions.BetaLn(a, b);
            var psiAb = SpecialFunctions.DiGamma(a + b);
            var psiB = SpecialFunctions.DiGamma(b);
            foreach (var (n, s, w) in merged)
            {
                var c = b + n - 1;
                var d = a + c;
                var mix = c * s + a;
                sum += w * (SpecialFunctions.BetaLn(a, c) - lnBab + Math.Log(mix) - Math.Log(d));
                var psiD = SpecialFunctions.DiGamma(d);
                ga += w * (psiAb - psiD + 1 / mix - 1 / d);
                gb += w * (SpecialFunctions.DiGamma(c) - psiD - psiB + psiAb + s / mix - 1 / d);
            }
            gradient[0] = ga / total;
            gradient[1] = gb / total;
            return sum / total;
        }

        var (theta, _, report) = MaximumLikelihood.Fit(MeanLogLikelihood, [[1, 3], [0.5, 1], [2, 10]], ["dropout a", "dropout b"], total, maxIterations: maxIterations);
        return (new DropoutPrior(theta[0], theta[1]), report);
    }
}
