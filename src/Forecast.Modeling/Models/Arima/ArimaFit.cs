namespace Forecast.Modeling.Models.Arima;

/// <summary>
/// A fitted seasonal ARIMA model: coefficients, criteria, residuals and the final Kalman state, from which forecasts and
/// their variances follow by the state-space recursions (R's <c>KalmanForecast</c>; Durbin &amp; Koopman (2012), §4.11),
/// equivalent to the ψ-weight variances of Box &amp; Jenkins.
/// </summary>
public sealed class ArimaFit : IFittedModel
{
    private readonly double[] _y;
    private readonly double[] _phi;
    private readonly double[] _theta;
    private readonly double[] _delta;
    private readonly double[] _state;
    private readonly double[] _covariance;

    internal ArimaFit(
        double[] y, ArimaOrder order, bool hasConstant, double[] coefficients, double sigma2, double estimationSigma2, double logLikelihood, double aic,
        int freeParameters, double[] residuals, bool varianceIsValid, double[] phi, double[] theta, double[] delta, double[] state, double[] covariance)
    {
        _y = y;
        Order = order;
        HasConstant = hasConstant;
        Coefficients = coefficients;
        Sigma2 = sigma2;
        EstimationSigma2 = estimationSigma2;
        LogLikelihood = logLikelihood;
        Aic = aic;
        FreeParameters = freeParameters;
        Residuals = residuals;
        VarianceIsValid = varianceIsValid;
        _phi = phi;
        _theta = theta;
        _delta = delta;
        _state = state;
        _covariance = covariance;
        var fitted = new double[y.Length];
        for (var i = 0; i < y.Length; i++)
            fitted[i] = y[i] - residuals[i];
        Fitted = fitted;
    }

    /// <summary>The orders (p,d,q)(P,D,Q)m.</summary>
    public ArimaOrder Order { get; }

    /// <summary>True when the model has a constant: a mean when d + D = 0, a drift (per period) otherwise.</summary>
    public bool HasConstant { get; }

    /// <summary>Coefficients in R's order: ar1..p, ma1..q, sar1..P, sma1..Q, then the mean or drift.</summary>
    public double[] Coefficients { get; }

    /// <summary>The constant (mean or drift), or 0 when the model has none.</summary>
    public double Constant => HasConstant ? Coefficients[^1] : 0;

    /// <summary>Innovation variance of the prediction intervals: Σe²/(n* − k + 1) as <c>forecast::Arima</c>, k = coefficients + 1.</summary>
    public double Sigma2 { get; }

    /// <summary>σ² as <c>stats::arima</c> reports it (Kalman: SS/n used; CSS: SS/n conditioned), which <c>auto.arima</c>'s criteria use.</summary>
    public double EstimationSigma2 { get; }

    /// <summary>Gaussian log-likelihood (for CSS fits, R's value from the conditional sum of squares).</summary>
    public double LogLikelihood { get; }

    /// <summary>Akaike's criterion (NaN for CSS fits, as in R).</summary>
    public double Aic { get; }

    /// <summary>Number of estimated coefficients (without σ²).</summary>
    public int FreeParameters { get; }

    /// <summary>Observations after differencing, n − d − m·D (R's <c>nstar</c>).</summary>
    public int EffectiveLength => _y.Length - Order.Diff - Order.SeasonalDiff * Order.Period;

    /// <summary>AICc with k = coefficients + 1 (σ²) and n = <see cref="EffectiveLength"/>, as <c>forecast::Arima</c>.</summary>
    public double Aicc
    {
        get
        {
            var k = FreeParameters + 1;
            return Aic + 2.0 * k * (k + 1) / (EffectiveLength - k - 1);
        }
    }

    /// <summary>BIC = AIC + k(log n − 2), as <c>forecast::Arima</c>.</summary>
    public double Bic => Aic + (FreeParameters + 1) * (Math.Log(EffectiveLength) - 2);

