namespace Forecast.Modeling.Lifetimes;

/// <summary>
/// How a maximum-likelihood fit ended, stated rather than hidden (lifetimes users got silently unconverged BG/NBD
/// fits: its issues #262, #405, #419). <see cref="Converged"/> is true only when the optimiser stopped on a
/// convergence test (or a line search failed right at the optimum), the gradient of the mean log-likelihood (with respect to the log-parameters) is below
/// <see cref="GradientTolerance"/>, no parameter ran off to 0 or infinity, and the observed information is
/// positive definite (every parameter identified). <see cref="StandardErrors"/> are asymptotic (inverse information).
/// </summary>
public sealed record OptimizationReport(
    bool Converged,
    int Iterations,
    int FunctionEvaluations,
    double GradientNorm,
    double GradientTolerance,
    string ExitCondition,
    string Reason,
    int Starts,
    IReadOnlyList<double> StandardErrors)
{
    public override string ToString() => FormattableString.Invariant(
        $"{(Converged ? "converged" : "NOT converged")} after {Iterations} iterations ({FunctionEvaluations} evaluations, {Starts} start(s)); |gradient| = {GradientNorm:G3}; {Reason}");
}
