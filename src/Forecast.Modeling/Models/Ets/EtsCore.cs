using MathNet.Numerics.LinearAlgebra;

namespace Forecast.Modeling.Models.Ets;

/// <summary>Smoothing parameters of an ETS model; β, γ, φ are ignored by components the model lacks (φ = 1 when undamped).</summary>
public readonly record struct EtsParameters(double Alpha, double Beta, double Gamma, double Phi);

/// <summary>
/// The numerical kernel of ETS as R's <c>forecast</c> package implements it (<c>etscalc</c>, <c>initstate</c>,
/// <c>initparam</c>, <c>admissible</c>): the state recursions of Hyndman et al. (2008), §2.5 and Table 2.3, the
/// likelihood n·log(Σe²) (+ 2Σlog|ŷ| for multiplicative errors), the initial-state heuristic of §2.6.1 and the
/// admissibility test on the characteristic polynomial of §10.2.
/// </summary>
internal static class EtsCore
{
    private const double Tol = 1e-10;
    private const double Huge = 1e10;

    /// <summary>R's default lower bounds for α, β, γ, φ.</summary>
    public static readonly double[] Lower = [1e-4, 1e-4, 1e-4, 0.8];

    /// <summary>R's default upper bounds for α, β, γ, φ.</summary>
    public static readonly double[] Upper = [0.9999, 0.9999, 0.9999, 0.98];

    /// <summary>
    /// Runs the recursions from <paramref name="init"/> (l, b?, then m seasonal states in R's order: s[0] most recent,
    /// s[m−1] the one used for the first observation). Returns n·log(SSE) (+2Σlog|f| for M errors); fills
    /// <paramref name="fitted"/>/<paramref name="residuals"/>/<paramref name="finalState"/> when given.
    /// <paramref name="seasonScratch"/> must hold m values.
    /// </summary>
    public static double Filter(ReadOnlySpan<double> y, EtsSpec spec, int m, EtsParameters p, ReadOnlySpan<double> init,
        Span<double> seasonScratch, Span<double> fitted, Span<double> residuals, Span<double> finalState, out double sse)
    {
        // The recursions run millions of times per data set: dispatch once to a copy the JIT specialises per model form.
        var multError = spec.Error == EtsError.Multiplicative;
        return (multError, spec.HasTrend, spec.Season) switch
        {
            (false, false, EtsSeason.None) => Filter<No, No, No>(y, spec, m, p, init, seasonScratch, fitted, residuals, finalState, out sse),
            (false, false, EtsSeason.Additive) => Filter<No, No, Yes>(y, spec, m, p, init, seasonScratch, fitted, residuals, finalState, out sse),
            (false, true, EtsSeason.None) => Filter<No, Yes, No>(y, spec, m, p, init, seasonScratch, fitted, residuals, finalState, out sse),
            (false, true, EtsSeason.Additive) => Filter<No, Yes, Yes>(y, spec, m, p, init, seasonScratch, fitted, residuals, finalState, out sse),
            (true, false, EtsSeason.None) => Filter<Yes, No, No>(y, spec, m, p, init, seasonScratch, fitted, residuals, finalState, out sse),
            (true, false, EtsSeason.Additive) => Filter<Yes, No, Yes>(y, spec, m, p, init, seasonScratch, fitted, residuals, finalState, out sse),
            (true, true, EtsSeason.None) => Filter<Yes, Yes, No>(y, spec, m, p, init, seasonScratch, fitted, residuals, finalState, out sse),
            (true, true, EtsSeason.Additive) => Filter<Yes, Yes, Yes>(y, spec, m, p, init, seasonScratch, fitted, residuals, finalState, out sse),
            (false, false, _) => Filter<No, No, Mult>(y, spec, m, p, init, seasonScratch, fitted, residuals, finalState, out sse),
            (false, true, _) => Filter<No, Yes, Mult>(y, spec, m, p, init, seasonScratch, fitted, residuals, finalState, out sse),
            (true, false, _) => Filter<Yes, No, Mult>(y, spec, m, p, init, seasonScratch, fitted, residuals, finalState, out sse),
            (true, true, _) => Filter<Yes, Yes, Mult>(y, spec, m, p, init, seasonScratch, fitted, residuals, finalState, out sse),
        };
    }