    /// <summary>Standardized one-step innovations (Kalman) or CSS residuals.</summary>
    public double[] Residuals { get; }

    /// <summary>False when the coefficient covariance from the Hessian has a negative or undefined variance (R: <c>checkarima</c>).</summary>
    public bool VarianceIsValid { get; }

    /// <summary>The expanded AR polynomial φ(B)Φ(B^m) coefficients (R's <c>model$phi</c>).</summary>
    public IReadOnlyList<double> Phi => _phi;

    /// <summary>The expanded MA polynomial θ(B)Θ(B^m) coefficients (R's <c>model$theta</c>).</summary>
    public IReadOnlyList<double> Theta => _theta;

    /// <inheritdoc />
    public string Description => HasConstant ? $"{Order} with {(Order.TotalDiff == 0 ? "non-zero mean" : "drift")}" : Order.ToString();

    /// <inheritdoc />
    public IReadOnlyList<double> Fitted { get; }


    internal ArimaFit WithAic(double aic) => new(_y, Order, HasConstant, Coefficients, Sigma2, EstimationSigma2, LogLikelihood, aic, FreeParameters, Residuals, VarianceIsValid, _phi, _theta, _delta, _state, _covariance);

    /// <inheritdoc />
    public ForecastResult Predict(int horizon, IReadOnlyList<double> levels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        int p = _phi.Length, q = _theta.Length, d = _delta.Length;
        var r = Math.Max(p, q + 1);
        var rd = r + d;
        // T (column-major) and V = R R' of makeARIMA.
        var t = new double[rd * rd];
        for (var i = 0; i < p; i++)
            t[i] = _phi[i];
        for (var i = 1; i < r; i++)
            t[(i - 1) + rd * i] = 1;
        if (d > 0)
        {
            t[r] = 1;
            for (var j = 0; j < d; j++)
                t[r + rd * (r + j)] = _delta[j];
            for (var i = 1; i < d; i++)
                t[(r + i) + rd * (r + i - 1)] = 1;
        }
        var rv = new double[rd];
        rv[0] = 1;
        for (var i = 0; i < q; i++)
            rv[i + 1] = _theta[i];
        var z = new double[rd];
        z[0] = 1;
        for (var i = 0; i < d; i++)
            z[r + i] = _delta[i];
        var a = (double[])_state.Clone();
        var pm = (double[])_covariance.Clone();
        var anew = new double[rd];
        var mm = new double[rd * rd];
        var mean = new double[horizon];
        var sd = new double[horizon];
        var n = _y.Length;
        for (var l = 0; l < horizon; l++)
        {
            var fc = 0.0;
            for (var i = 0; i < rd; i++)
            {
                var tmp = 0.0;
                for (var k = 0; k < rd; k++)
                    tmp += t[i + rd * k] * a[k];
                anew[i] = tmp;
                fc += tmp * z[i];
            }
            Array.Copy(anew, a, rd);
            for (var i = 0; i < rd; i++)
            {
                for (var j = 0; j < rd; j++)
                {
                    var tmp = 0.0;
                    for (var k = 0; k < rd; k++)
                        tmp += t[i + rd * k] * pm[k + rd * j];
                    mm[i + rd * j] = tmp;
                }
            }
            var variance = 0.0;
            for (var i = 0; i < rd; i++)
            {
                for (var j = 0; j < rd; j++)
                {
                    var tmp = rv[i] * rv[j];
                    for (var k = 0; k < rd; k++)
                        tmp += mm[i + rd * k] * t[j + rd * k];
                    pm[i + rd * j] = tmp;
                    variance += z[i] * z[j] * tmp;
                }
            }
            var regression = HasConstant ? Constant * (Order.TotalDiff == 0 ? 1 : n + l + 1) : 0;
            mean[l] = fc + regression;
            sd[l] = Math.Sqrt(variance * Sigma2);
        }
        return Intervals.Gaussian(mean, sd, levels);
    }
}
