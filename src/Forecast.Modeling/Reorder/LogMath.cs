namespace Forecast.Modeling.Reorder;

/// <summary>log(1 + x) and exp(x) - 1 without the cancellation of the naive forms (.NET's <c>double.LogP1</c> and
/// <c>double.ExpM1</c> are the naive forms), for probabilities computed from log-survivals.</summary>
internal static class LogMath
{
    /// <summary>log(1 + x), exact for small x (Goldberg 1991, "What every computer scientist should know about floating-point arithmetic", thm. 4).</summary>
    public static double Log1P(double x)
    {
        var u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>exp(x) - 1, exact for small x (Kahan's trick, the companion of <see cref="Log1P"/>).</summary>
    public static double ExpM1(double x)
    {
        var u = Math.Exp(x);
        if (u == 1)
            return x;
        if (double.IsPositiveInfinity(u))
            return u;
        var um1 = u - 1;
        return um1 == -1 ? -1 : um1 * x / Math.Log(u);
    }
}