    internal interface IFlag
    {
        static abstract int Value { get; }
    }

    internal readonly struct No : IFlag
    {
        public static int Value => 0;
    }

    internal readonly struct Yes : IFlag
    {
        public static int Value => 1;
    }

    internal readonly struct Mult : IFlag
    {
        public static int Value => 2;
    }

    private static double Filter<TMultError, TTrend, TSeason>(ReadOnlySpan<double> y, EtsSpec spec, int m, EtsParameters p, ReadOnlySpan<double> init,
        Span<double> seasonScratch, Span<double> fitted, Span<double> residuals, Span<double> finalState, out double sse)
        where TMultError : struct, IFlag
        where TTrend : struct, IFlag
        where TSeason : struct, IFlag
    {
        var hasTrend = TTrend.Value == 1;
        var seasonal = TSeason.Value != 0;
        var multSeason = TSeason.Value == 2;
        var multError = TMultError.Value == 1;
        var phi = spec.Trend == EtsTrend.Damped ? p.Phi : 1.0;
        var alpha = p.Alpha;
        var beta = hasTrend ? p.Beta : 0;
        var gamma = p.Gamma;
        // R updates l = q + α(p − q) and then b = φb + (β/α)(l − l₀ − φb), where q = l₀ + φb is the one-step level.
        // Carrying q instead (q' = (1−α−φβ)q + (α+φβ)p + φ²b, b' = φb + β(p − q), the same model algebraically)
        // shortens the chain of dependent operations per step from about eight to three: the filter runs
        // millions of times per data set and was bound by that latency, not by arithmetic.
        var keepQ = 1 - alpha - phi * beta;
        var takeP = alpha + phi * beta;
        var phi2 = phi * phi;
        var b = hasTrend ? init[1] : 0;
        var q = init[0] + (hasTrend ? phi * b : 0);
        var s0 = hasTrend ? 2 : 1;
        if (!seasonal)
            m = 1;
        // seasonScratch[t mod m] is the seasonal state used at period t: R's s[m-1-t] for t < m.
        if (seasonal)
        {
            for (var t = 0; t < m; t++)
                seasonScratch[t] = init[s0 + m - 1 - t];
        }
        var n = y.Length;
        sse = 0.0;
        var logSum = 0.0;
        // Σlog|f| as the log of running products: one Math.Log per ~hundred steps instead of one per step.
        var product = 1.0;
        var pos = 0;
        var storeFitted = !fitted.IsEmpty;
        for (var t = 0; t < n; t++)
        {
            double sj = 0;
            double f;
            if (!seasonal)
            {
                f = q;
            }
            else
            {
                sj = seasonScratch[pos];
                f = multSeason ? q * sj : q + sj;
            }
            var yt = y[t];
            var e = multError ? (yt - f) / f : yt - f;
            sse += e * e;
            if (multError)
            {
                product *= Math.Abs(f);
                if (product > 1e200 || product < 1e-200)
                {
                    logSum += Math.Log(product);
                    product = 1.0;
                }
            }
            if (storeFitted)
            {
                fitted[t] = f;
                residuals[t] = e;
            }

            double pl;
            if (!seasonal)
                pl = yt;
            else if (!multSeason)
                pl = yt - sj;
            else
                pl = Math.Abs(sj) < Tol ? Huge : yt / sj;
            if (seasonal)
            {
                double ts;
                if (!multSeason)
                    ts = yt - q;
                else
                    ts = Math.Abs(q) < Tol ? Huge : yt / q;
                seasonScratch[pos] = sj + gamma * (ts - sj);
                pos++;
                if (pos == m)
                    pos = 0;
            }
            if (hasTrend)
            {
                var next = keepQ * q + takeP * pl + phi2 * b;
                b = phi * b + beta * (pl - q);
                q = next;
            }
            else
            {
                q = keepQ * q + takeP * pl;
            }
        }
        var l = hasTrend ? q - phi * b : q;
        if (multError)
            logSum += Math.Log(product);
        if (!finalState.IsEmpty)
        {
            finalState[0] = l;
            if (hasTrend)
                finalState[1] = b;
            if (seasonal)
            {
                // Back to R's order: s[0] the most recent update.
                for (var j = 0; j < m; j++)
                    finalState[s0 + j] = seasonScratch[((n - 1 - j) % m + m) % m];
            }
        }
        var lik = n * Math.Log(sse);
        if (multError)
            lik += 2 * logSum;
        return lik;
    }

