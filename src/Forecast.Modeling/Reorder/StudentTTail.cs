using MathNet.Numerics;

namespace Forecast.Modeling.Reorder;

/// <summary>
/// The upper tail of the standard Student-t on the log scale, so that a gap many cycles long keeps a finite, exact
/// log-survival instead of underflowing to 0 (where a ratio of two survivals turns into 0/0 or x/0). Uses
/// P(T &gt; k) = I_x(nu/2, 1/2) / 2 with x = nu / (nu + k^2) for k &gt;= 0 (Abramowitz &amp; Stegun 26.7.1), the regularised
/// incomplete beta from its continued fraction evaluated by the modified Lentz method with the prefactor kept in logs
/// (Press et al., "Numerical Recipes", 3rd ed., section 6.4; DLMF 8.17.22), and its inverse by Newton steps kept inside
/// a bracket. MathNet's <c>StudentT.CDF</c> is exact in the body but returns 0 beyond about 1e-308, and its
/// <c>InvCDF</c> solves to an absolute accuracy of 1e-12 in probability, so a survival below that has no quantile.
/// </summary>
internal static class StudentTTail
{
    private const int MaxTerms = 100_000;
    private const double Epsilon = 1e-15;
    private const double Tiny = 1e-300;

    /// <summary>log P(T &gt; k) for a standard Student-t with <paramref name="df"/> degrees of freedom.</summary>
    public static double LogUpper(double k, double df)
    {
        if (double.IsNaN(k))
            return double.NaN;
        if (k == 0)
            return -Math.Log(2);
        if (k < 0)
            return LogMath.Log1P(-Math.Exp(LogUpper(-k, df)));
        if (double.IsPositiveInfinity(k))
            return double.NegativeInfinity;
        // x = nu/(nu + k^2) and 1 - x = k^2/(nu + k^2), both from log(1 + nu/k^2) so that a huge k cannot overflow k^2.
        var logK2 = 2 * Math.Log(k);
        var logOneMinusX = -LogMath.Log1P(Math.Exp(Math.Log(df) - logK2));
        var logX = Math.Log(df) - logK2 + logOneMinusX;
        return -Math.Log(2) + LogBetaRegularized(df / 2, 0.5, logX, logOneMinusX);
    }

    /// <summary>The k with log P(T &gt; k) = <paramref name="logUpper"/> (+infinity when it lies beyond 1e150).</summary>
    public static double InverseLogUpper(double logUpper, double df)
    {
        if (double.IsNaN(logUpper) || logUpper > 0)
            return double.NaN;
        if (logUpper == 0)
            return double.NegativeInfinity;
        if (double.IsNegativeInfinity(logUpper))
            return double.PositiveInfinity;
        if (logUpper > -Math.Log(2))
            return -InverseLogUpper(Math.Log(-LogMath.ExpM1(logUpper)), df);

        // The function is decreasing in k; keep a bracket [lo, hi] with the root inside and take Newton steps within it.
        double lo = 0, hi = 1;
        while (LogUpper(hi, df) > logUpper)
        {
            lo = hi;
            hi *= 4;
            if (hi > 1e150)
                return double.PositiveInfinity;
        }
        var logDensityConstant = SpecialFunctions.GammaLn((df + 1) / 2) - SpecialFunctions.GammaLn(df / 2) - 0.5 * Math.Log(df * Math.PI);
        var k = (lo + hi) / 2;
        for (var i = 0; i < 200; i++)
        {
            var g = LogUpper(k, df) - logUpper;
            if (g > 0)
                lo = k;
            else
                hi = k;
            // d/dk log P(T > k) = -f(k) / P(T > k), f the t density.
            var logDensity = logDensityConstant - (df + 1) / 2 * LogMath.Log1P(k * k / df);
            var slope = -Math.Exp(logDensity - (g + logUpper));
            var next = k - g / slope;
            if (!(next > lo && next < hi))
                next = (lo + hi) / 2;
            if (Math.Abs(next - k) <= 1e-13 * (1 + k) || hi - lo <= 1e-13 * (1 + hi))
                return next;
            k = next;
        }
        return k;
    }

    /// <summary>log I_x(a, b) from log x and log(1 - x): the continued fraction where it converges fast, else its complement.</summary>
    private static double LogBetaRegularized(double a, double b, double logX, double logOneMinusX)
    {
        var x = Math.Exp(logX);
        if (x < (a + 1) / (a + b + 2))
            return LogFront(a, b, logX, logOneMinusX) - Math.Log(a) + Math.Log(ContinuedFraction(a, b, x));
        // Here I_x(a, b) is not small (for the t it is a tail beyond |k| of about 1.7 at most), so 1 - I_{1-x}(b, a) loses nothing.
        var complement = Math.Exp(LogFront(b, a, logOneMinusX, logX) - Math.Log(b)) * ContinuedFraction(b, a, Math.Exp(logOneMinusX));
        return LogMath.Log1P(-complement);
    }

    private static double LogFront(double a, double b, double logX, double logOneMinusX) =>
        a * logX + b * logOneMinusX - SpecialFunctions.BetaLn(a, b);

    /// <summary>The continued fraction of I_x(a, b) (Numerical Recipes' <c>betacf</c>), modified Lentz.</summary>
    private static double ContinuedFraction(double a, double b, double x)
    {
        double qab = a + b, qap = a + 1, qam = a - 1;
        double c = 1, d = 1 - qab * x / qap;
        if (Math.Abs(d) < Tiny)
            d = Tiny;
        d = 1 / d;
        var h = d;
        for (var m = 1; m <= MaxTerms; m++)
        {
            var m2 = 2 * m;
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            if (Math.Abs(d) < Tiny)
                d = Tiny;
            c = 1 + aa / c;
            if (Math.Abs(c) < Tiny)
                c = Tiny;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            if (Math.Abs(d) < Tiny)
                d = Tiny;
            c = 1 + aa / c;
            if (Math.Abs(c) < Tiny)
                c = Tiny;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) <= Epsilon)
                return h;
        }
        throw new ArithmeticException(FormattableString.Invariant($"The incomplete beta continued fraction did not converge for a={a}, b={b}, x={x}."));
    }
}
