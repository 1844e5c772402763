using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using MathNet.Numerics.Optimization;

namespace Forecast.Modeling.Lifetimes;

/// <summary>
/// Maximum likelihood over positive parameters: BFGS (Nocedal &amp; Wright 2006, ch. 6; MathNet's
/// <see cref="BfgsMinimizer"/>) on the log-parameters, minimising the negative mean log-likelihood with an
/// analytic gradient. Several starting points may be given; the best end point wins. Whatever happens the
/// caller gets the best point seen and an <see cref="OptimizationReport"/> saying whether it is a maximum.
/// </summary>
internal static class MaximumLikelihood
{
    /// <summary>Mean log-likelihood and its gradient with respect to the (positive) parameters.</summary>
    public delegate double MeanLogLikelihood(double[] parameters, double[] gradient);

    public const double DefaultGradientTolerance = 1e-6;

    /// <summary>A parameter beyond e^±<c>LogBound</c> is treated as running off to 0 or infinity (not identified).</summary>
    internal const double LogBound = 18;

    public static (double[] Parameters, double MeanLogLikelihood, OptimizationReport Report) Fit(
        MeanLogLikelihood meanLogLikelihood,
        IReadOnlyList<double[]> starts,
        IReadOnlyList<string> names,
        double observations,
        double gradientTolerance = DefaultGradientTolerance,
        int maxIterations = 1000)
    {
        ArgumentNullException.ThrowIfNull(starts);
        if (starts.Count == 0)
            throw new ArgumentException("At least one starting point is needed.", nameof(starts));
        var k = starts[0].Length;
        var evaluations = 0;
        double[]? bestPoint = null;
        var bestValue = double.PositiveInfinity;

        (double, Vector<double>) Objective(Vector<double> logTheta)
        {
            evaluations++;
            var theta = new double[k];
            for (var i = 0; i < k; i++)
                theta[i] = Math.Exp(logTheta[i]);
            var grad = new double[k];
            var ll = meanLogLikelihood(theta, grad);
            var g = Vector<double>.Build.Dense(k);
            for (var i = 0; i < k; i++)
                g[i] = -grad[i] * theta[i];
            if (!double.IsFinite(ll) || g.Exists(v => !double.IsFinite(v)))
                return (double.MaxValue, Vector<double>.Build.Dense(k));
            if (-ll < bestValue)
            {
                bestValue = -ll;
                bestPoint = logTheta.ToArray();
            }
            return (-ll, g);
        }

        var totalIterations = 0;
        var exit = "None";
        var attempts = 0;
        foreach (var start in starts)
        {
            attempts++;
            var minimizer = new BfgsMinimizer(gradientTolerance * 1e-2, 1e-12, 1e-14, maxIterations);
            try
            {
                var result = minimizer.FindMinimum(ObjectiveFunction.Gradient(Objective),
                    Vector<double>.Build.DenseOfEnumerable(start.Select(v => Math.Log(v))));
                totalIterations += result.Iterations;
                exit = result.ReasonForExit.ToString();
            }
            catch (MaximumIterationsException)
            {
                totalIterations += maxIterations;
                exit = ExitCondition.ExceedIterations.ToString();
            }
            catch (OptimizationException e)
            {
                // A failed line search near the optimum is common in floating point; the gradient check below decides.
                exit = "LineSearchFailed: " + e.Message;
            }
            if (bestPoint is not null && GradientNorm(meanLogLikelihood, bestPoint) <= gradientTolerance && WithinBounds(bestPoint))
                break;
        }

        if (bestPoint is null)
        {
            var nan = Enumerable.Repeat(double.NaN, k).ToArray();
            return (nan, double.NaN, new OptimizationReport(false, totalIterations, evaluations, double.NaN, gradientTolerance, exit,
                "the log-likelihood was not finite at any point tried; check the data (negative or inconsistent values?)", attempts, nan));
        }

        var point = bestPoint.Select(Math.Exp).ToArray();
        var gradientNorm = GradientNorm(meanLogLikelihood, bestPoint);
        string reason;
        var converged = false;
        var runaway = Enumerable.Range(0, k).Where(i => Math.Abs(bestPoint[i]) > LogBound).Select(i => names[i]).ToList();
        var (standardErrors, flat) = Curvature(meanLogLikelihood, bestPoint, observations, names);
        if (runaway.Count > 0)
            reason = $"parameter(s) {string.Join(", ", runaway)} ran off towards 0 or infinity: the data do not identify the model (too few repeat purchases?)";
        else if (exit == ExitCondition.ExceedIterations.ToString())
            reason = $"stopped at the iteration limit ({maxIterations}) with |gradient| {gradientNorm:G3} > {gradientTolerance:G3}";
        else if (gradientNorm > gradientTolerance)
            reason = $"the optimiser stopped ({exit}) where |gradient| = {gradientNorm:G3} > {gradientTolerance:G3}: not a maximum";
        else if (flat is not null)
            reason = $"the log-likelihood is flat or not concave along {flat}: the data do not identify the model (too few repeat purchases?)";
        else
        {
            converged = true;
            reason = $"|gradient| {gradientNorm:G3} <= {gradientTolerance:G3} ({exit})";
        }
        return (point, -bestValue, new OptimizationReport(converged, totalIterations, evaluations, gradientNorm, gradientTolerance, exit, reason, attempts, standardErrors));
    }

