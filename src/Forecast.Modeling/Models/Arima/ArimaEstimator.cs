using MathNet.Numerics.LinearAlgebra;

namespace Forecast.Modeling.Models.Arima;

/// <summary>
/// Estimates a seasonal ARIMA model with an optional constant (a mean when d + D = 0, a drift otherwise) as R's
/// <c>stats::arima</c> with <c>forecast::Arima</c>'s drift regressor: conditional sum of squares, then exact Gaussian
/// likelihood by the Kalman filter (Gardner, Harvey &amp; Phillips 1980) with AR parameters mapped to the stationary
/// region (Jones 1980) and MA roots reflected into invertibility, optimised by BFGS.
/// </summary>
internal sealed class ArimaEstimator
{
    private const double Kappa = 1e6;

    private readonly double[] _y;
    private readonly ArimaOrder _o;
    private readonly double[] _delta;
    private readonly double[]? _xreg;
    private readonly int _narma;
    private readonly int _r;
    private readonly int _rd;
    private readonly double[] _phi;
    private readonly double[] _theta;
    private readonly ArimaWorkspace _ws;
    private readonly double[] _pn;
    private readonly double[] _p;
    private readonly double[] _a;
    private readonly double[] _buffer;
    private readonly double[] _dy;
    private readonly double[]? _dxreg;
    private readonly double[] _cssResid;
    private readonly double[] _q0;
    private readonly double[] _full;
    private int _ncond;

    private ArimaEstimator(double[] y, ArimaOrder o, bool constant)
    {
        _y = y;
        _o = o;
        var n = y.Length;
        _delta = ArimaStateSpace.Delta(o.Diff, o.SeasonalDiff, o.Period);
        _narma = o.ArmaCount;
        if (constant)
        {
            _xreg = new double[n];
            for (var i = 0; i < n; i++)
                _xreg[i] = o.TotalDiff == 0 ? 1.0 : i + 1;
        }
        var p = o.Ar + o.Period * o.SeasonalAr;
        var q = o.Ma + o.Period * o.SeasonalMa;
        _phi = new double[p];
        _theta = new double[q];
        _r = Math.Max(p, q + 1);
        _rd = _r + _delta.Length;
        _ws = new ArimaWorkspace(_r, _rd);
        _pn = new double[_rd * _rd];
        _p = new double[_rd * _rd];
        _a = new double[_rd];
        _q0 = new double[_r * _r];
        _buffer = new double[n];
        _dy = [.. y];
        ArimaStateSpace.Difference(_dy, o.Diff, o.SeasonalDiff, o.Period);
        if (_xreg is not null)
        {
            _dxreg = [.. _xreg];
            ArimaStateSpace.Difference(_dxreg, o.Diff, o.SeasonalDiff, o.Period);
        }
        _cssResid = new double[n];
        _full = new double[_narma + (constant ? 1 : 0)];
    }

    /// <summary>Fits <paramref name="order"/> to <paramref name="y"/>; <paramref name="fixedConstant"/> fixes the constant instead of estimating it (only without ARMA terms).</summary>
    /// <exception cref="ArgumentException">When the series is too short or the likelihood cannot be evaluated.</exception>
    /// <exception cref="InvalidOperationException">When the CSS starting values are non-stationary (R: "non-stationary AR part from CSS").</exception>
    public static ArimaFit Fit(double[] y, ArimaOrder order, bool constant, ArimaMethod method = ArimaMethod.CssMl, double? fixedConstant = null)
    {
        if (order.Period < 1 || (order.Period == 1 && order.SeasonalAr + order.SeasonalDiff + order.SeasonalMa > 0))
            throw new ArgumentException("Seasonal terms need a period above 1.", nameof(order));
        if (fixedConstant is not null && (!constant || order.ArmaCount > 0))
            throw new ArgumentException("A fixed constant is supported only for models without ARMA terms.", nameof(fixedConstant));
        return new ArimaEstimator(y, order, constant).Run(method, fixedConstant);
    }

    private int NUsed => _y.Length - _delta.Length;