    /// <summary>Point forecasts from a state in R's order (<c>forecast</c> in etscalc.c).</summary>
    public static double[] PointForecast(ReadOnlySpan<double> state, EtsSpec spec, int m, double phi, int horizon)
    {
        var f = new double[horizon];
        var l = state[0];
        var b = spec.HasTrend ? state[1] : 0;
        var s0 = spec.HasTrend ? 2 : 1;
        var phiStar = spec.Trend == EtsTrend.Damped ? phi : 1;
        for (var i = 0; i < horizon; i++)
        {
            var v = spec.HasTrend ? l + phiStar * b : l;
            if (spec.HasSeason)
            {
                var j = m - 1 - i;
                while (j < 0)
                    j += m;
                v = spec.Season == EtsSeason.Additive ? v + state[s0 + j] : v * state[s0 + j];
            }
            f[i] = v;
            if (spec.Trend == EtsTrend.Damped)
                phiStar += Math.Pow(phi, i + 2);
            else
                phiStar += 1;
        }
        return f;
    }

    /// <summary>R's <c>initparam</c>: starting values for α, β, γ, φ.</summary>
    public static EtsParameters InitialParameters(EtsSpec spec, int m)
    {
        var seasonM = spec.HasSeason ? m : 1;
        var alpha = Lower[0] + 0.2 * (Upper[0] - Lower[0]) / seasonM;
        if (alpha > 1 || alpha < 0)
            alpha = Lower[0] + 2e-3;
        var beta = 0.0;
        if (spec.HasTrend)
        {
            var upper = Math.Min(Upper[1], alpha);
            beta = Lower[1] + 0.1 * (upper - Lower[1]);
            if (beta < 0 || beta > alpha)
                beta = alpha - 1e-3;
        }
        var gamma = 0.0;
        if (spec.HasSeason)
        {
            var upper = Math.Min(Upper[2], 1 - alpha);
            gamma = Lower[2] + 0.05 * (upper - Lower[2]);
            if (gamma < 0 || gamma > 1 - alpha)
                gamma = 1 - alpha - 1e-3;
        }
        var phi = 1.0;
        if (spec.Trend == EtsTrend.Damped)
        {
            phi = Lower[3] + 0.99 * (Upper[3] - Lower[3]);
            if (phi < 0 || phi > 1)
                phi = Upper[3] - 1e-3;
        }
        return new EtsParameters(alpha, beta, gamma, phi);
    }

