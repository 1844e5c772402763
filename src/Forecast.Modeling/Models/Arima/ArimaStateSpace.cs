using System.Numerics;
using MathNet.Numerics;

namespace Forecast.Modeling.Models.Arima;

/// <summary>
/// The numerical kernels of R's <c>stats::arima</c> (<c>src/library/stats/src/arima.c</c>): parameter transforms
/// (Jones, R.H. (1980), "Maximum likelihood fitting of ARMA models to time series with missing observations",
/// <i>Technometrics</i> 22(3), 389–395), the initial state covariance of Gardner, G., Harvey, A.C. &amp; Phillips, G.D.A.
/// (1980), "Algorithm AS 154", <i>Applied Statistics</i> 29(3), 311–322, the Kalman filter likelihood with a diffuse
/// prior on the differenced states (Durbin &amp; Koopman (2012), <i>Time Series Analysis by State Space Methods</i>, §3.4,
/// §5.7), the conditional sum of squares, and Kalman forecasts.
/// </summary>
internal static class ArimaStateSpace
{
    /// <summary>Maps unconstrained values to the coefficients of a stationary AR polynomial (tanh to partial autocorrelations, then Durbin–Levinson).</summary>
    public static void Partrans(int p, ReadOnlySpan<double> raw, Span<double> result)
    {
        Span<double> work = stackalloc double[p];
        for (var j = 0; j < p; j++)
            work[j] = result[j] = Math.Tanh(raw[j]);
        for (var j = 1; j < p; j++)
        {
            var a = result[j];
            for (var k = 0; k < j; k++)
                work[k] -= a * result[j - k - 1];
            for (var k = 0; k < j; k++)
                result[k] = work[k];
        }
    }

    /// <summary>The inverse of <see cref="Partrans"/>.</summary>
    public static void InvPartrans(int p, ReadOnlySpan<double> phi, Span<double> result)
    {
        Span<double> work = stackalloc double[p];
        for (var j = 0; j < p; j++)
            work[j] = result[j] = phi[j];
        for (var j = p - 1; j > 0; j--)
        {
            var a = result[j];
            for (var k = 0; k < j; k++)
                work[k] = (result[k] + a * result[j - k - 1]) / (1 - a * a);
            for (var k = 0; k < j; k++)
                result[k] = work[k];
        }
        for (var j = 0; j < p; j++)
            result[j] = Math.Atanh(result[j]);
    }

    /// <summary>
    /// Expands (ar, ma, sar, sma) into the full φ (length p + m·P) and θ (length q + m·Q), transforming the AR parts
    /// with <see cref="Partrans"/> first when <paramref name="transform"/> (R's <c>ARIMA_transPars</c>).
    /// </summary>
    public static void TransPars(ReadOnlySpan<double> par, in ArimaOrder o, bool transform, Span<double> phi, Span<double> theta)
    {
        int mp = o.Ar, mq = o.Ma, msp = o.SeasonalAr, msq = o.SeasonalMa, ns = o.Period;
        var n = mp + mq + msp + msq;
        Span<double> prm = stackalloc double[n];
        par[..n].CopyTo(prm);
        if (transform)
        {
            if (mp > 0)
                Partrans(mp, par, prm);
            if (msp > 0)
                Partrans(msp, par[(mp + mq)..], prm[(mp + mq)..]);
        }
        phi.Clear();
        theta.Clear();
        for (var i = 0; i < mp; i++)
            phi[i] = prm[i];
        for (var i = 0; i < mq; i++)
            theta[i] = prm[i + mp];
        for (var j = 0; j < msp; j++)
        {
            phi[(j + 1) * ns - 1] += prm[j + mp + mq];
            for (var i = 0; i < mp; i++)
                phi[(j + 1) * ns + i] -= prm[i] * prm[j + mp + mq];
        }
        for (var j = 0; j < msq; j++)
        {
            theta[(j + 1) * ns - 1] += prm[j + mp + mq + msp];
            for (var i = 0; i < mq; i++)
                theta[(j + 1) * ns + i] += prm[i + mp] * prm[j + mp + mq + msp];
        }
    }

    /// <summary>Roots of 1 + c₁z + … + c_k z^k (trailing zero coefficients dropped); empty when the degree is 0.</summary>
    public static Complex[] PolyRoots(ReadOnlySpan<double> c)
    {
        var k = c.Length;
        while (k > 0 && c[k - 1] == 0)
            k--;
        if (k == 0)
            return [];
        var coefficients = new double[k + 1];
        coefficients[0] = 1;
        c[..k].CopyTo(coefficients.AsSpan(1));
        return FindRoots.Polynomial(coefficients);
    }

