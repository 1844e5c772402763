using MathNet.Numerics;
using MathNet.Numerics.Statistics;

namespace Forecast.Modeling.Lifetimes;

/// <summary>Gamma-Gamma spend parameters: p (shape of each transaction's value), q and gamma (shape and scale of the customers' rates).</summary>
public readonly record struct GammaGammaParameters(double P, double Q, double Gamma)
{
    public bool IsValid => P > 0 && Q > 0 && Gamma > 0 && double.IsFinite(P) && double.IsFinite(Q) && double.IsFinite(Gamma);

    /// <summary>Mean transaction value of a customer drawn from the population; infinite when q &lt;= 1.</summary>
    public double PopulationMeanValue => Q > 1 ? P * Gamma / (Q - 1) : double.PositiveInfinity;

    public override string ToString() => FormattableString.Invariant($"p={P:G4}, q={Q:G4}, gamma={Gamma:G4}");
}

/// <summary>
/// A customer's repeat transactions for the spend model: how many (<paramref name="Frequency"/>, x &gt; 0) and their mean value
/// (<paramref name="MeanValue"/>, z̄ &gt; 0). <paramref name="Weight"/> counts identical customers merged into one row.
/// </summary>
public readonly record struct SpendSummary(double Frequency, double MeanValue, double Weight = 1);

/// <summary>
/// The Gamma-Gamma model of transaction value (Fader, Hardie &amp; Lee 2005, "RFM and CLV: using iso-value curves for
/// customer base analysis", JMR 42(4); Fader &amp; Hardie's note "The Gamma-Gamma model of monetary value", 2013):
/// each transaction's value is Gamma(p, ν) around the customer's mean p/ν, and ν is Gamma(q, γ) across customers.
/// Its point is the shrinkage: a customer with one large order is pulled towards the population mean, a customer
/// with twenty orders keeps close to their own. It assumes value and frequency are independent, which
/// <see cref="FrequencyValueCorrelation"/> lets a caller check before trusting it.
/// </summary>
public static class GammaGammaModel
{
    /// <summary>Sum over customers of weight × individual log-likelihood of their mean value given x.</summary>
    public static double LogLikelihood(GammaGammaParameters p, IReadOnlyList<SpendSummary> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var total = 0.0;
        foreach (var c in customers)
            total += c.Weight * IndividualLogLikelihood(p, c, null);
        return total;
    }

    /// <summary>
    /// Density of z̄ given x (the note's eq. 4, with the Jacobian of the mean so the likelihood matches lifetimes'
    /// and the paper's); when <paramref name="gradient"/> (length 3) is given, adds weight × the derivatives with
    /// respect to (p, q, γ).
    /// </summary>
    internal static double IndividualLogLikelihood(GammaGammaParameters p, SpendSummary c, double[]? gradient, double weight = 1)
    {
        double pp = p.P, q = p.Q, g = p.Gamma, x = c.Frequency, m = c.MeanValue;
        var px = pp * x;
        var logGxm = Math.Log(g + x * m);
        var ll = SpecialFunctions.GammaLn(px + q) - SpecialFunctions.GammaLn(px) - SpecialFunctions.GammaLn(q)
                 + q * Math.Log(g) + (px - 1) * Math.Log(m) + px * Math.Log(x) - (px + q) * logGxm;
        if (gradient is not null)
        {
            var psiPxq = SpecialFunctions.DiGamma(px + q);
            gradient[0] += weight * x * (psiPxq - SpecialFunctions.DiGamma(px) + Math.Log(m) + Math.Log(x) - logGxm);
            gradient[1] += weight * (psiPxq - SpecialFunctions.DiGamma(q) + Math.Log(g) - logGxm);
            gradient[2] += weight * (q / g - (px + q) / (g + x * m));
        }
        return ll;
    }