    /// <summary>
    /// R's <c>initstate</c>: l0 (and b0) by regression on the first max(10, 2m) seasonally adjusted values; seasonal
    /// states from a classical decomposition of the first three seasons (a linear trend + one Fourier pair when fewer).
    /// Returns l, b?, then m − 1 seasonal states (R's s0..s(m−2)); the last is implied by the normalisation.
    /// </summary>
    public static double[] InitialState(ReadOnlySpan<double> y, EtsSpec spec, int m)
    {
        var n = y.Length;
        double[] ySa;
        double[] initSeason = [];
        if (spec.HasSeason)
        {
            if (n < 4)
                throw new ArgumentException("A seasonal ETS model needs at least 4 observations.", nameof(y));
            var mult = spec.Season == EtsSeason.Multiplicative;
            double[] seasonal;
            if (n < 3 * m)
            {
                // y ~ trend + one Fourier pair (R: tslm(y ~ trend + fourier(y, 1))); the "seasonal" part is what is left.
                var x = Matrix<double>.Build.Dense(n, m == 2 ? 3 : 4);
                for (var t = 0; t < n; t++)
                {
                    x[t, 0] = 1;
                    x[t, 1] = t + 1;
                    var angle = 2 * Math.PI * (t + 1) / m;
                    if (m == 2)
                    {
                        x[t, 2] = Math.Cos(angle);
                    }
                    else
                    {
                        x[t, 2] = Math.Sin(angle);
                        x[t, 3] = Math.Cos(angle);
                    }
                }
                var coef = x.QR().Solve(Vector<double>.Build.DenseOfArray(y.ToArray()));
                seasonal = new double[n];
                for (var t = 0; t < n; t++)
                {
                    var trend = coef[0] + coef[1] * (t + 1);
                    seasonal[t] = mult ? y[t] / trend : y[t] - trend;
                }
            }
            else
            {
                seasonal = Series.Decomposition.SeasonalIndices(y, m, mult);
            }
            initSeason = new double[m - 1];
            for (var j = 0; j < m - 1; j++)
                initSeason[j] = seasonal[m - 1 - j];
            var len = Math.Min(n, seasonal.Length);
            ySa = new double[len];
            if (!mult)
            {
                for (var t = 0; t < len; t++)
                    ySa[t] = y[t] - seasonal[t];
            }
            else
            {
                var sum = 0.0;
                for (var j = 0; j < initSeason.Length; j++)
                {
                    initSeason[j] = Math.Max(initSeason[j], 1e-2);
                    sum += initSeason[j];
                }
                if (sum > m)
                {
                    var denominator = sum + 1e-2 * initSeason.Length;
                    for (var j = 0; j < initSeason.Length; j++)
                        initSeason[j] /= denominator;
                }
                for (var t = 0; t < len; t++)
                    ySa[t] = y[t] / Math.Max(seasonal[t], 1e-2);
            }
        }
        else
        {
            m = 1;
            ySa = y.ToArray();
        }
        var maxn = Math.Min(Math.Max(10, 2 * m), ySa.Length);
        double l0;
        var b0 = 0.0;
        if (!spec.HasTrend)
        {
            l0 = 0;
            for (var t = 0; t < maxn; t++)
                l0 += ySa[t];
            l0 /= maxn;
        }
        else
        {
            // Least squares of ySa on 1..maxn.
            double sx = 0, sy = 0, sxx = 0, sxy = 0;
            for (var t = 0; t < maxn; t++)
            {
                var xt = t + 1.0;
                sx += xt;
                sy += ySa[t];
                sxx += xt * xt;
                sxy += xt * ySa[t];
            }
            var denominator = maxn * sxx - sx * sx;
            b0 = denominator != 0 ? (maxn * sxy - sx * sy) / denominator : 0;
            l0 = (sy - b0 * sx) / maxn;
            if (Math.Abs(l0 + b0) < 1e-8)
            {
                l0 *= 1 + 1e-3;
                b0 *= 1 - 1e-3;
            }
        }
        var state = new double[1 + (spec.HasTrend ? 1 : 0) + initSeason.Length];
        state[0] = l0;
        if (spec.HasTrend)
            state[1] = b0;
        initSeason.CopyTo(state, spec.HasTrend ? 2 : 1);
        return state;
    }

    /// <summary>The "usual" bounds of R (0 &lt; β &lt; α &lt; 1, 0 &lt; γ &lt; 1 − α, 0.8 &lt; φ &lt; 0.98) and then admissibility.</summary>
    public static bool CheckParameters(EtsSpec spec, int m, EtsParameters p)
    {
        if (p.Alpha < Lower[0] || p.Alpha > Upper[0])
            return false;
        if (spec.HasTrend && (p.Beta < Lower[1] || p.Beta > p.Alpha || p.Beta > Upper[1]))
            return false;
        if (spec.Trend == EtsTrend.Damped && (p.Phi < Lower[3] || p.Phi > Upper[3]))
            return false;
        if (spec.HasSeason && (p.Gamma < Lower[2] || p.Gamma > 1 - p.Alpha || p.Gamma > Upper[2]))
            return false;
        return Admissible(spec, m, p);
    }

