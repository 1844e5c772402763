namespace Forecast.Modeling.Models.Arima;

/// <summary>
/// R's <c>optim(method = "BFGS")</c>: the variable metric method of Nash (1990), <i>Compact Numerical Methods for
/// Computers</i>, Algorithm 21 (<c>vmmin</c>), on parameters divided by <c>parscale</c>, with central-difference
/// gradients (<c>ndeps = 1e-3</c>) and <c>optimhess</c>'s finite-difference Hessian, which <c>stats::arima</c> uses.
/// </summary>
internal sealed class Bfgs
{
    private const double StepReduction = 0.2;
    private const double AcceptanceTolerance = 0.0001;
    private const double RelTest = 10.0;
    private const double Ndeps = 1e-3;

    private readonly Func<double[], double> _f;
    private readonly double[] _scale;
    private readonly double[] _work;

    /// <summary>Wraps the objective <paramref name="f"/> (of unscaled parameters) with R's <c>parscale</c>.</summary>
    public Bfgs(Func<double[], double> f, double[] scale)
    {
        _f = f;
        _scale = scale;
        _work = new double[scale.Length];
    }

    /// <summary>Objective evaluations so far.</summary>
    public int Evaluations { get; private set; }

    private double Value(ReadOnlySpan<double> scaled)
    {
        for (var i = 0; i < scaled.Length; i++)
            _work[i] = scaled[i] * _scale[i];
        Evaluations++;
        var v = _f(_work);
        return double.IsNaN(v) ? double.PositiveInfinity : v;
    }

    private bool Gradient(Span<double> x, Span<double> g)
    {
        for (var i = 0; i < x.Length; i++)
        {
            var xi = x[i];
            x[i] = xi + Ndeps;
            var v1 = Value(x);
            x[i] = xi - Ndeps;
            var v2 = Value(x);
            x[i] = xi;
            g[i] = (v1 - v2) / (2 * Ndeps);
            if (!double.IsFinite(g[i]))
                return false;
        }
        return true;
    }

    /// <summary>
    /// Minimises from <paramref name="par"/> (unscaled, overwritten with the result). Returns the minimum and whether
    /// it converged within <paramref name="maxIterations"/> (R: <c>convergence == 0</c>).
    /// </summary>
    /// <exception cref="ArgumentException">When the objective is not finite at the start or a gradient is not finite (R: an error).</exception>
    public (double Value, bool Converged) Minimize(double[] par, int maxIterations = 100)
    {
        var n = par.Length;
        var b = new double[n];
        for (var i = 0; i < n; i++)
            b[i] = par[i] / _scale[i];
        var f = Value(b);
        if (!double.IsFinite(f))
            throw new ArgumentException("The initial value of the objective is not finite.", nameof(par));
        if (n == 0)
            return (f, true);
        var reltol = 1.490116119384765625e-8;
        var g = new double[n];
        var t = new double[n];
        var x = new double[n];
        var c = new double[n];
        var bm = new double[n * n];
        var fmin = f;
        var gradcount = 1;
        if (!Gradient(b, g))
            throw new ArgumentException("Non-finite finite-difference gradient.", nameof(par));
        var iter = 1;
        var ilast = gradcount;
        int count;
        do
        {
            if (ilast == gradcount)
            {
                Array.Clear(bm);
                for (var i = 0; i < n; i++)
                    bm[i * n + i] = 1.0;
            }
            Array.Copy(b, x, n);
            Array.Copy(g, c, n);
            var gradproj = 0.0;
            for (var i = 0; i < n; i++)
            {
                var s = 0.0;
                for (var j = 0; j <= i; j++)
                    s -= bm[i * n + j] * g[j];
                for (var j = i + 1; j < n; j++)
                    s -= bm[j * n + i] * g[j];
                t[i] = s;
                gradproj += s * g[i];
            }
            if (gradproj < 0.0)
            {
                var steplength = 1.0;
                var accpoint = false;
                do
                {
                    count = 0;
                    for (var i = 0; i < n; i++)
                    {
                        b[i] = x[i] + steplength * t[i];
                        if (RelTest + x[i] == RelTest + b[i])
                            count++;
                    }
                    if (count < n)
                    {
                        f = Value(b);
                        accpoint = double.IsFinite(f) && f <= fmin + gradproj * steplength * AcceptanceTolerance;
                        if (!accpoint)
                            steplength *= StepReduction;
                    }
                }
                while (!(count == n || accpoint));
                var enough = f > double.NegativeInfinity && Math.Abs(f - fmin) > reltol * (Math.Abs(fmin) + reltol);
                if (!enough)
                {
                    count = n;
                    fmin = f;
                }
                if (count < n)
                {
                    fmin = f;
                    if (!Gradient(b, g))
                        throw new ArgumentException("Non-finite finite-difference gradient.", nameof(par));
                    gradcount++;
                    iter++;
                    var d1 = 0.0;
                    for (var i = 0; i < n; i++)
                    {
                        t[i] = steplength * t[i];
                        c[i] = g[i] - c[i];
                        d1 += t[i] * c[i];
                    }
                    if (d1 > 0)
                    {
                        var d2 = 0.0;
                        for (var i = 0; i < n; i++)
                        {
                            var s = 0.0;
                            for (var j = 0; j <= i; j++)
                                s += bm[i * n + j] * c[j];
                            for (var j = i + 1; j < n; j++)
                                s += bm[j * n + i] * c[j];
                            x[i] = s;
                            d2 += s * c[i];
                        }
                        d2 = 1.0 + d2 / d1;
                        for (var i = 0; i < n; i++)
                        {
                            for (var j = 0; j <= i; j++)
                                bm[i * n + j] += (d2 * t[i] * t[j] - x[i] * t[j] - t[i] * x[j]) / d1;
                        }
                    }
                    else
                    {
                        ilast = gradcount;
                    }
                }
                else if (ilast < gradcount)
                {
                    count = 0;
                    ilast = gradcount;
                }
            }
            else
            {
                count = 0;
                if (ilast == gradcount)
                    count = n;
                else
                    ilast = gradcount;
            }
            if (iter >= maxIterations)
                break;
            if (gradcount - ilast > 2 * n)
                ilast = gradcount;
        }
        while (count != n || ilast != gradcount);
        for (var i = 0; i < n; i++)
            par[i] = b[i] * _scale[i];
        return (fmin, iter < maxIterations);
    }

    /// <summary>The finite-difference Hessian at <paramref name="par"/> (unscaled), as R's <c>optimhess</c>; null when a gradient is not finite.</summary>
    public double[,]? Hessian(double[] par)
    {
        var n = par.Length;
        var x = new double[n];
        for (var i = 0; i < n; i++)
            x[i] = par[i] / _scale[i];
        var g1 = new double[n];
        var g2 = new double[n];
        var h = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            var eps = Ndeps / _scale[i];
            var xi = x[i];
            x[i] = xi + eps;
            if (!Gradient(x, g1))
                return null;
            x[i] = xi - eps;
            if (!Gradient(x, g2))
                return null;
            x[i] = xi;
            for (var j = 0; j < n; j++)
                h[i, j] = (g1[j] - g2[j]) / (2 * eps * _scale[i] * _scale[j]);
        }
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var tmp = 0.5 * (h[i, j] + h[j, i]);
                h[i, j] = h[j, i] = tmp;
            }
        }
        return h;
    }
}
