namespace Forecast.Modeling.Models.Arima;

/// <summary>
/// Seasonal-trend decomposition by loess (Cleveland, R.B., Cleveland, W.S., McRae, J.E. &amp; Terpenning, I. (1990), "STL: A
/// seasonal-trend decomposition procedure based on loess", <i>Journal of Official Statistics</i> 6(1), 3–73), a port of
/// the non-robust path of the Fortran behind R's <c>stats::stl</c> with R's default windows.
/// </summary>
internal static class Stl
{
    /// <summary>Seasonal and trend components of <paramref name="y"/> with period <paramref name="period"/> and seasonal window <paramref name="sWindow"/> (R: <c>stl(x, s.window)</c>, robust = FALSE).</summary>
    public static (double[] Seasonal, double[] Trend) Decompose(ReadOnlySpan<double> y, int period, int sWindow)
    {
        var n = y.Length;
        if (period < 2 || n <= 2 * period)
            throw new ArgumentException("STL needs a period of at least 2 and more than two full periods.", nameof(y));
        var tWindow = NextOdd((int)Math.Ceiling(1.5 * period / (1 - 1.5 / sWindow)));
        var lWindow = NextOdd(period);
        var sJump = (int)Math.Ceiling(sWindow / 10.0);
        var tJump = (int)Math.Ceiling(tWindow / 10.0);
        var lJump = (int)Math.Ceiling(lWindow / 10.0);
        var ns = Math.Max(3, sWindow);
        var nt = Math.Max(3, tWindow);
        var nl = Math.Max(3, lWindow);
        if (ns % 2 == 0)
            ns++;
        if (nt % 2 == 0)
            nt++;
        if (nl % 2 == 0)
            nl++;
        var np = Math.Max(2, period);
        var season = new double[n];
        var trend = new double[n];
        var w = new double[5][];
        for (var i = 0; i < 5; i++)
            w[i] = new double[n + 2 * np];
        // Inner loop (2 passes without robustness weights: R's inner = 2, outer = 0).
        for (var pass = 0; pass < 2; pass++)
        {
            for (var i = 0; i < n; i++)
                w[0][i] = y[i] - trend[i];
            SubseriesSmooth(w[0], n, np, ns, sJump, w[1], w[2], w[3], w[4]);
            LowPass(w[1], n + 2 * np, np, w[2], w[0]);
            Ess(w[2], n, nl, 1, lJump, w[0], w[4]);
            for (var i = 0; i < n; i++)
                season[i] = w[1][np + i] - w[0][i];
            for (var i = 0; i < n; i++)
                w[0][i] = y[i] - season[i];
            Ess(w[0], n, nt, 1, tJump, trend, w[2]);
        }
        return (season, trend);
    }

    private static int NextOdd(int x) => x % 2 == 0 ? x + 1 : x;

    private static void LowPass(double[] x, int n, int np, double[] trend, double[] work)
    {
        MovingAverage(x, n, np, trend);
        MovingAverage(trend, n - np + 1, np, work);
        MovingAverage(work, n - 2 * np + 2, 3, trend);
    }

    private static void MovingAverage(double[] x, int n, int len, double[] ave)
    {
        var newn = n - len + 1;
        var v = 0.0;
        for (var i = 0; i < len; i++)
            v += x[i];
        ave[0] = v / len;
        for (int j = 1, k = len, m = 0; j < newn; j++, k++, m++)
        {
            v = v - x[m] + x[k];
            ave[j] = v / len;
        }
    }

    private static void SubseriesSmooth(double[] y, int n, int np, int ns, int nsJump, double[] season, double[] work1, double[] work2, double[] work3)
    {
        var ys = new double[n / np + 3];
        for (var j = 0; j < np; j++)
        {
            var k = (n - j - 1) / np + 1;
            for (var i = 0; i < k; i++)
                work1[i] = y[i * np + j];
            Array.Clear(ys);
            Ess(work1, k, ns, 0, nsJump, ys.AsSpan(1), work3);
            var nright = Math.Min(ns, k);
            if (!Est(work1, k, ns, 0, 0, out ys[0], 1, nright, work3))
                ys[0] = ys[1];
            var nleft = Math.Max(1, k - ns + 1);
            if (!Est(work1, k, ns, 0, k + 1, out ys[k + 1], nleft, k, work3))
                ys[k + 1] = ys[k];
            for (var m = 0; m < k + 2; m++)
                season[m * np + j] = ys[m];
        }
        _ = work2;
    }