    private ArimaFit Run(ArimaMethod method, double? fixedConstant)
    {
        var n = _y.Length;
        if (NUsed <= 0)
            throw new ArgumentException($"{_o} needs more than {_delta.Length} observations.");
        var npar = _full.Length;
        var init = new double[npar];
        var scale = Enumerable.Repeat(1.0, npar).ToArray();
        if (_xreg is not null)
        {
            var (beta, se) = RegressionStart();
            init[_narma] = fixedConstant ?? beta;
            scale[_narma] = se > 0 && double.IsFinite(se) ? 10 * se : 1;
        }
        var noOptim = npar == 0 || fixedConstant is not null;
        _ncond = method == ArimaMethod.Ml ? 0 : _o.Diff + _o.SeasonalDiff * _o.Period + _o.Ar + _o.Period * _o.SeasonalAr;
        if (_ncond >= n)
            throw new ArgumentException($"{_o} needs more than {_ncond} observations for its conditional sum of squares.");
        double[,]? hessian;
        double value;
        double[] coef;
        double sigma2;
        double[] residuals = new double[n];
        var transform = !noOptim;
        if (method == ArimaMethod.Css)
        {
            coef = [.. init];
            if (noOptim)
            {
                value = CssObjective(coef);
                hessian = null;
            }
            else
            {
                var bfgs = new Bfgs(CssObjective, scale);
                (value, _) = bfgs.Minimize(coef);
                hessian = bfgs.Hessian(coef);
            }
            ArimaStateSpace.TransPars(coef, _o, false, _phi, _theta);
            sigma2 = ArimaStateSpace.Css(Regressed(_dy, _dxreg, coef), _phi, _theta, _ncond, residuals);
            FilterFinal(coef, null);
            var valid = noOptim || (hessian is not null && VarianceIsValid(hessian, null, npar));
            return Build(coef, sigma2, value, residuals, valid, method, npar - (noOptim ? npar : 0));
        }
        if (method == ArimaMethod.CssMl && !noOptim)
        {
            var css = (double[])init.Clone();
            var (_, converged) = new Bfgs(CssObjective, scale).Minimize(css);
            if (converged)
                init = css;
            if (_o.Ar > 0 && !ArimaStateSpace.ArIsStationary(init.AsSpan(0, _o.Ar)))
                throw new InvalidOperationException("Non-stationary AR part from CSS.");
            if (_o.SeasonalAr > 0 && !ArimaStateSpace.ArIsStationary(init.AsSpan(_o.Ar + _o.Ma, _o.SeasonalAr)))
                throw new InvalidOperationException("Non-stationary seasonal AR part from CSS.");
        }
        _ncond = 0;
        if (transform)
        {
            var t = (double[])init.Clone();
            if (_o.Ar > 0)
                ArimaStateSpace.InvPartrans(_o.Ar, init, t);
            if (_o.SeasonalAr > 0)
                ArimaStateSpace.InvPartrans(_o.SeasonalAr, init.AsSpan(_o.Ar + _o.Ma), t.AsSpan(_o.Ar + _o.Ma));
            init = t;
            ArimaStateSpace.MaInvert(init.AsSpan(_o.Ar, _o.Ma));
            ArimaStateSpace.MaInvert(init.AsSpan(_o.Ar + _o.Ma + _o.SeasonalAr, _o.SeasonalMa));
        }
        coef = [.. init];
        if (noOptim)
        {
            value = MlObjective(coef, false);
            hessian = null;
        }
        else
        {
            var bfgs = new Bfgs(p => MlObjective(p, true), scale);
            (value, _) = bfgs.Minimize(coef);
            var before = (double[])coef.Clone();
            ArimaStateSpace.MaInvert(coef.AsSpan(_o.Ar, _o.Ma));
            ArimaStateSpace.MaInvert(coef.AsSpan(_o.Ar + _o.Ma + _o.SeasonalAr, _o.SeasonalMa));
            if (!before.AsSpan().SequenceEqual(coef))
                value = MlObjective(coef, true);
            hessian = bfgs.Hessian(coef);
        }
        var gradTrans = transform ? GradTrans(coef) : null;
        var validVar = noOptim || (hessian is not null && VarianceIsValid(hessian, gradTrans, npar));
        if (transform)
            UndoPars(coef);
        var ssq = FilterFinal(coef, residuals);
        sigma2 = ssq / NUsed;
        return Build(coef, sigma2, value, residuals, validVar, method, noOptim ? 0 : npar);
    }

    private ArimaFit Build(double[] coef, double sigma2, double value, double[] residuals, bool validVar, ArimaMethod method, int free)
    {
        var nUsed = NUsed;
        var loglik = -0.5 * (2 * nUsed * value + nUsed + nUsed * Math.Log(2 * Math.PI));
        var aic = method == ArimaMethod.Css ? double.NaN : -2 * loglik + 2 * free + 2;
        // forecast::Arima replaces arima's σ² = SS/n by SS/(n* − k + 1), k = coefficients + 1, for its intervals.
        var ss = 0.0;
        foreach (var e in residuals)
        {
            if (double.IsFinite(e))
                ss += e * e;
        }
        var nstar = _y.Length - _o.Diff - _o.SeasonalDiff * _o.Period;
        return new ArimaFit(
            _y, _o, _xreg is not null, coef, ss / (nstar - free), sigma2, loglik, aic, free, residuals, validVar,
            [.. _phi], [.. _theta], _delta, [.. _a], [.. _p]);
    }

    private (double Beta, double Se) RegressionStart()
    {
        var start = _o.Diff + _o.SeasonalDiff * _o.Period;
        double[] x = _dxreg!, y = _dy;
        if (_y.Length - start <= 1)
        {
            start = 0;
            x = _xreg!;
            y = _y;
        }
        double sxy = 0, sxx = 0;
        for (var i = start; i < y.Length; i++)
        {
            sxy += x[i] * y[i];
            sxx += x[i] * x[i];
        }
        var beta = sxy / sxx;
        var rss = 0.0;
        for (var i = start; i < y.Length; i++)
        {
            var e = y[i] - beta * x[i];
            rss += e * e;
        }
        var df = y.Length - start - 1;
        var se = df > 0 ? Math.Sqrt(rss / df / sxx) : double.NaN;
        return (beta, se);
    }

