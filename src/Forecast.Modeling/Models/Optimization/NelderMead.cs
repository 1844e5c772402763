namespace Forecast.Modeling.Models.Optimization;

/// <summary>A function to minimise; return <see cref="double.PositiveInfinity"/> outside the feasible region.</summary>
public interface IObjective
{
    /// <summary>The value at <paramref name="x"/>.</summary>
    double Evaluate(ReadOnlySpan<double> x);
}

/// <summary>The outcome of <see cref="NelderMead.Minimize{T}"/>.</summary>
/// <param name="Value">The best objective value found.</param>
/// <param name="Evaluations">Objective evaluations spent.</param>
/// <param name="Converged">False when the evaluation budget ran out first.</param>
public readonly record struct OptimizationResult(double Value, int Evaluations, bool Converged);

/// <summary>
/// The Nelder–Mead simplex method (Nelder, J.A. &amp; Mead, R. (1965), "A simplex method for function minimization",
/// <i>The Computer Journal</i> 7(4), 308–313) in the variant of R's <c>optim</c> (<c>nmmin</c>, after Nash (1990),
/// <i>Compact Numerical Methods for Computers</i>, Algorithm 19), which <c>forecast::ets</c> uses: reflection 1,
/// contraction 0.5, expansion 2, an initial simplex with one step of 10% of the largest |parameter|, and the relative
/// convergence test on the spread of the simplex values.
/// </summary>
public static class NelderMead
{
    private const double Big = 1.0e35;

    /// <summary>Minimises <paramref name="objective"/> from <paramref name="x"/> (overwritten with the best point).</summary>
    public static OptimizationResult Minimize<T>(T objective, Span<double> x, int maxEvaluations = 2000, double relativeTolerance = 1.490116119384765625e-8)
        where T : IObjective
    {
        var n = x.Length;
        var n1 = n + 1;
        // Column-major simplex: vertex j is p[j*n .. j*n+n); f[j] its value; the centroid lives apart.
        var p = new double[n1 * n];
        var f = new double[n1];
        var centroid = new double[n];
        var trial = new double[n];

        var fx = objective.Evaluate(x);
        if (!double.IsFinite(fx))
            throw new ArgumentException("The objective cannot be evaluated at the initial parameters.", nameof(x));
        var evaluations = 1;
        var convergenceTolerance = relativeTolerance * (Math.Abs(fx) + relativeTolerance);
        x.CopyTo(p.AsSpan(0, n));
        f[0] = fx;

        var step = 0.0;
        for (var i = 0; i < n; i++)
            step = Math.Max(step, 0.1 * Math.Abs(x[i]));
        if (step == 0)
            step = 0.1;
        var size = 0.0;
        for (var j = 1; j < n1; j++)
        {
            var vertex = p.AsSpan(j * n, n);
            x.CopyTo(vertex);
            var tryStep = step;
            while (vertex[j - 1] == x[j - 1])
            {
                vertex[j - 1] = x[j - 1] + tryStep;
                tryStep *= 10;
            }
            size += tryStep;
        }
        var oldSize = size;
        var low = 0;
        var recompute = true;
        var converged = false;
        do
        {
            if (recompute)
            {
                for (var j = 0; j < n1; j++)
                {
                    if (j == low)
                        continue;
                    f[j] = Clean(objective.Evaluate(p.AsSpan(j * n, n)));
                    evaluations++;
                }
                recompute = false;
            }
            var vl = f[low];
            var vh = vl;
            var high = low;
            for (var j = 0; j < n1; j++)
            {
                if (j == low)
                    continue;
                if (f[j] < vl)
                {
                    low = j;
                    vl = f[j];
                }
                if (f[j] > vh)
                {
                    high = j;
                    vh = f[j];
                }
            }
            if (vh <= vl + convergenceTolerance)
            {
                converged = true;
                break;
            }

            centroid.AsSpan().Clear();
            for (var j = 0; j < n1; j++)
            {
                if (j == high)
                    continue;
                var vertex = p.AsSpan(j * n, n);
                for (var i = 0; i < n; i++)
                    centroid[i] += vertex[i];
            }
            for (var i = 0; i < n; i++)
                centroid[i] /= n;
            var worst = p.AsSpan(high * n, n);
            for (var i = 0; i < n; i++)
                trial[i] = 2 * centroid[i] - worst[i];
            var vr = Clean(objective.Evaluate(trial));
            evaluations++;
            if (vr < vl)
            {
                // Expansion: the centroid slot temporarily holds the reflected point, as in nmmin.
                for (var i = 0; i < n; i++)
                {
                    var expanded = 2 * trial[i] - centroid[i];
                    centroid[i] = trial[i];
                    trial[i] = expanded;
                }
                var ve = Clean(objective.Evaluate(trial));
                evaluations++;
                if (ve < vr)
                {
                    trial.CopyTo(worst);
                    f[high] = ve;
                }
                else
                {
                    centroid.CopyTo(worst);
                    f[high] = vr;
                }
            }
            else
            {
                if (vr < vh)
                {
                    trial.CopyTo(worst);
                    f[high] = vr;
                }
                for (var i = 0; i < n; i++)
                    trial[i] = 0.5 * worst[i] + 0.5 * centroid[i];
                var vc = Clean(objective.Evaluate(trial));
                evaluations++;
                if (vc < f[high])
                {
                    trial.CopyTo(worst);
                    f[high] = vc;
                }
                else if (vr >= vh)
                {
                    recompute = true;
                    size = 0.0;
                    var best = p.AsSpan(low * n, n);
                    for (var j = 0; j < n1; j++)
                    {
                        if (j == low)
                            continue;
                        var vertex = p.AsSpan(j * n, n);
                        for (var i = 0; i < n; i++)
                        {
                            vertex[i] = 0.5 * (vertex[i] - best[i]) + best[i];
                            size += Math.Abs(vertex[i] - best[i]);
                        }
                    }
                    if (size < oldSize)
                    {
                        oldSize = size;
                    }
                    else
                    {
                        break;
                    }
                }
            }
        }
        while (evaluations <= maxEvaluations);

        p.AsSpan(low * n, n).CopyTo(x);
        return new OptimizationResult(f[low], evaluations, converged);
    }

    private static double Clean(double v) => double.IsFinite(v) ? v : Big;
}
