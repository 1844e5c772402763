namespace Forecast.Modeling.Lifetimes;

/// <summary>
/// The Gauss hypergeometric function 2F1(a, b; c; z) for 0 &lt;= z &lt; 1 by its power series
/// (Abramowitz &amp; Stegun 15.1.1), which is what the BG/NBD conditional expectation needs
/// (Fader, Hardie &amp; Lee 2005, eq. 10): there z = t / (alpha + T + t) is always in [0, 1).
/// </summary>
internal static class GaussHypergeometric
{
    private const int MaxTerms = 200_000;

    public static double Evaluate(double a, double b, double c, double z)
    {
        if (z < 0 || z >= 1 || double.IsNaN(z))
            throw new ArgumentOutOfRangeException(nameof(z), z, "The series is used only for 0 <= z < 1.");
        if (c <= 0 && Math.Abs(c - Math.Round(c)) < 1e-12)
            throw new ArgumentOutOfRangeException(nameof(c), c, "c must not be zero or a negative integer.");

        double sum = 1, term = 1;
        for (var n = 0; n < MaxTerms; n++)
        {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            sum += term;
            // Once the ratio of successive terms is below 1 the tail is bounded by a geometric series.
            var ratio = Math.Abs((a + n + 1) * (b + n + 1) / ((c + n + 1) * (n + 2)) * z);
            if (ratio < 1 && Math.Abs(term) * ratio / (1 - ratio) <= 1e-15 * Math.Abs(sum))
                return sum;
        }
        throw new ArithmeticException($"2F1({a}, {b}; {c}; {z}) did not converge in {MaxTerms} terms.");
    }
}
