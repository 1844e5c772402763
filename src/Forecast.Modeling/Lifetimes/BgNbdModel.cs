using MathNet.Numerics;

namespace Forecast.Modeling.Lifetimes;

/// <summary>
/// The BG/NBD model of Fader, Hardie &amp; Lee (2005), "'Counting your customers' the easy way: an alternative
/// to the Pareto/NBD model", Marketing Science 24(2): the individual log-likelihood (eq. 6, in the
/// numerically stable form of Hardie's note "Implementing the BG/NBD model", 2013), P(alive) (eq. 13) and the
/// conditional expected number of purchases (eq. 10). The MBG/NBD variant (Batislam, Denizel &amp; Filiztekin
/// 2007) lets a customer drop out before the first repeat purchase, so a one-time buyer can be inactive.
/// </summary>
public static class BgNbdModel
{
    /// <summary>Sum over customers of weight x individual log-likelihood.</summary>
    public static double LogLikelihood(BgNbdParameters p, IReadOnlyList<RepeatPurchaseSummary> customers, BgNbdVariant variant = BgNbdVariant.BgNbd)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var total = 0.0;
        foreach (var c in customers)
            total += c.Weight * IndividualLogLikelihood(p, c, variant, null);
        return total;
    }

    /// <summary>
    /// Individual log-likelihood; when <paramref name="gradient"/> (length 4) is given, adds the derivatives with
    /// respect to (r, alpha, a, b) to it.
    /// </summary>
    internal static double IndividualLogLikelihood(BgNbdParameters p, RepeatPurchaseSummary c, BgNbdVariant variant, double[]? gradient, double weight = 1)
    {
        double r = p.R, alpha = p.Alpha, a = p.A, b = p.B, x = c.Frequency, tx = c.Recency, T = c.Age;
        // The MBG/NBD shifts the dropout counts by one purchase: B(a, b + x + 1) instead of B(a, b + x).
        var shift = variant == BgNbdVariant.ModifiedBgNbd ? 1.0 : 0.0;
        var a1 = SpecialFunctions.GammaLn(r + x) - SpecialFunctions.GammaLn(r) + r * Math.Log(alpha);
        var a2 = SpecialFunctions.GammaLn(a + b) + SpecialFunctions.GammaLn(b + x + shift)
                 - SpecialFunctions.GammaLn(b) - SpecialFunctions.GammaLn(a + b + x + shift);
        var logAlphaT = Math.Log(alpha + T);
        var logAlphaTx = Math.Log(alpha + tx);
        var a3 = -(r + x) * logAlphaT;
        var hasDeathTerm = x > 0 || variant == BgNbdVariant.ModifiedBgNbd;
        var a4 = hasDeathTerm ? Math.Log(a) - Math.Log(b + x - 1 + shift) - (r + x) * logAlphaTx : double.NegativeInfinity;
        var max = Math.Max(a3, a4);
        var logSum = max + Math.Log(Math.Exp(a3 - max) + (hasDeathTerm ? Math.Exp(a4 - max) : 0));
        if (gradient is not null)
        {
            var w4 = hasDeathTerm ? Math.Exp(a4 - logSum) : 0;
            var w3 = 1 - w4;
            var psiAb = SpecialFunctions.DiGamma(a + b);
            var psiAbx = SpecialFunctions.DiGamma(a + b + x + shift);
            gradient[0] += weight * (SpecialFunctions.DiGamma(r + x) - SpecialFunctions.DiGamma(r) + Math.Log(alpha)
                                     - w3 * logAlphaT - w4 * logAlphaTx);
            gradient[1] += weight * (r / alpha - w3 * (r + x) / (alpha + T) - w4 * (r + x) / (alpha + tx));
            gradient[2] += weight * (psiAb - psiAbx + w4 / a);
            gradient[3] += weight * (psiAb + SpecialFunctions.DiGamma(b + x + shift) - SpecialFunctions.DiGamma(b) - psiAbx
                                     - (hasDeathTerm ? w4 / (b + x - 1 + shift) : 0));
        }
        return a1 + a2 + logSum;
    }

    /// <summary>Probability that the customer is still alive at the end of observation (FHL 2005 eq. 13).</summary>
    public static double ProbabilityAlive(BgNbdParameters p, RepeatPurchaseSummary c, BgNbdVariant variant = BgNbdVariant.BgNbd)
    {
        if (variant == BgNbdVariant.BgNbd && c.Frequency == 0)
            return 1;
        return 1 / (1 + DeathOdds(p, c, variant));
    }

    /// <summary>
    /// Expected number of purchases in the next <paramref name="t"/> time units given the history (FHL 2005 eq. 10;
    /// for the MBG/NBD, Batislam et al. 2007 eq. 5).
    /// </summary>
    public static double ConditionalExpectedPurchases(BgNbdParameters p, RepeatPurchaseSummary c, double t, BgNbdVariant variant = BgNbdVariant.BgNbd)
    {
        if (t < 0)
            throw new ArgumentOutOfRangeException(nameof(t), t, "The horizon must not be negative.");
        if (t == 0)
            return 0;
        double r = p.R, alpha = p.Alpha, a = p.A, b = p.B, x = c.Frequency, T = c.Age;
        var shift = variant == BgNbdVariant.ModifiedBgNbd ? 1.0 : 0.0;
        var z = t / (alpha + T + t);
        var hyp = GaussHypergeometric.Evaluate(r + x, b + x + shift, a + b + x - 1 + shift, z);
        var bracket = 1 - Math.Exp((r + x) * Math.Log((alpha + T) / (alpha + T + t))) * hyp;
        return (a + b + x - 1 + shift) / (a - 1) * bracket * ProbabilityAlive(p, c, variant);
    }

    private static double DeathOdds(BgNbdParameters p, RepeatPurchaseSummary c, BgNbdVariant variant)
    {
        var shift = variant == BgNbdVariant.ModifiedBgNbd ? 1.0 : 0.0;
        var x = c.Frequency;
        var log = Math.Log(p.A) - Math.Log(p.B + x - 1 + shift)
                  + (p.R + x) * (Math.Log(p.Alpha + c.Age) - Math.Log(p.Alpha + c.Recency));
        return Math.Exp(log);
    }
}