    private double[] Regressed(double[] series, double[]? xreg, ReadOnlySpan<double> par)
    {
        if (xreg is null)
            return series;
        var beta = par[_narma];
        for (var i = 0; i < series.Length; i++)
            _buffer[i] = series[i] - beta * xreg[i];
        return _buffer;
    }

    private double CssObjective(double[] par)
    {
        ArimaStateSpace.TransPars(par, _o, false, _phi, _theta);
        var w = Regressed(_dy, _dxreg, par);
        return 0.5 * Math.Log(ArimaStateSpace.Css(w, _phi, _theta, _ncond, _cssResid));
    }

    private double MlObjective(double[] par, bool transform)
    {
        ArimaStateSpace.TransPars(par, _o, transform, _phi, _theta);
        PrepareInitialCovariance();
        var x = Regressed(_y, _xreg, par);
        var (ssq, sumlog, nu) = ArimaStateSpace.Filter(x, _phi, _theta, _delta, _a, _p, _pn, _ws, []);
        var s2 = ssq / nu;
        return 0.5 * (Math.Log(s2) + sumlog / nu);
    }

    private void PrepareInitialCovariance()
    {
        Array.Clear(_pn);
        ArimaStateSpace.StationaryCovariance(_phi, _theta, _q0, _ws);
        for (var i = 0; i < _r; i++)
        {
            for (var j = 0; j < _r; j++)
                _pn[i + _rd * j] = _q0[i + _r * j];
        }
        for (var i = _r; i < _rd; i++)
            _pn[i + _rd * i] = Kappa;
    }

    /// <summary>Filters with the final coefficients, leaving the state for forecasting; returns Σ standardized innovations².</summary>
    private double FilterFinal(double[] coef, double[]? residuals)
    {
        ArimaStateSpace.TransPars(coef, _o, false, _phi, _theta);
        PrepareInitialCovariance();
        var x = Regressed(_y, _xreg, coef);
        return ArimaStateSpace.Filter(x, _phi, _theta, _delta, _a, _p, _pn, _ws, residuals ?? new double[_y.Length]).Ssq;
    }

    private double[,] GradTrans(double[] coef)
    {
        var n = coef.Length;
        var a = new double[n, n];
        for (var i = 0; i < n; i++)
            a[i, i] = 1;
        const double eps = 1e-3;
        void Block(int offset, int p)
        {
            if (p == 0)
                return;
            var w1 = coef.AsSpan(offset, p).ToArray();
            var w2 = new double[p];
            var w3 = new double[p];
            ArimaStateSpace.Partrans(p, w1, w2);
            for (var i = 0; i < p; i++)
            {
                w1[i] += eps;
                ArimaStateSpace.Partrans(p, w1, w3);
                for (var j = 0; j < p; j++)
                    a[offset + i, offset + j] = (w3[j] - w2[j]) / eps;
                w1[i] -= eps;
            }
        }
        Block(0, _o.Ar);
        Block(_o.Ar + _o.Ma, _o.SeasonalAr);
        return a;
    }

    private void UndoPars(double[] coef)
    {
        var t = (double[])coef.Clone();
        if (_o.Ar > 0)
            ArimaStateSpace.Partrans(_o.Ar, coef, t);
        if (_o.SeasonalAr > 0)
            ArimaStateSpace.Partrans(_o.SeasonalAr, coef.AsSpan(_o.Ar + _o.Ma), t.AsSpan(_o.Ar + _o.Ma));
        t.CopyTo(coef, 0);
    }

    /// <summary>
    /// True when the coefficient covariance A'(H·n)⁻¹A has a non-negative diagonal and H is not numerically singular:
    /// R's <c>arima</c> fails on a singular Hessian and <c>auto.arima</c> rejects NaN standard errors (<c>checkarima</c>).
    /// </summary>
    private bool VarianceIsValid(double[,] hessian, double[,]? gradTrans, int npar)
    {
        var h = Matrix<double>.Build.DenseOfArray(hessian) * NUsed;
        if (!h.Enumerate().All(double.IsFinite))
            return false;
        var lu = h.LU();
        var det = lu.Determinant;
        if (det == 0 || !double.IsFinite(det))
            return false;
        if (h.L1Norm() * h.Inverse().L1Norm() > 1 / 2.220446e-16)
            return false;
        var inv = h.Inverse();
        var v = gradTrans is null ? inv : Matrix<double>.Build.DenseOfArray(gradTrans).TransposeThisAndMultiply(inv * Matrix<double>.Build.DenseOfArray(gradTrans));
        for (var i = 0; i < npar; i++)
        {
            if (!(v[i, i] >= 0))
                return false;
        }
        return true;
    }
}