    /// <summary>
    /// Observed information (minus the Hessian of the total log-likelihood in log-parameters, by central differences
    /// of the analytic gradient). A maximum needs it positive definite; a near-zero eigenvalue means a direction the
    /// data say nothing about. Returns the asymptotic standard errors of the parameters (delta method) and, if the
    /// information is not positive definite, a description of the flat direction.
    /// </summary>
    private static (double[] StandardErrors, string? Flat) Curvature(MeanLogLikelihood f, double[] logTheta, double observations, IReadOnlyList<string> names)
    {
        var k = logTheta.Length;
        var info = Matrix<double>.Build.Dense(k, k);
        const double h = 1e-5;
        for (var j = 0; j < k; j++)
        {
            var up = (double[])logTheta.Clone();
            var down = (double[])logTheta.Clone();
            up[j] += h;
            down[j] -= h;
            var gUp = LogGradient(f, up);
            var gDown = LogGradient(f, down);
            for (var i = 0; i < k; i++)
                info[i, j] = -(gUp[i] - gDown[i]) / (2 * h) * observations;
        }
        info = (info + info.Transpose()) / 2;
        var evd = info.Evd(Symmetricity.Symmetric);
        var eigenvalues = evd.EigenValues.Select(v => v.Real).ToArray();
        var smallest = Array.IndexOf(eigenvalues, eigenvalues.Min());
        // Information below 1e-4 means a log-parameter's standard error above 100: e^100 is no estimate.
        if (eigenvalues[smallest] < 1e-4)
        {
            var direction = evd.EigenVectors.Column(smallest);
            var main = Enumerable.Range(0, k).OrderByDescending(i => Math.Abs(direction[i])).First();
            var nan = Enumerable.Repeat(double.NaN, k).ToArray();
            return (nan, FormattableString.Invariant($"mostly {names[main]} (information {eigenvalues[smallest]:G3})"));
        }
        var covariance = info.Inverse();
        var se = Enumerable.Range(0, k).Select(i => Math.Exp(logTheta[i]) * Math.Sqrt(covariance[i, i])).ToArray();
        return (se, null);
    }

    private static double[] LogGradient(MeanLogLikelihood f, double[] logTheta)
    {
        var theta = logTheta.Select(Math.Exp).ToArray();
        var grad = new double[theta.Length];
        f(theta, grad);
        for (var i = 0; i < theta.Length; i++)
            grad[i] *= theta[i];
        return grad;
    }

    private static bool WithinBounds(double[] logTheta) => logTheta.All(v => Math.Abs(v) <= LogBound);

    private static double GradientNorm(MeanLogLikelihood f, double[] logTheta) =>
        Math.Sqrt(LogGradient(f, logTheta).Sum(g => g * g));
}