    /// <summary>Loess smoothing of y[0..n) at every njump-th point with interpolation between (Fortran <c>stless</c>, 1-based positions inside).</summary>
    private static void Ess(double[] y, int n, int len, int ideg, int njump, Span<double> ys, double[] res)
    {
        if (n < 2)
        {
            ys[0] = y[0];
            return;
        }
        var newnj = Math.Min(njump, n - 1);
        int nleft = 0, nright = 0;
        if (len >= n)
        {
            nleft = 1;
            nright = n;
            for (var i = 1; i <= n; i += newnj)
            {
                if (!Est(y, n, len, ideg, i, out ys[i - 1], nleft, nright, res))
                    ys[i - 1] = y[i - 1];
            }
        }
        else if (newnj == 1)
        {
            var nsh = (len + 1) / 2;
            nleft = 1;
            nright = len;
            for (var i = 1; i <= n; i++)
            {
                if (i > nsh && nright != n)
                {
                    nleft++;
                    nright++;
                }
                if (!Est(y, n, len, ideg, i, out ys[i - 1], nleft, nright, res))
                    ys[i - 1] = y[i - 1];
            }
        }
        else
        {
            var nsh = (len + 1) / 2;
            for (var i = 1; i <= n; i += newnj)
            {
                if (i < nsh)
                {
                    nleft = 1;
                    nright = len;
                }
                else if (i >= n - nsh + 1)
                {
                    nleft = n - len + 1;
                    nright = n;
                }
                else
                {
                    nleft = i - nsh + 1;
                    nright = len + i - nsh;
                }
                if (!Est(y, n, len, ideg, i, out ys[i - 1], nleft, nright, res))
                    ys[i - 1] = y[i - 1];
            }
        }
        if (newnj != 1)
        {
            for (var i = 1; i <= n - newnj; i += newnj)
            {
                var delta = (ys[i + newnj - 1] - ys[i - 1]) / newnj;
                for (var j = i + 1; j <= i + newnj - 1; j++)
                    ys[j - 1] = ys[i - 1] + delta * (j - i);
            }
            var k = (n - 1) / newnj * newnj + 1;
            if (k != n)
            {
                if (!Est(y, n, len, ideg, n, out ys[n - 1], nleft, nright, res))
                    ys[n - 1] = y[n - 1];
                if (k != n - 1)
                {
                    var delta = (ys[n - 1] - ys[k - 1]) / (n - k);
                    for (var j = k + 1; j <= n - 1; j++)
                        ys[j - 1] = ys[k - 1] + delta * (j - k);
                }
            }
        }
    }

    /// <summary>One local (degree 0 or 1) tricube-weighted fit at position xs over y[nleft..nright] (1-based; Fortran <c>stlest</c>).</summary>
    private static bool Est(double[] y, int n, int len, int ideg, double xs, out double ys, int nleft, int nright, double[] w)
    {
        ys = 0;
        var range = n - 1.0;
        var h = Math.Max(xs - nleft, nright - xs);
        if (len > n)
            h += (len - n) / 2;
        var h9 = 0.999 * h;
        var h1 = 0.001 * h;
        var a = 0.0;
        for (var j = nleft; j <= nright; j++)
        {
            w[j - 1] = 0;
            var r = Math.Abs(j - xs);
            if (r <= h9)
            {
                if (r <= h1)
                {
                    w[j - 1] = 1;
                }
                else
                {
                    var u = r / h;
                    u = 1 - u * u * u;
                    w[j - 1] = u * u * u;
                }
                a += w[j - 1];
            }
        }
        if (a <= 0)
            return false;
        for (var j = nleft; j <= nright; j++)
            w[j - 1] /= a;
        if (h > 0 && ideg > 0)
        {
            a = 0;
            for (var j = nleft; j <= nright; j++)
                a += w[j - 1] * j;
            var b = xs - a;
            var c = 0.0;
            for (var j = nleft; j <= nright; j++)
                c += w[j - 1] * (j - a) * (j - a);
            if (Math.Sqrt(c) > 0.001 * range)
            {
                b /= c;
                for (var j = nleft; j <= nright; j++)
                    w[j - 1] *= b * (j - a) + 1;
            }
        }
        for (var j = nleft; j <= nright; j++)
            ys += w[j - 1] * y[j - 1];
        return true;
    }
}