    /// <summary>
    /// E[value of a future transaction | x, z̄] (the note's eq. 5): a weighted average of the population mean and the
    /// customer's own mean, the weight on their own growing with x. For a customer with no repeat transactions the
    /// population mean.
    /// </summary>
    public static double ConditionalExpectedValue(GammaGammaParameters p, double frequency, double meanValue)
    {
        if (frequency < 0 || !double.IsFinite(frequency))
            throw new ArgumentOutOfRangeException(nameof(frequency), frequency, "The number of repeat transactions must be 0 or more.");
        if (frequency == 0)
            return p.PopulationMeanValue;
        if (meanValue <= 0 || !double.IsFinite(meanValue))
            throw new ArgumentOutOfRangeException(nameof(meanValue), meanValue, "The mean transaction value must be positive when there are transactions.");
        var px = p.P * frequency;
        return p.P * (p.Gamma + frequency * meanValue) / (px + p.Q - 1);
    }

    /// <summary>
    /// Pearson correlation between x and z̄ over customers with x &gt; 0. The model assumes none; near zero (CDNOW's
    /// repeat buyers: 0.11) it is fine, a strong one means frequent buyers spend differently per order.
    /// </summary>
    public static double FrequencyValueCorrelation(IReadOnlyList<SpendSummary> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        if (customers.Sum(c => c.Weight) <= 0)
            return double.NaN;
        return Correlation.WeightedPearson(customers.Select(c => c.Frequency), customers.Select(c => c.MeanValue), customers.Select(c => c.Weight));
    }
}

/// <summary>A fitted Gamma-Gamma model with its log-likelihood and how the fit ended.</summary>
public sealed record GammaGammaFit(GammaGammaParameters Parameters, double LogLikelihood, double Customers, OptimizationReport Report)
{
    public double ConditionalExpectedValue(double frequency, double meanValue) =>
        GammaGammaModel.ConditionalExpectedValue(Parameters, frequency, meanValue);
}

/// <summary>Fits the Gamma-Gamma spend model by maximum likelihood on the customers with at least one repeat transaction.</summary>
public static class GammaGammaFitter
{
    private static readonly string[] Names = ["p", "q", "gamma"];

    /// <param name="customers">Repeat-transaction summaries; rows with x = 0 carry no spend information and are skipped.</param>
    /// <param name="maxIterations">Cap on the BFGS iterations of each start; a fit stopped by it is reported as not converged.</param>
    public static GammaGammaFit Fit(IReadOnlyList<SpendSummary> customers, int maxIterations = 1000)
    {
        ArgumentNullException.ThrowIfNull(customers);
        foreach (var c in customers)
        {
            if (c.Frequency < 0 || !double.IsFinite(c.Frequency) || (c.Frequency > 0 && (c.MeanValue <= 0 || !double.IsFinite(c.MeanValue))))
                throw new ArgumentException(FormattableString.Invariant(
                    $"Inconsistent spend summary x={c.Frequency}, mean value={c.MeanValue}: need x >= 0 and a positive mean value when x > 0 (returns and zero-value orders must be removed first)."), nameof(customers));
        }
        var used = customers
            .Where(c => c.Frequency > 0 && c.Weight > 0)
            .GroupBy(c => (c.Frequency, c.MeanValue))
            .Select(g => new SpendSummary(g.Key.Frequency, g.Key.MeanValue, g.Sum(c => c.Weight)))
            .ToArray();
        if (used.Length == 0)
            throw new ArgumentException("No customer has a repeat transaction: the spend model has nothing to learn from.", nameof(customers));
        var totalWeight = used.Sum(c => c.Weight);
        var meanValue = used.Sum(c => c.Weight * c.MeanValue) / totalWeight;

        double MeanLogLikelihood(double[] theta, double[] gradient)
        {
            var p = new GammaGammaParameters(theta[0], theta[1], theta[2]);
            var sum = 0.0;
            foreach (var c in used)
                sum += c.Weight * GammaGammaModel.IndividualLogLikelihood(p, c, gradient, c.Weight);
            for (var i = 0; i < gradient.Length; i++)
                gradient[i] /= totalWeight;
            return sum / totalWeight;
        }

        // Starts whose population mean p·γ/(q−1) is the observed mean, at different amounts of shrinkage.
        double[][] starts = [[1, 2, meanValue], [5, 4, meanValue * 3 / 5], [0.5, 1.5, meanValue]];
        var (theta, meanLl, report) = MaximumLikelihood.Fit(MeanLogLikelihood, starts, Names, totalWeight, maxIterations: maxIterations);
        return new GammaGammaFit(new GammaGammaParameters(theta[0], theta[1], theta[2]), meanLl * totalWeight, totalWeight, report);
    }
}
