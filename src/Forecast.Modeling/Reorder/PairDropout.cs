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
    public double ProbabilityActive(long customer, long product, int orders, double survival)
    {
        var m = MeanDropout(customer, product);
        double a = Concentration * m, c = Concentration * (1 - m) + orders - 1;
        return c * survival / (c * survival + a);
    }

    private double Eta(long customer, long product) =>
        Intercept + (ProductEffects.TryGetValue(product, out var p) ? p.Mean : 0) + (CustomerEffects.TryGetValue(customer, out var c) ? c.Mean : 0);

    public static (PairDropout Dropout, PairDropoutReport Report) Fit(IReadOnlyList<Observation> pairs, bool pooled = true, int maxIterations = 50)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var (global, globalReport) = DropoutPrior.Fit(pairs.Select(p => (p.Orders, p.Survival)).ToArray());
        var phi = global.A + global.B;
        var eta0 = Math.Log(global.A / global.B);
        var empty = new Dictionary<long, EffectEstimate>();
        if (!globalReport.Converged)
            return (new PairDropout(phi, eta0, 0, 0, empty, empty), new PairDropoutReport(globalReport, 0, false, phi, eta0));
        if (!pooled)
            return (new PairDropout(phi, eta0, 0, 0, empty, empty), new PairDropoutReport(globalReport, 0, true, phi, eta0));

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
        return (new PairDropout(phi, eta0, sigmaU, sigmaV, products, customers), new PairDropoutReport(globalReport, iterations, converged, global.A + global.B, Math.Log(global.A / global.B)));
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

/// <summary>How the dropout fit went: the global beta-geometric fit, then the effects' iterations.</summary>
public sealed record PairDropoutReport(OptimizationReport Global, int Iterations, bool Converged, double GlobalConcentration, double GlobalIntercept);
