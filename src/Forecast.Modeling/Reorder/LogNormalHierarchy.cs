using Forecast.Modeling.Lifetimes;
using MathNet.Numerics;

namespace Forecast.Modeling.Reorder;

/// <summary>A shrunken effect (log scale) of one product or customer, with its posterior variance.</summary>
public readonly record struct EffectEstimate(double Mean, double Variance);

/// <summary>
/// A hierarchical log-normal model for repeated positive values of customer x product pairs (inter-order gaps, or
/// order quantities): log-value ~ N(mu_pair, sigma_pair^2); mu_pair ~ N(<see cref="Mean"/> + product effect +
/// customer effect, <see cref="PairVariance"/>) with crossed random effects (Gelman &amp; Hill 2007, ch. 13);
/// sigma_pair^2 ~ scaled inverse chi-square(<see cref="WithinDf"/>, <see cref="WithinScale"/>), its two
/// hyperparameters fitted by maximum likelihood from the pairs' sample variances, which are F-distributed around
/// the scale (Smyth 2004, "Linear models and empirical Bayes methods for assessing differential expression",
/// section 6.2). A pair's posterior is a semi-conjugate normal update (<see cref="Predictive(long, long, IReadOnlyList{double})"/>), so a pair with few
/// values borrows strength from its product and its customer and gets a wider (Student-t) predictive interval,
/// narrowing as its own values accumulate.
/// </summary>
public sealed record LogNormalHierarchy(
    double Mean,
    double PairVariance,
    double ProductVariance,
    double CustomerVariance,
    double WithinScale,
    double WithinDf,
    IReadOnlyDictionary<long, EffectEstimate> ProductEffects,
    IReadOnlyDictionary<long, EffectEstimate> CustomerEffects)
{
    /// <summary>The within-pair variance prior cannot be estimated with fewer pairs having 3+ values; defaults are used.</summary>
    public const int MinPairsForWithinFit = 10;

    /// <summary>Prior mean of a pair's mu and its variance (pair spread plus the uncertainty of the shrunken effects).</summary>
    public (double Mean, double Variance) PairPrior(long customer, long product)
    {
        var p = ProductEffects.TryGetValue(product, out var pe) ? pe : new EffectEstimate(0, ProductVariance);
        var c = CustomerEffects.TryGetValue(customer, out var ce) ? ce : new EffectEstimate(0, CustomerVariance);
        return (Mean + p.Mean + c.Mean, PairVariance + p.Variance + c.Variance);
    }

    /// <summary>
    /// The predictive distribution of the pair's next log-value given its past log-values. Semi-conjugate update
    /// (Gelman et al., BDA3, section 3.4, with the variance at its posterior mean): the pair's variance is updated from
    /// the prior with its own sum of squares; its mean is the precision-weighted average of the prior mean (weight
    /// 1/prior variance) and its own mean (weight k/variance), so a very regular pair soon outweighs its prior. The
    /// predictive is Student-t with the variance's degrees of freedom and scale^2 = variance + posterior variance of the mean.
    /// </summary>
    public LogStudentT Predictive(long customer, long product, IReadOnlyList<double> logValues) =>
        Predictive(customer, product, LogSample.Of(logValues));

    /// <summary>The same predictive from a summary of the log-values (all the update needs).</summary>
    public LogStudentT Predictive(long customer, long product, LogSample sample)
    {
        var (mu0, v0) = PairPrior(customer, product);
        var k = sample.Count;
        var df = WithinDf + Math.Max(k - 1, 0);
        var variance = (WithinDf * WithinScale + sample.SumOfSquares) / df;
        var precision = 1 / v0 + k / variance;
        var muN = (mu0 / v0 + k * sample.Mean / variance) / precision;
        return new LogStudentT(muN, Math.Sqrt(variance + 1 / precision), df);
    }

    /// <summary>
    /// Fits the hierarchy from each pair's log-values. Values are taken as rounded to whole units (days, pieces), so
    /// each contributes at least the rounding variance 1/(12 v^2) on the log scale; a pair of identical values then
    /// still has a finite variance estimate.
    /// </summary>
    public static (LogNormalHierarchy Hierarchy, LogNormalHierarchyReport Report) Fit(IReadOnlyList<(long Customer, long Product, double[] LogValues)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        return Fit(pairs.Select(p => (p.Customer, p.Product, LogSample.Of(p.LogValues))).ToArray());
    }

    /// <summary>The same fit from each pair's summary (count, mean and sum of squares of its log-values).</summary>
    public static (LogNormalHierarchy Hierarchy, LogNormalHierarchyReport Report) Fit(IReadOnlyList<(long Customer, long Product, LogSample Sample)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var withPairs = pairs.Where(p => p.Sample.Count > 0).ToArray();
        var (scale, df, withinReport, withinPairs) = FitWithin(withPairs);

        var y = new double[withPairs.Length];
        var sv = new double[withPairs.Length];
        var product = new long[withPairs.Length];
        var customer = new long[withPairs.Length];
        for (var i = 0; i < withPairs.Length; i++)
        {
            var sample = withPairs[i].Sample;
            var k = sample.Count;
            y[i] = sample.Mean;
            var sigma2 = (df * scale + sample.SumOfSquares) / (df + k - 1);
            sv[i] = sigma2 / k;
            product[i] = withPairs[i].Product;
            customer[i] = withPairs[i].Customer;
        }
        var effects = CrossedRandomEffects.Fit(y, sv, product, customer);
        var hierarchy = new LogNormalHierarchy(effects.Mean, effects.PairVariance, effects.ProductVariance, effects.CustomerVariance,
            scale, df, effects.Products, effects.Customers);
        return (hierarchy, new LogNormalHierarchyReport(withPairs.Length, withinPairs, withinReport, effects.Iterations, effects.Converged));
    }

    private static (double Scale, double Df, OptimizationReport? Report, int Pairs) FitWithin(IReadOnlyList<(long Customer, long Product, LogSample Sample)> pairs)
    {
        var d = new List<double>();
        var s2 = new List<double>();
        foreach (var p in pairs)
        {
            var k = p.Sample.Count;
            if (k < 2)
                continue;
            d.Add(k - 1);
            s2.Add(p.Sample.SumOfSquares / (k - 1));
        }
        if (d.Count < MinPairsForWithinFit)
        {
            // Too little repetition to learn how regular pairs are: a weakly informative prior (sd 0.5 on the log
            // scale, i.e. a cycle varies by about +-65%, with the weight of 4 observations).
            var pooled = d.Count == 0 ? 0.25 : Math.Max(s2.Zip(d, (s, w) => s * w).Sum() / d.Sum(), 0.01);
            return (d.Count == 0 ? 0.25 : pooled, 4, null, d.Count);
        }

        // s_i^2 / s0^2 ~ F(d_i, nu0): log-likelihood in (s0^2, nu0) and its gradient.
        double MeanLogLikelihood(double[] theta, double[] gradient)
        {
            double s0 = theta[0], nu = theta[1], sum = 0, gS = 0, gNu = 0;
            var lnNu = Math.Log(nu);
            for (var i = 0; i < d.Count; i++)
            {
                double d1 = d[i], x = s2[i] / s0, dx = d1 * x + nu;
                var lnDx = Math.Log(dx);
                sum += 0.5 * (d1 * Math.Log(d1 * x) + nu * lnNu - (d1 + nu) * lnDx) - Math.Log(x)
                       - SpecialFunctions.BetaLn(d1 / 2, nu / 2) - Math.Log(s0);
                gS += (-d1 / 2 + (d1 + nu) * d1 * x / (2 * dx)) / s0;
                gNu += 0.5 * (lnNu + 1 - lnDx - (d1 + nu) / dx)
                       - 0.5 * (SpecialFunctions.DiGamma(nu / 2) - SpecialFunctions.DiGamma((d1 + nu) / 2));
            }
            gradient[0] = gS / d.Count;
            gradient[1] = gNu / d.Count;
            return sum / d.Count;
        }

        var pooledVariance = s2.Zip(d, (s, w) => s * w).Sum() / d.Sum();
        var (theta, _, report) = MaximumLikelihood.Fit(MeanLogLikelihood, [[pooledVariance, 4], [pooledVariance, 20]], ["within scale", "within df"], d.Count);
        if (report.Converged)
            return (theta[0], theta[1], report, d.Count);
        // The usual failure: nu0 runs to infinity because every pair is about as regular as the next. Then all pairs
        // share one variance, which a large nu0 says.
        var df = double.IsFinite(theta[1]) && theta[1] > 1000 ? 1000 : 4;
        return (pooledVariance, df, report, d.Count);
    }

    internal static double SumOfSquares(IReadOnlyList<double> values, double mean)
    {
        var ss = 0.0;
        foreach (var v in values)
            ss += (v - mean) * (v - mean);
        return ss;
    }

    internal static double RoundingFloor(IReadOnlyList<double> logValues)
    {
        var floor = 0.0;
        foreach (var v in logValues)
            floor += Math.Exp(-2 * v) / 12;
        return floor * (logValues.Count - 1) / logValues.Count;
    }
}