    /// <summary>True when every root of 1 − φ₁z − … − φ_p z^p lies outside the unit circle (R's <c>arCheck</c>).</summary>
    public static bool ArIsStationary(ReadOnlySpan<double> ar)
    {
        Span<double> c = stackalloc double[ar.Length];
        for (var i = 0; i < ar.Length; i++)
            c[i] = -ar[i];
        foreach (var root in PolyRoots(c))
        {
            if (root.Magnitude <= 1)
                return false;
        }
        return true;
    }

    /// <summary>Reflects the roots of 1 + θ₁z + … inside the unit circle to make the MA part invertible (R's <c>maInvert</c>).</summary>
    public static void MaInvert(Span<double> ma)
    {
        var q = ma.Length;
        var q0 = q;
        while (q0 > 0 && ma[q0 - 1] == 0)
            q0--;
        if (q0 == 0)
            return;
        var roots = PolyRoots(ma[..q0]);
        if (roots.All(r => r.Magnitude >= 1))
            return;
        if (q0 == 1)
        {
            ma[0] = 1 / ma[0];
            return;
        }
        for (var i = 0; i < roots.Length; i++)
        {
            if (roots[i].Magnitude < 1)
                roots[i] = 1 / roots[i];
        }
        var x = new Complex[] { 1 };
        foreach (var r in roots)
        {
            var next = new Complex[x.Length + 1];
            for (var i = 0; i < x.Length; i++)
            {
                next[i] += x[i];
                next[i + 1] -= x[i] / r;
            }
            x = next;
        }
        for (var i = 0; i < q0; i++)
            ma[i] = x[i + 1].Real;
    }

    /// <summary>
    /// The stationary covariance of the ARMA state vector (length r = max(p, q + 1)), written row-major into
    /// <paramref name="result"/> (r × r), by AS 154 as R's <c>getQ0</c>.
    /// </summary>
    public static void GetQ0(ReadOnlySpan<double> phi, ReadOnlySpan<double> theta, Span<double> result, ArimaWorkspace ws)
    {
        int p = phi.Length, q = theta.Length;
        var r = Math.Max(p, q + 1);
        var np = r * (r + 1) / 2;
        var nrbar = np * (np - 1) / 2;
        var v = ws.Q0V.AsSpan(0, np);
        var ind = 0;
        for (var j = 0; j < r; j++)
        {
            var vj = j == 0 ? 1.0 : j - 1 < q ? theta[j - 1] : 0.0;
            for (var i = j; i < r; i++)
            {
                var vi = i == 0 ? 1.0 : i - 1 < q ? theta[i - 1] : 0.0;
                v[ind++] = vi * vj;
            }
        }
        var pm = ws.Q0P.AsSpan(0, Math.Max(np, r * r));
        pm.Clear();
        if (r == 1)
        {
            result[0] = p == 0 ? 1.0 : 1.0 / (1.0 - phi[0] * phi[0]);
            return;
        }
        if (p > 0)
        {
            var rbar = ws.Q0Rbar.AsSpan(0, nrbar);
            var thetab = ws.Q0Thetab.AsSpan(0, np);
            var xnext = ws.Q0Xnext.AsSpan(0, np);
            var xrow = ws.Q0Xrow.AsSpan(0, np);
            rbar.Clear();
            thetab.Clear();
            xnext.Clear();
            ind = 0;
            var ind1 = -1;
            var npr = np - r;
            var npr1 = npr + 1;
            var indj = npr;
            var ind2 = npr - 1;
            for (var j = 0; j < r; j++)
            {
                var phij = j < p ? phi[j] : 0.0;
                xnext[indj++] = 0.0;
                var indi = npr1 + j;
                for (var i = j; i < r; i++)
                {
                    var ynext = v[ind++];
                    var phii = i < p ? phi[i] : 0.0;
                    if (j != r - 1)
                    {
                        xnext[indj] = -phii;
                        if (i != r - 1)
                        {
                            xnext[indi] -= phij;
                            xnext[++ind1] = -1.0;
                        }
                    }
                    xnext[npr] = -phii * phij;
                    if (++ind2 >= np)
                        ind2 = 0;
                    xnext[ind2] += 1.0;
                    Inclu2(np, xnext, xrow, ynext, pm, rbar, thetab);
                    xnext[ind2] = 0.0;
                    if (i != r - 1)
                    {
                        xnext[indi++] = 0.0;
                        xnext[ind1] = 0.0;
                    }
                }
            }
            var ithisr = nrbar - 1;
            var im = np - 1;
            for (var i = 0; i < np; i++)
            {
                var bi = thetab[im];
                var jm = np - 1;
                for (var j = 0; j < i; j++)
                    bi -= rbar[ithisr--] * pm[jm--];
                pm[im--] = bi;
            }
            ind = npr;
            for (var i = 0; i < r; i++)
                xnext[i] = pm[ind++];
            ind = np - 1;
            ind1 = npr - 1;
            for (var i = 0; i < npr; i++)
                pm[ind--] = pm[ind1--];
            for (var i = 0; i < r; i++)
                pm[i] = xnext[i];
        }
        else
        {
            var indn = np;
            ind = np;
            for (var i = 0; i < r; i++)
            {
                for (var j = 0; j <= i; j++)
                {
                    --ind;
                    pm[ind] = v[ind];
                    if (j != 0)
                        pm[ind] += pm[--indn];
                }
            }
        }
        // Unpack the packed upper triangle (column-major in R, symmetric, so row-major reads the same).
        ind = np;
        for (var i = r - 1; i > 0; i--)
        {
            for (var j = r - 1; j >= i; j--)
                pm[r * i + j] = pm[--ind];
        }
        for (var i = 0; i < r - 1; i++)
        {
            for (var j = i + 1; j < r; j++)
                pm[i + r * j] = pm[j + r * i];
        }
        pm[..(r * r)].CopyTo(result);
    }