    /// <summary>R's <c>admissible</c>: the forecastability conditions of Hyndman et al. (2008) §10.2.</summary>
    public static bool Admissible(EtsSpec spec, int m, EtsParameters p)
    {
        var phi = spec.Trend == EtsTrend.Damped ? p.Phi : 1.0;
        if (phi < 0 || phi > 1 + 1e-8)
            return false;
        var alpha = p.Alpha;
        if (!spec.HasSeason)
        {
            if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi)
                return false;
            if (spec.HasTrend && (p.Beta < alpha * (phi - 1) || p.Beta > (1 + phi) * (2 - alpha)))
                return false;
            return true;
        }
        if (m <= 1)
            return true;
        var beta = spec.HasTrend ? p.Beta : 0;
        var gamma = p.Gamma;
        var d = 1 - 1 / phi - alpha;
        if (gamma < Math.Max(d, 0) || gamma > 1 + 1 / phi - alpha)
            return false;
        if (alpha < 1 - 1 / phi - gamma * (1 - m + phi + phi * m) / (2 * phi * m))
            return false;
        if (beta < -(1 - phi) * (gamma / m + alpha))
            return false;
        // Characteristic polynomial z^(m+1) + c1 z^m + ... + c_(m+1): all roots must lie in the unit disc.
        Span<double> c = stackalloc double[m + 2];
        c[0] = 1;
        c[1] = alpha + beta - phi;
        for (var i = 0; i < m - 2; i++)
            c[2 + i] = alpha + beta - alpha * phi;
        c[m] = alpha + beta - alpha * phi + gamma - 1;
        c[m + 1] = phi * (1 - alpha - gamma);
        return RootsInUnitDisc(c[..(m + 2)]);
    }

    /// <summary>
    /// True when every root of z^d + c1 z^(d−1) + … + c_d (coefficients from the leading 1) lies inside the closed unit disc,
    /// by the Schur–Cohn step-down recursion on the reversed polynomial; a root at z = 1 (the seasonal unit root of
    /// undamped no-trend models) is divided out first, as R's polyroot test accepts it within 1e-10.
    /// </summary>
    public static bool RootsInUnitDisc(ReadOnlySpan<double> coefficients)
    {
        Span<double> c = stackalloc double[coefficients.Length];
        coefficients.CopyTo(c);
        var d = c.Length - 1;
        for (var guard = 0; guard < 2 && d > 0; guard++)
        {
            var atOne = 0.0;
            for (var i = 0; i <= d; i++)
                atOne += c[i];
            if (Math.Abs(atOne) > 1e-9)
                break;
            // Synthetic division by (z − 1).
            for (var i = 1; i < d; i++)
                c[i] += c[i - 1];
            d--;
        }
        // Reversed polynomial a(w) = a0 + c1 w + ... + cd w^d: roots of c inside the disc <=> roots of a outside.
        // Each step-down a_i ← a0·a_i − a_j·a_(j−i) (pairs updated in place) leaves the reflection coefficient
        // k = a_j / a0 unchanged by the usual 1/(1 − k²) normalisation, so one division per degree suffices.
        Span<double> a = stackalloc double[d + 1];
        c[..(d + 1)].CopyTo(a);
        for (var j = d; j >= 1; j--)
        {
            var a0 = a[0];
            var aj = a[j];
            if (Math.Abs(aj) >= (1 - 1e-12) * Math.Abs(a0))
                return false;
            for (int lo = 0, hi = j; lo <= hi; lo++, hi--)
            {
                var x = a[lo];
                var y = a[hi];
                a[lo] = a0 * x - aj * y;
                a[hi] = a0 * y - aj * x;
            }
            // The first pair became (a0²(1 − k²), 0): back to a0 = 1, so products of many such factors cannot underflow.
            var scale = 1 / a[0];
            for (var i = 0; i < j; i++)
                a[i] *= scale;
        }
        return true;
    }
}