/// <summary>How the hierarchy was fitted: pairs used, the within-pair variance fit, and the random-effects EM.</summary>
public sealed record LogNormalHierarchyReport(int Pairs, int PairsWithVariance, OptimizationReport? WithinFit, int EmIterations, bool EmConverged);

/// <summary>
/// Count, mean and sum of squared deviations of a pair's log-values: all the semi-conjugate update of
/// <see cref="LogNormalHierarchy.Predictive(long, long, LogSample)"/> needs, so an entity with thousands of order days
/// (a product bought daily) is stored in three numbers. The sum of squares is at least the rounding floor of whole units.
/// </summary>
public readonly record struct LogSample(int Count, double Mean, double SumOfSquares)
{
    public static LogSample Of(IReadOnlyList<double> logValues)
    {
        ArgumentNullException.ThrowIfNull(logValues);
        var k = logValues.Count;
        if (k == 0)
            return default;
        var mean = logValues.Average();
        var ss = k < 2 ? 0 : Math.Max(LogNormalHierarchy.SumOfSquares(logValues, mean), LogNormalHierarchy.RoundingFloor(logValues));
        return new LogSample(k, mean, ss);
    }
}

/// <summary>
/// A Student-t distribution on the log scale (so a log-t distribution of the value): the predictive distribution of
/// a pair's next gap or quantity under the normal-inverse-chi-square posterior (Gelman et al., BDA3, section 3.3).
/// Survival is computed on the log scale (<see cref="LogSurvival"/>), exact far into the tail, where a survival
/// probability itself would underflow to 0.
/// </summary>
public readonly record struct LogStudentT(double Location, double Scale, double Df)
{
    /// <summary>P(value &lt;= v).</summary>
    public double Cdf(double v) => v <= 0 ? 0 : -LogMath.ExpM1(LogSurvival(v));

    /// <summary>P(value &gt; v).</summary>
    public double Survival(double v) => Math.Exp(LogSurvival(v));

    /// <summary>log P(value &gt; v), exact where P itself underflows (a gap many times the usual cycle).</summary>
    public double LogSurvival(double v) => v <= 0 ? 0 : StudentTTail.LogUpper((Math.Log(v) - Location) / Scale, Df);

    public double Median => Math.Exp(Location);

    /// <summary>The value v with P(value &gt; v) = <paramref name="survival"/>.</summary>
    public double InverseSurvival(double survival)
    {
        if (survival <= 0)
            return double.PositiveInfinity;
        if (survival >= 1)
            return 0;
        return InverseLogSurvival(Math.Log(survival));
    }

    /// <summary>The value v with log P(value &gt; v) = <paramref name="logSurvival"/> (infinity when it is beyond any double).</summary>
    public double InverseLogSurvival(double logSurvival)
    {
        if (logSurvival >= 0)
            return 0;
        var k = StudentTTail.InverseLogUpper(logSurvival, Df);
        return double.IsPositiveInfinity(k) ? double.PositiveInfinity : Math.Exp(Location + Scale * k);
    }
}