    /// <summary>
    /// The same stationary state covariance as <see cref="GetQ0"/> (column-major r × r into <paramref name="result"/>),
    /// from the ARMA autocovariances and ψ weights (Brockwell, P.J. &amp; Davis, R.A. (1991), <i>Time Series: Theory and
    /// Methods</i>, §3.3) instead of AS 154's O(r⁶) linear system: the state is α_t[i] = Σ_{u≥0} φ_{i+u+1} y_{t−1−u} +
    /// θ_{i+u} ε_{t−u}, so its covariances are sums of γ(h), ψ_h and θ products. Seasonal models (r ≈ 26 for monthly data)
    /// spend most of their likelihood time here, hence the shortcut.
    /// </summary>
    public static void StationaryCovariance(ReadOnlySpan<double> phi, ReadOnlySpan<double> theta, Span<double> result, ArimaWorkspace ws)
    {
        int p = phi.Length, q = theta.Length;
        var r = Math.Max(p, q + 1);
        if (p == 0 || r == 1)
        {
            // Pure MA (or r = 1): AS 154's back-substitution is already cheap and exact.
            GetQ0(phi, theta, result, ws);
            return;
        }
        Span<double> ph = stackalloc double[r + 2];
        Span<double> th = stackalloc double[r + 1];
        ph.Clear();
        th.Clear();
        for (var k = 1; k <= p; k++)
            ph[k] = phi[k - 1];
        th[0] = 1;
        for (var k = 1; k <= q; k++)
            th[k] = theta[k - 1];
        Span<double> psi = stackalloc double[r + 1];
        for (var j = 0; j <= r; j++)
        {
            var v = j == 0 ? 1.0 : j <= q ? th[j] : 0.0;
            for (var k = 1; k <= Math.Min(j, p); k++)
                v += ph[k] * psi[j - k];
            psi[j] = v;
        }
        // γ(0..p) from (p+1) linear equations γ(k) − Σ φ_j γ(|k−j|) = Σ_{j=k..q} θ_j ψ_{j−k}, then the AR recursion.
        var a = new double[(p + 1) * (p + 1)];
        var g = new double[r + 1];
        for (var k = 0; k <= p; k++)
        {
            a[k * (p + 1) + k] += 1;
            for (var j = 1; j <= p; j++)
                a[k * (p + 1) + Math.Abs(k - j)] -= ph[j];
            var c = 0.0;
            for (var j = k; j <= q; j++)
                c += th[j] * psi[j - k];
            g[k] = c;
        }
        SolveInPlace(a, g.AsSpan(0, p + 1), p + 1);
        for (var h = p + 1; h <= r; h++)
        {
            var v = 0.0;
            for (var j = 1; j <= p; j++)
                v += ph[j] * g[h - j];
            for (var j = h; j <= q; j++)
                v += th[j] * psi[j - h];
            g[h] = v;
        }
        for (var i = 0; i < r; i++)
        {
            for (var j = i; j < r; j++)
            {
                var sum = 0.0;
                for (var u = 0; u <= r - 1 - i; u++)
                {
                    var fi = ph[i + u + 1];
                    var ti = i + u <= q ? th[i + u] : 0.0;
                    for (var v = 0; v <= r - 1 - j; v++)
                    {
                        var fj = ph[j + v + 1];
                        if (fi != 0 && fj != 0)
                            sum += fi * fj * g[Math.Abs(u - v)];
                        if (fi != 0 && v >= u + 1 && j + v <= q)
                            sum += fi * th[j + v] * psi[v - u - 1];
                        if (fj != 0 && u >= v + 1 && ti != 0)
                            sum += ti * fj * psi[u - v - 1];
                        if (u == v && ti != 0 && j + v <= q)
                            sum += ti * th[j + v];
                    }
                }
                result[i + r * j] = sum;
                result[j + r * i] = sum;
            }
        }
    }

