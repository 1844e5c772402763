using Forecast.Modeling.Lifetimes;
using MathNet.Numerics;

namespace Forecast.Modeling.Reorder;

/// <summary>
/// Pair-level dropout with partial pooling: after each order the pair stops with probability p ~ Beta(phi m, phi (1 - m))
/// where logit m = <see cref="Intercept"/> + product effect + customer effect, the effects normal with variances
/// <see cref="ProductVariance"/> and <see cref="CustomerVariance"/> - a beta-geometric (the BG/NBD dropout of Fader,
/// Hardie &amp; Lee 2005, moved to the customer x product pair) with crossed random effects on the logit of its mean,
/// fitted by penalised maximum likelihood (the effects' posterior modes, backfitted by one-dimensional Newton steps) with
/// the variances updated from the modes and their Laplace variances (Breslow &amp; Clayton 1993, "Approximate inference
/// in generalized linear mixed models"). Staples that everyone reorders and one-off novelties, loyal and exploring
/// customers, then get their own dropout rate, shrunk towards the global one by how much evidence they have.
/// When the global beta-geometric fit does not converge, the dropout falls back, never to "every pair is active"
/// (<see cref="PairDropoutModel"/>): to the best point the optimiser reached if a likelihood-ratio test prefers it to the
/// one-parameter model, else to that model (<see cref="ConstantDropout"/>, one p for every pair, a fit that cannot fail),
/// which with no evidence at all is its Beta(2, 10) prior. <see cref="Concentration"/> is then +infinity: no heterogeneity.
/// </summary>
public sealed record PairDropout(
    double Concentration,
    double Intercept,
    double ProductVariance,
    double CustomerVariance,
    IReadOnlyDictionary<long, EffectEstimate> ProductEffects,
    IReadOnlyDictionary<long, EffectEstimate> CustomerEffects)
{
    /// <summary>One pair's evidence: its orders and how likely a gap as long as its current silence (while its customer and product were alive) is.</summary>
    public readonly record struct Observation(long Customer, long Product, int Orders, double Survival);

    /// <summary>Mean dropout probability after an order for this customer and product.</summary>
    public double MeanDropout(long customer, long product) => Sigmoid(Eta(customer, product));

    /// <summary>P(the pair still buys | its customer and product are alive, it has <paramref name="orders"/> orders, survival of the current gap).</summary>
    public double ProbabilityActive(long customer, long product, int orders, double survival) =>
        ProbabilityActiveFromLog(customer, product, orders, Math.Log(survival));

    /// <summary>
    /// The same from the log-survival of the current gap: c S / (c S + a) = 1 / (1 + exp(log a - log c - log S)), so a
    /// silence whose survival underflows still gives a tiny probability rather than 0/0. With an infinite concentration
    /// (the one-parameter fallback) a/c is the odds m/(1 - m) whatever the number of orders.
    /// </summary>
    public double ProbabilityActiveFromLog(long customer, long product, int orders, double logSurvival)
    {
        var eta = Eta(customer, product);
        double logOdds;
        if (double.IsPositiveInfinity(Concentration))
        {
            logOdds = eta - logSurvival;
        }
        else
        {
            var m = Sigmoid(eta);
            double a = Concentration * m, c = Concentration * (1 - m) + orders - 1;
            logOdds = Math.Log(a) - Math.Log(c) - logSurvival;
        }
        return Sigmoid(-logOdds);
    }

    private double Eta(long customer, long product) =>
        Intercept + (ProductEffects.TryGetValue(product, out var p) ? p.Mean : 0) + (CustomerEffects.TryGetValue(customer, out var c) ? c.Mean : 0);

    /// <summary>
    /// Fits the global beta-geometric, then (<paramref name="pooled"/>) the product and customer effects in at most
    /// <paramref name="maxIterations"/> rounds; <paramref name="optimizerIterations"/> caps the BFGS iterations of the
    /// global fit. Always returns a usable dropout; the report says which model it is and why.
    /// </summary>
    public static (PairDropout Dropout, PairDropoutReport Report) Fit(IReadOnlyList<Observation> pairs, bool pooled = true, int maxIterations = 50, int optimizerIterations = 1000)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0)
            throw new ArgumentException("No pairs to fit the dropout.", nameof(pairs));
        var histories = pairs.Select(p => (p.Orders, p.Survival)).ToArray();
        var (global, globalReport) = DropoutPrior.Fit(histories, optimizerIterations);
        var empty = new Dictionary<long, EffectEstimate>();
        if (!globalReport.Converged)
            return Fallback(histories, global, globalReport);
        var phi = global.A + global.B;
        var eta0 = Math.Log(global.A / global.B);
        if (!pooled)
        {
            return (new PairDropout(phi, eta0, 0, 0, empty, empty),
                new PairDropoutReport(globalReport, 0, true, phi, eta0, PairDropoutModel.BetaGeometric, "the beta-geometric fit converged; no product or customer effects (pooling off)"));
        }

        var n = pairs.Count;
        var (pIndex, pKeys) = CrossedRandomEffects.Index(pairs.Select(p => p.Product));
        var (cIndex, cKeys) = CrossedRandomEffects.Index(pairs.Select(p => p.Customer));
        var u = new double[pKeys.Length];
        var v = new double[cKeys.Length];
        var uInfo = new double[pKeys.Length];
        var vInfo = new double[cKeys.Length];
        double sigmaU = 0.25, sigmaV = 0.25;
        var eta = new double[n];
        var iterations = 0;
        var converged = false;

        void Refresh()
        {
            for (var i = 0; i < n; i++)
                eta[i] = eta0 + u[pIndex[i]] + v[cIndex[i]];
        }

        // One Newton step for every effect of a family (product or customer), given everything else.
        void Step(int[] index, double[] effect, double[] info, double variance)
        {
            var g = new double[effect.Length];
            var h = new double[effect.Length];
            for (var i = 0; i < n; i++)
            {
                var (d1, d2) = Derivatives(pairs[i], phi, eta[i]);
                g[index[i]] += d1;
                h[index[i]] += d2;
            }
            for (var j = 0; j < effect.Length; j++)
            {
                var grad = g[j] - effect[j] / variance;
                // The log-likelihood need not be concave everywhere; the prior's curvature keeps the step an ascent.
                var curvature = Math.Min(h[j], 0) - 1 / variance;
                effect[j] -= grad / curvature;
                info[j] = -curvature;
            }
            Refresh();
        }

        Refresh();
        while (iterations < maxIterations && !converged)
        {
            iterations++;
            for (var s = 0; s < 2; s++)
            {
                Step(pIndex, u, uInfo, sigmaU);
                Step(cIndex, v, vInfo, sigmaV);
                double g0 = 0, h0 = 0;
                for (var i = 0; i < n; i++)
                {
                    var (d1, d2) = Derivatives(pairs[i], phi, eta[i]);
                    g0 += d1;
                    h0 += d2;
                }
                eta0 -= g0 / Math.Min(h0, -1e-9);
                Refresh();
            }
            phi = NewtonOnLogConcentration(pairs, eta, phi);
            var newU = Math.Max(Enumerable.Range(0, u.Length).Average(j => u[j] * u[j] + 1 / uInfo[j]), 1e-4);
            var newV = Math.Max(Enumerable.Range(0, v.Length).Average(j => v[j] * v[j] + 1 / vInfo[j]), 1e-4);
            converged = Math.Abs(newU - sigmaU) / sigmaU < 1e-3 && Math.Abs(newV - sigmaV) / sigmaV < 1e-3;
            sigmaU = newU;
            sigmaV = newV;
        }
        var products = new Dictionary<long, EffectEstimate>(pKeys.Length);
        for (var j = 0; j < pKeys.Length; j++)
            products[pKeys[j]] = new EffectEstimate(u[j], 1 / uInfo[j]);
        var customers = new Dictionary<long, EffectEstimate>(cKeys.Length);
        for (var j = 0; j < cKeys.Length; j++)
            customers[cKeys[j]] = new EffectEstimate(v[j], 1 / vInfo[j]);
        var why = converged
            ? "the beta-geometric fit converged, and so did its product and customer effects"
            : $"the beta-geometric fit converged; its product and customer effects stopped after {iterations} rounds, short of the tolerance";
        return (new PairDropout(phi, eta0, sigmaU, sigmaV, products, customers),
            new PairDropoutReport(globalReport, iterations, converged, global.A + global.B, Math.Log(global.A / global.B), PairDropoutModel.BetaGeometric, why));
    }

    /// <summary>
    /// The 5% critical value of the likelihood-ratio statistic 2 (LL_beta-geometric - LL_one-parameter): the one-parameter
    /// model is the boundary phi = infinity of the beta-geometric, so under it the statistic is a 50:50 mixture of
    /// chi-square(0) and chi-square(1) (Self &amp; Liang 1987, "Asymptotic properties of maximum likelihood estimators and
    /// likelihood ratio tests under nonstandard conditions"), whose 95% point is chi-square(1)'s 90% point, 2.71.
    /// </summary>
    internal const double LikelihoodRatioCritical = 2.71;

    /// <summary>
    /// The chain when the global beta-geometric did not converge. Its best point is kept only if it is a proper point
    /// (finite, no parameter run off to 0 or infinity) and beats the one-parameter model by the likelihood-ratio test;
    /// otherwise one dropout probability for every pair, which is the Beta(2, 10) prior's mode when the data say nothing.
    /// </summary>
    private static (PairDropout, PairDropoutReport) Fallback(IReadOnlyList<(int Orders, double Survival)> histories, DropoutPrior best, OptimizationReport report)
    {
        var empty = new Dictionary<long, EffectEstimate>();
        var (constant, constantLl, evidence) = ConstantDropout.Fit(histories);
        var constantEta = Math.Log(constant.Probability / (1 - constant.Probability));
        var proper = double.IsFinite(best.A) && double.IsFinite(best.B) && best.A > 0 && best.B > 0
                     && Math.Abs(Math.Log(best.A)) <= MaximumLikelihood.LogBound && Math.Abs(Math.Log(best.B)) <= MaximumLikelihood.LogBound;
        var statistic = proper ? 2 * (best.LogLikelihood(histories) - constantLl) : double.NaN;
        if (proper && statistic > LikelihoodRatioCritical)
        {
            var phi = best.A + best.B;
            var eta = Math.Log(best.A / best.B);
            var why = FormattableString.Invariant(
                $"the beta-geometric fit did not converge ({report.Reason}); its best point (a={best.A:G4}, b={best.B:G4}) is kept because it beats one dropout probability for all pairs (likelihood-ratio statistic {statistic:F1} > {LikelihoodRatioCritical:F2}); no product or customer effects");
            return (new PairDropout(phi, eta, 0, 0, empty, empty), new PairDropoutReport(report, 0, false, phi, eta, PairDropoutModel.BetaGeometricBestPoint, why));
        }
        var dropout = new PairDropout(double.PositiveInfinity, constantEta, 0, 0, empty, empty);
        if (!evidence)
        {
            var none = FormattableString.Invariant(
                $"the beta-geometric fit did not converge ({report.Reason}) and no pair has ordered twice or been silent: the dropout probability is the Beta(2, 10) prior's mode, {constant.Probability:F3} per order");
            return (dropout, new PairDropoutReport(report, 0, false, double.PositiveInfinity, constantEta, PairDropoutModel.Prior, none));
        }
        var whyConstant = FormattableString.Invariant(
            $"the beta-geometric fit did not converge ({report.Reason}); {(proper ? $"its best point does not beat one dropout probability for all pairs (likelihood-ratio statistic {statistic:F1} <= {LikelihoodRatioCritical:F2})" : "its best point is not a proper estimate")}, so every pair drops out with p = {constant.Probability:G4} per order (posterior mode, Beta(2, 10) prior)");
        return (dropout, new PairDropoutReport(report, 0, false, double.PositiveInfinity, constantEta, PairDropoutModel.ConstantProbability, whyConstant));
    }

    private static double NewtonOnLogConcentration(IReadOnlyList<Observation> pairs, double[] eta, double phi)
    {
        double Total(double logPhi)
        {
            var sum = 0.0;
            var f = Math.Exp(logPhi);
            for (var i = 0; i < pairs.Count; i++)
                sum += LogLikelihood(pairs[i], f, eta[i]);
            return sum;
        }

        var x = Math.Log(phi);
        for (var k = 0; k < 3; k++)
        {
            const double h = 1e-3;
            double f0 = Total(x), fUp = Total(x + h), fDown = Total(x - h);
            var g = (fUp - fDown) / (2 * h);
            var c = (fUp - 2 * f0 + fDown) / (h * h);
            if (c >= 0)
                break;
            x -= Math.Clamp(g / c, -1, 1);
        }
        return Math.Exp(Math.Clamp(x, -10, 10));
    }

    private static double LogLikelihood(Observation o, double phi, double eta)
    {
        var m = Sigmoid(eta);
        double a = phi * m, b = phi * (1 - m), c = b + o.Orders - 1;
        return SpecialFunctions.BetaLn(a, c) - SpecialFunctions.BetaLn(a, b) + Math.Log(c * o.Survival + a) - Math.Log(a + c);
    }

    /// <summary>First and second derivative of a pair's log-likelihood in eta (the second by central differences of the first).</summary>
    private static (double First, double Second) Derivatives(Observation o, double phi, double eta)
    {
        const double h = 1e-4;
        var d = First(o, phi, eta);
        return (d, (First(o, phi, eta + h) - First(o, phi, eta - h)) / (2 * h));
    }

    private static double First(Observation o, double phi, double eta)
    {
        var m = Sigmoid(eta);
        double a = phi * m, b = phi * (1 - m), c = b + o.Orders - 1, d = a + c, mix = c * o.Survival + a;
        var psiAb = SpecialFunctions.DiGamma(a + b);
        var psiD = SpecialFunctions.DiGamma(d);
        var da = psiAb - psiD + 1 / mix - 1 / d;
        var db = SpecialFunctions.DiGamma(c) - psiD - SpecialFunctions.DiGamma(b) + psiAb + o.Survival / mix - 1 / d;
        return phi * m * (1 - m) * (da - db);
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}

/// <summary>How the dropout fit went: the global beta-geometric fit, then the effects' iterations, and which model is used and why.</summary>
public sealed record PairDropoutReport(
    OptimizationReport Global,
    int Iterations,
    bool Converged,
    double GlobalConcentration,
    double GlobalIntercept,
    PairDropoutModel Model,
    string Why);

/// <summary>Which dropout model a fit ended with: the links of the fallback chain, best first.</summary>
public enum PairDropoutModel
{
    /// <summary>The beta-geometric fitted by maximum likelihood (converged), with product and customer effects when pooling.</summary>
    BetaGeometric,

    /// <summary>The global fit did not converge; its best point beat the one-parameter model by a likelihood-ratio test.</summary>
    BetaGeometricBestPoint,

    /// <summary>One dropout probability per order for every pair (<see cref="ConstantDropout"/>).</summary>
    ConstantProbability,

    /// <summary>No evidence at all: the Beta(2, 10) prior's mode of <see cref="ConstantDropout"/>.</summary>
    Prior,
}
