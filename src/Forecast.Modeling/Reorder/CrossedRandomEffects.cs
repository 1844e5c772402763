namespace Forecast.Modeling.Reorder;

/// <summary>
/// Empirical-Bayes fit of y_i = M + u_product(i) + v_customer(i) + eta_i + e_i with u ~ N(0, tau_p^2),
/// v ~ N(0, tau_c^2), eta ~ N(0, tau^2) and a known sampling variance for e_i: the crossed random-effects model
/// of Gelman &amp; Hill (2007, ch. 13), estimated by backfitting the shrunken effects (Gauss-Seidel on the mixed-model
/// equations) inside an EM loop for the three variances (Dempster, Laird &amp; Rubin 1977). The E-step treats the two
/// effect families as independent a posteriori, a standard approximation that keeps each iteration O(pairs).
/// </summary>
internal static class CrossedRandomEffects
{
    public sealed record Result(
        double Mean,
        double PairVariance,
        double ProductVariance,
        double CustomerVariance,
        Dictionary<long, EffectEstimate> Products,
        Dictionary<long, EffectEstimate> Customers,
        int Iterations,
        bool Converged);

    private const double MinVariance = 1e-6;

    public static Result Fit(IReadOnlyList<double> y, IReadOnlyList<double> samplingVariance, IReadOnlyList<long> product, IReadOnlyList<long> customer, int maxIterations = 200)
    {
        var n = y.Count;
        if (n == 0)
            return new Result(0, 1, 0, 0, [], [], 0, false);
        var (pIndex, pKeys) = Index(product);
        var (cIndex, cKeys) = Index(customer);
        var u = new double[pKeys.Length];
        var v = new double[cKeys.Length];
        var pv = new double[pKeys.Length];
        var cv = new double[cKeys.Length];
        var mean = y.Average();
        var spread = Math.Max(y.Sum(t => (t - mean) * (t - mean)) / n - samplingVariance.Average(), 0.03);
        double tau2 = spread / 3, tauP2 = spread / 3, tauC2 = spread / 3;
        var w = new double[n];
        var iterations = 0;
        var converged = false;
        var sumP = new double[pKeys.Length];
        var sumC = new double[cKeys.Length];
        var wP = new double[pKeys.Length];
        var wC = new double[cKeys.Length];
        while (iterations < maxIterations && !converged)
        {
            iterations++;
            for (var i = 0; i < n; i++)
                w[i] = 1 / (tau2 + samplingVariance[i]);
            for (var sweep = 0; sweep < 3; sweep++)
            {
                Array.Clear(sumP);
                Array.Clear(wP);
                for (var i = 0; i < n; i++)
                {
                    sumP[pIndex[i]] += w[i] * (y[i] - mean - v[cIndex[i]]);
                    wP[pIndex[i]] += w[i];
                }
                for (var j = 0; j < u.Length; j++)
                {
                    pv[j] = 1 / (wP[j] + 1 / tauP2);
                    u[j] = sumP[j] * pv[j];
                }
                Array.Clear(sumC);
                Array.Clear(wC);
                for (var i = 0; i < n; i++)
                {
                    sumC[cIndex[i]] += w[i] * (y[i] - mean - u[pIndex[i]]);
                    wC[cIndex[i]] += w[i];
                }
                for (var j = 0; j < v.Length; j++)
                {
                    cv[j] = 1 / (wC[j] + 1 / tauC2);
                    v[j] = sumC[j] * cv[j];
                }
                double num = 0, den = 0;
                for (var i = 0; i < n; i++)
                {
                    num += w[i] * (y[i] - u[pIndex[i]] - v[cIndex[i]]);
                    den += w[i];
                }
                mean = num / den;
            }
            var newTauP2 = Math.Max(Enumerable.Range(0, u.Length).Average(j => u[j] * u[j] + pv[j]), MinVariance);
            var newTauC2 = Math.Max(Enumerable.Range(0, v.Length).Average(j => v[j] * v[j] + cv[j]), MinVariance);
            var eta2 = 0.0;
            for (var i = 0; i < n; i++)
            {
                var r = y[i] - mean - u[pIndex[i]] - v[cIndex[i]];
                var shrink = tau2 / (tau2 + samplingVariance[i]);
                eta2 += shrink * r * shrink * r + shrink * samplingVariance[i];
            }
            var newTau2 = Math.Max(eta2 / n, MinVariance);
            var change = Math.Max(Math.Abs(newTau2 - tau2) / tau2, Math.Max(Math.Abs(newTauP2 - tauP2) / tauP2, Math.Abs(newTauC2 - tauC2) / tauC2));
            tau2 = newTau2;
            tauP2 = newTauP2;
            tauC2 = newTauC2;
            converged = change < 1e-5;
        }
        var products = new Dictionary<long, EffectEstimate>(pKeys.Length);
        for (var j = 0; j < pKeys.Length; j++)
            products[pKeys[j]] = new EffectEstimate(u[j], pv[j]);
        var customers = new Dictionary<long, EffectEstimate>(cKeys.Length);
        for (var j = 0; j < cKeys.Length; j++)
            customers[cKeys[j]] = new EffectEstimate(v[j], cv[j]);
        return new Result(mean, tau2, tauP2, tauC2, products, customers, iterations, converged);
    }

    /// <summary>Dense indices 0..n-1 for the distinct keys, in order of first appearance, and the keys by index.</summary>
    internal static (int[] Index, long[] Keys) Index(IEnumerable<long> keys)
    {
        var map = new Dictionary<long, int>();
        var index = new List<int>();
        foreach (var key in keys)
        {
            if (!map.TryGetValue(key, out var j))
                map[key] = j = map.Count;
            index.Add(j);
        }
        var result = new long[map.Count];
        foreach (var (key, j) in map)
            result[j] = key;
        return (index.ToArray(), result);
    }
}