    /// <summary>Gaussian elimination with partial pivoting on a row-major n × n system (small, dense).</summary>
    private static void SolveInPlace(double[] a, Span<double> b, int n)
    {
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < n; row++)
            {
                if (Math.Abs(a[row * n + col]) > Math.Abs(a[pivot * n + col]))
                    pivot = row;
            }
            if (pivot != col)
            {
                for (var k = 0; k < n; k++)
                    (a[col * n + k], a[pivot * n + k]) = (a[pivot * n + k], a[col * n + k]);
                (b[col], b[pivot]) = (b[pivot], b[col]);
            }
            var d = a[col * n + col];
            for (var row = col + 1; row < n; row++)
            {
                var f = a[row * n + col] / d;
                if (f == 0)
                    continue;
                for (var k = col; k < n; k++)
                    a[row * n + k] -= f * a[col * n + k];
                b[row] -= f * b[col];
            }
        }
        for (var row = n - 1; row >= 0; row--)
        {
            var v = b[row];
            for (var k = row + 1; k < n; k++)
                v -= a[row * n + k] * b[k];
            b[row] = v / a[row * n + row];
        }
    }

    private static void Inclu2(int np, ReadOnlySpan<double> xnext, Span<double> xrow, double ynext, Span<double> d, Span<double> rbar, Span<double> thetab)
    {
        xnext[..np].CopyTo(xrow);
        var ithisr = 0;
        for (var i = 0; i < np; i++)
        {
            if (xrow[i] != 0.0)
            {
                var xi = xrow[i];
                var di = d[i];
                var dpi = di + xi * xi;
                d[i] = dpi;
                var cbar = di / dpi;
                var sbar = xi / dpi;
                for (var k = i + 1; k < np; k++)
                {
                    var xk = xrow[k];
                    var rbthis = rbar[ithisr];
                    xrow[k] = xk - xi * rbthis;
                    rbar[ithisr++] = cbar * rbthis + sbar * xk;
                }
                var y = ynext;
                ynext = y - xi * thetab[i];
                thetab[i] = cbar * thetab[i] + sbar * y;
                if (di == 0.0)
                    return;
            }
            else
            {
                ithisr = ithisr + np - i - 1;
            }
        }
    }

    /// <summary>
    /// Runs the Kalman filter of R's <c>ARIMA_Like</c> over <paramref name="y"/> from state a = 0 and covariance
    /// <paramref name="pn"/> (rd × rd, overwritten); leaves the filtered state in <paramref name="a"/> and
    /// <paramref name="pFinal"/>. Returns (Σ standardized innovations², Σ log gains, count used).
    /// </summary>
    public static (double Ssq, double SumLog, int Used) Filter(
        ReadOnlySpan<double> y, ReadOnlySpan<double> phi, ReadOnlySpan<double> theta, ReadOnlySpan<double> delta,
        Span<double> a, Span<double> pFinal, Span<double> pn, ArimaWorkspace ws, Span<double> residuals)
    {
        int n = y.Length, p = phi.Length, q = theta.Length, d = delta.Length;
        var r = Math.Max(p, q + 1);
        var rd = r + d;
        var anew = ws.Anew.AsSpan(0, rd);
        var mv = ws.M.AsSpan(0, rd);
        var mm = ws.Mm.AsSpan(0, rd * rd);
        var pp = pFinal[..(rd * rd)];
        var pnew = pn[..(rd * rd)];
        a[..rd].Clear();
        pp.Clear();
        double ssq = 0, sumlog = 0;
        var nu = 0;
        var useResid = !residuals.IsEmpty;
        for (var l = 0; l < n; l++)
        {
            for (var i = 0; i < r; i++)
            {
                var tmp = i < r - 1 ? a[i + 1] : 0.0;
                if (i < p)
                    tmp += phi[i] * a[0];
                anew[i] = tmp;
            }
            if (d > 0)
            {
                for (var i = r + 1; i < rd; i++)
                    anew[i] = a[i - 1];
                var tmp = a[0];
                for (var i = 0; i < d; i++)
                    tmp += delta[i] * a[r + i];
                anew[r] = tmp;
            }
            if (l > 0)
            {
                if (d == 0)
                {
                    for (var i = 0; i < r; i++)
                    {
                        var vi = i == 0 ? 1.0 : i - 1 < q ? theta[i - 1] : 0.0;
                        for (var j = 0; j < r; j++)
                        {
                            var tmp = j == 0 ? vi : j - 1 < q ? vi * theta[j - 1] : 0.0;
                            if (i < p && j < p)
                                tmp += phi[i] * phi[j] * pp[0];
                            if (i < r - 1 && j < r - 1)
                                tmp += pp[i + 1 + r * (j + 1)];
                            if (i < p && j < r - 1)
                                tmp += phi[i] * pp[j + 1];
                            if (j < p && i < r - 1)
                                tmp += phi[j] * pp[i + 1];
                            pnew[i + r * j] = tmp;
                        }
                    }
                }
                else
                {
                    for (var i = 0; i < r; i++)
                    {
                        for (var j = 0; j < rd; j++)
                        {
                            var tmp = 0.0;
                            if (i < p)
                                tmp += phi[i] * pp[rd * j];
                            if (i < r - 1)
                                tmp += pp[i + 1 + rd * j];
                            mm[i + rd * j] = tmp;
                        }
                    }
                    for (var j = 0; j < rd; j++)
                    {
                        var tmp = pp[rd * j];
                        for (var k = 0; k < d; k++)
                            tmp += delta[k] * pp[r + k + rd * j];
                        mm[r + rd * j] = tmp;
                    }
                    for (var i = 1; i < d; i++)
                    {
                        for (var j = 0; j < rd; j++)
                            mm[r + i + rd * j] = pp[r + i - 1 + rd * j];
                    }
                    for (var i = 0; i < r; i++)
                    {
                        for (var j = 0; j < rd; j++)
                        {
                            var tmp = 0.0;
                            if (i < p)
                                tmp += phi[i] * mm[j];
                            if (i < r - 1)
                                tmp += mm[rd * (i + 1) + j];
                            pnew[j + rd * i] = tmp;
                        }
                    }
                    for (var j = 0; j < rd; j++)
                    {
                        var tmp = mm[j];
                        for (var k = 0; k < d; k++)
                            tmp += delta[k] * mm[rd * (r + k) + j];
                        pnew[j + rd * r] = tmp;
                    }
                    for (var i = 1; i < d; i++)
                    {
                        for (var j = 0; j < rd; j++)
                            pnew[j + rd * (r + i)] = mm[rd * (r + i - 1) + j];
                    }
                    for (var i = 0; i <= q; i++)
                    {
                        var vi = i == 0 ? 1.0 : theta[i - 1];
                        for (var j = 0; j <= q; j++)
                            pnew[i + rd * j] += vi * (j == 0 ? 1.0 : theta[j - 1]);
                    }
                }
            }
            if (double.IsFinite(y[l]))
            {
                var resid0 = y[l] - anew[0];
                for (var i = 0; i < d; i++)
                    resid0 -= delta[i] * anew[r + i];
                var gain = pnew[0];
                for (var i = 0; i < d; i++)
                    gain += 2 * delta[i] * pnew[r + i];
                for (var i = 0; i < d; i++)
                {
                    for (var j = 0; j < d; j++)
                        gain += delta[i] * delta[j] * pnew[r + i + rd * (r + j)];
                }
                for (var i = 0; i < rd; i++)
                {
                    var tmp = pnew[i];
                    for (var k = 0; k < d; k++)
                        tmp += pnew[i + rd * (r + k)] * delta[k];
                    mv[i] = tmp;
                }
                if (gain < 1e4)
                {
                    nu++;
                    ssq += resid0 * resid0 / gain;
                    sumlog += Math.Log(gain);
                }
                if (useResid)
                    residuals[l] = resid0 / Math.Sqrt(gain);
                for (var i = 0; i < rd; i++)
                    a[i] = anew[i] + mv[i] * resid0 / gain;
                for (var i = 0; i < rd; i++)
                {
                    for (var j = 0; j < rd; j++)
                        pp[i + rd * j] = pnew[i + rd * j] - mv[i] * mv[j] / gain;
                }
            }
            else
            {
                anew.CopyTo(a);
                pnew.CopyTo(pp);
                if (useResid)
                    residuals[l] = double.NaN;
            }
        }
        return (ssq, sumlog, nu);
    }

    /// <summary>
    /// Conditional sum of squares of R's <c>ARIMA_CSS</c>: <paramref name="w"/> is the differenced series (aligned
    /// with the original, the first d + m·D values unused); returns Σe²/n over t ≥ <paramref name="ncond"/>.
    /// </summary>
    public static double Css(ReadOnlySpan<double> w, ReadOnlySpan<double> phi, ReadOnlySpan<double> theta, int ncond, Span<double> resid)
    {
        int n = w.Length, p = phi.Length, q = theta.Length;
        double ssq = 0;
        var nu = 0;
        resid[..Math.Min(ncond, n)].Clear();
        for (var l = ncond; l < n; l++)
        {
            var tmp = w[l];
            for (var j = 0; j < p; j++)
                tmp -= phi[j] * w[l - j - 1];
            var jmax = Math.Min(l - ncond, q);
            for (var j = 0; j < jmax; j++)
                tmp -= theta[j] * resid[l - j - 1];
            resid[l] = tmp;
            if (!double.IsNaN(tmp))
            {
                nu++;
                ssq += tmp * tmp;
            }
        }
        return ssq / nu;
    }

    /// <summary>Applies (1 − B)^d (1 − B^m)^D in place, as <c>ARIMA_CSS</c> does (values before the lags keep partial differences).</summary>
    public static void Difference(Span<double> w, int d, int seasonalD, int m)
    {
        var n = w.Length;
        for (var i = 0; i < d; i++)
        {
            for (var l = n - 1; l > 0; l--)
                w[l] -= w[l - 1];
        }
        for (var i = 0; i < seasonalD; i++)
        {
            for (var l = n - 1; l >= m; l--)
                w[l] -= w[l - m];
        }
    }

    /// <summary>The coefficients Δ of the differencing polynomial (1 − B)^d (1 − B^m)^D = 1 − Δ₁B − …, R's <c>Delta</c>.</summary>
    public static double[] Delta(int d, int seasonalD, int m)
    {
        double[] poly = [1];
        for (var i = 0; i < d; i++)
            poly = Convolve(poly, [1, -1]);
        for (var i = 0; i < seasonalD; i++)
        {
            var s = new double[m + 1];
            s[0] = 1;
            s[m] = -1;
            poly = Convolve(poly, s);
        }
        var delta = new double[poly.Length - 1];
        for (var i = 0; i < delta.Length; i++)
            delta[i] = -poly[i + 1];
        return delta;
    }

    private static double[] Convolve(double[] a, double[] b)
    {
        var c = new double[a.Length + b.Length - 1];
        for (var i = 0; i < a.Length; i++)
        {
            for (var j = 0; j < b.Length; j++)
                c[i + j] += a[i] * b[j];
        }
        return c;
    }
}

/// <summary>Scratch arrays reused across likelihood evaluations of one model (the filter runs hundreds of times per fit).</summary>
internal sealed class ArimaWorkspace
{
    public ArimaWorkspace(int r, int rd)
    {
        var np = r * (r + 1) / 2;
        Q0V = new double[np];
        Q0P = new double[Math.Max(np, r * r)];
        _rbarLength = Math.Max(1, np * (np - 1) / 2);
        Q0Thetab = new double[np];
        Q0Xnext = new double[np];
        Q0Xrow = new double[np];
        Anew = new double[rd];
        M = new double[rd];
        Mm = new double[rd * rd];
    }

    public double[] Q0V { get; }
    public double[] Q0P { get; }
    private readonly int _rbarLength;
    private double[]? _rbar;

    /// <summary>AS 154's triangular factor, allocated on first use (O(r⁴) doubles; the autocovariance route does not need it).</summary>
    public double[] Q0Rbar => _rbar ??= new double[_rbarLength];
    public double[] Q0Thetab { get; }
    public double[] Q0Xnext { get; }
    public double[] Q0Xrow { get; }
    public double[] Anew { get; }
    public double[] M { get; }
    public double[] Mm { get; }
}
