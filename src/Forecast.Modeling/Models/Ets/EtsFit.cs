using MathNet.Numerics.LinearAlgebra;

namespace Forecast.Modeling.Models.Ets;

/// <summary>
/// A fitted ETS model: parameters, initial and final states, likelihood and information criteria as R reports them
/// (log-likelihood −½·n·log(SSE) (−Σlog|ŷ| for M errors), AIC = −2logL + 2k, AICc, BIC with k = free parameters + 1),
/// and forecasts with the analytic variances of Hyndman et al. (2008), ch. 6 (classes 1, 2 and 3 as in R's
/// <c>forecast.ets</c>).
/// </summary>
public sealed class EtsFit : IFittedModel
{
    private EtsFit(EtsSpec spec, int m, EtsParameters parameters, double[] initialState, double[] finalState,
        double[] fitted, double[] residuals, double logLik, int freeParameters, double sigma2)
    {
        Spec = spec;
        SeasonLength = m;
        Parameters = parameters;
        InitialState = initialState;
        FinalState = finalState;
        FittedValues = fitted;
        Residuals = residuals;
        LogLikelihood = logLik;
        FreeParameters = freeParameters;
        Sigma2 = sigma2;
        var n = fitted.Length;
        var k = freeParameters + 1;
        Aic = -2 * logLik + 2 * k;
        Bic = -2 * logLik + Math.Log(n) * k;
        Aicc = n - k - 1 > 0 ? Aic + 2.0 * k * (k + 1) / (n - k - 1) : double.PositiveInfinity;
    }

    /// <summary>The model.</summary>
    public EtsSpec Spec { get; }

    /// <summary>The season length used (1 for non-seasonal models).</summary>
    public int SeasonLength { get; }

    /// <summary>α, β, γ, φ.</summary>
    public EtsParameters Parameters { get; }

    /// <summary>l0, b0?, s0..s(m−1) in R's order.</summary>
    public double[] InitialState { get; }

    /// <summary>The state after the last observation, in R's order (s[0] most recent).</summary>
    public double[] FinalState { get; }

    /// <summary>One-step fitted values.</summary>
    public double[] FittedValues { get; }

    /// <summary>Innovations: y − ŷ, or (y − ŷ)/ŷ for multiplicative errors.</summary>
    public double[] Residuals { get; }

    /// <summary>R's log-likelihood: −½(n·log Σe² + 2Σlog|ŷ|).</summary>
    public double LogLikelihood { get; }

    /// <summary>Estimated parameters and initial states.</summary>
    public int FreeParameters { get; }

    /// <summary>Σe²/(n − free parameters).</summary>
    public double Sigma2 { get; }

    /// <summary>Akaike's criterion.</summary>
    public double Aic { get; }

    /// <summary>Corrected Akaike's criterion.</summary>
    public double Aicc { get; }

    /// <summary>Schwarz's criterion.</summary>
    public double Bic { get; }

    /// <summary>
    /// Every form automatic selection fitted, best first by its criterion (empty for a fixed form or a constant series):
    /// what a later fit on more data may be narrowed to (<see cref="EtsModel.Forms"/>).
    /// </summary>
    public IReadOnlyList<(EtsSpec Spec, double Criterion)> Ranking { get; internal set; } = [];

    /// <inheritdoc />
    public string Description => Spec.ToString();

    /// <inheritdoc />
    public IReadOnlyList<double> Fitted => FittedValues;

    internal static EtsFit Create(double[] y, int m, EtsSpec spec, EtsParameters p, double[] initialState, int freeParameters)
    {
        var seasonM = spec.HasSeason ? m : 1;
        var fitted = new double[y.Length];
        var residuals = new double[y.Length];
        var final = new double[initialState.Length];
        var lik = EtsCore.Filter(y, spec, seasonM, p, initialState, new double[seasonM], fitted, residuals, final, out var sse);
        var sigma2 = sse / Math.Max(1, y.Length - freeParameters);
        return new EtsFit(spec, seasonM, p, initialState, final, fitted, residuals, -0.5 * lik, freeParameters, sigma2);
    }

    internal static EtsFit Constant(double[] y, int m)
    {
        // R: a constant series gets ses(y, alpha = 0.99999, initial = "simple").
        var spec = new EtsSpec(EtsError.Additive, EtsTrend.None, EtsSeason.None);
        return new EtsFit(spec, 1, new EtsParameters(0.99999, 0, 0, 1), [y[0]], [y[^1]], [.. y], new double[y.Length], 0, 1, 0);
    }

    /// <summary>Recomputes the fit with the same parameters and initial states on <paramref name="y"/> (e.g. a longer history).</summary>
    public EtsFit Refilter(double[] y) => Create(y, SeasonLength, Spec, Parameters, InitialState, FreeParameters);

    /// <inheritdoc />
    public ForecastResult Predict(int horizon, IReadOnlyList<double> levels)
    {
        double[] mean;
        double[] variance;
        if (Spec.Error == EtsError.Multiplicative && Spec.Season == EtsSeason.Multiplicative)
        {
            // Class 3: the forecast mean differs from the point forecast beyond one season (Hyndman et al. 2008, §6.4).
            (mean, variance) = Class3(horizon);
            if (levels.Count == 0)
                return new ForecastResult(mean, []);
        }
        else
        {
            mean = EtsCore.PointForecast(FinalState, Spec, SeasonLength, Parameters.Phi, horizon);
            if (levels.Count == 0)
                return new ForecastResult(mean, []);
            variance = Variance(mean, horizon);
        }
        var sd = new double[horizon];
        for (var i = 0; i < horizon; i++)
            sd[i] = Math.Sqrt(Math.Max(0, variance[i]));
        return Intervals.Gaussian(mean, sd, levels);
    }

    /// <summary>
    /// Forecast variances per step around <paramref name="mean"/>: class 1 (linear) and class 2 (multiplicative errors,
    /// no multiplicative season) of Hyndman et al. (2008), Table 6.1 and §6.3. The seasonal term enters c_j at
    /// j ≡ 0 (mod m) as in the book; R 8.20's <c>class1</c> places γ one slot early for no-trend seasonal models
    /// (<c>G[3, 1]</c>), so R's bounds for ANA/MNA differ from these from step m on.
    /// </summary>
    internal double[] Variance(double[] mean, int horizon)
    {
        var c = new double[Math.Max(0, horizon - 1)];
        var p = Parameters;
        var phi = Spec.Trend == EtsTrend.Damped ? p.Phi : 1;
        var phiSum = 0.0;
        var phiPower = 1.0;
        for (var j = 1; j < horizon; j++)
        {
            phiPower *= phi;
            phiSum += phiPower;
            var cj = p.Alpha;
            if (Spec.HasTrend)
                cj += p.Beta * (Spec.Trend == EtsTrend.Damped ? phiSum : j);
            if (Spec.HasSeason && j % SeasonLength == 0)
                cj += p.Gamma;
            c[j - 1] = cj;
        }
        var v = new double[horizon];
        if (Spec.Error == EtsError.Additive)
        {
            var cum = 0.0;
            for (var h = 0; h < horizon; h++)
            {
                v[h] = Sigma2 * (1 + cum);
                if (h < c.Length)
                    cum += c[h] * c[h];
            }
            return v;
        }
        if (Spec.Season != EtsSeason.Multiplicative)
        {
            var theta = new double[horizon];
            theta[0] = mean[0] * mean[0];
            for (var j = 1; j < horizon; j++)
            {
                var s = 0.0;
                for (var i = 0; i < j; i++)
                    s += c[i] * c[i] * theta[j - 1 - i];
                theta[j] = mean[j] * mean[j] + Sigma2 * s;
            }
            for (var h = 0; h < horizon; h++)
                v[h] = (1 + Sigma2) * theta[h] - mean[h] * mean[h];
            return v;
        }
        throw new InvalidOperationException("Class 3 models use Class3().");
    }

    private (double[] Mean, double[] Variance) Class3(int horizon)
    {
        var m = SeasonLength;
        var trend = Spec.HasTrend;
        var p = FinalState.Length;
        var sigma2 = Sigma2;
        var pr = Parameters;
        var t = trend ? 2 : 1;
        var mb = Matrix<double>.Build;
        var h1 = mb.Dense(1, t, 1.0);
        var h2 = mb.Dense(1, m);
        h2[0, m - 1] = 1;
        Matrix<double> f1, g1;
        if (!trend)
        {
            f1 = mb.Dense(1, 1, 1.0);
            g1 = mb.Dense(1, 1, pr.Alpha);
        }
        else
        {
            f1 = mb.DenseOfArray(new[,] { { 1, 1 }, { 0, Spec.Trend == EtsTrend.Damped ? pr.Phi : 1 } });
            g1 = mb.DenseOfArray(new[,] { { pr.Alpha, pr.Alpha }, { pr.Beta, pr.Beta } });
        }
        var f2 = mb.Dense(m, m);
        f2[0, m - 1] = 1;
        for (var i = 1; i < m; i++)
            f2[i, i - 1] = 1;
        var g2 = mb.Dense(m, m);
        g2[0, m - 1] = pr.Gamma;
        var level = mb.Dense(t, 1);
        for (var i = 0; i < t; i++)
            level[i, 0] = FinalState[i];
        var seasons = mb.Dense(1, m);
        for (var i = 0; i < m; i++)
            seasons[0, i] = FinalState[p - m + i];
        var mh = level * seasons;
        var size = t * m;
        var vh = mb.Dense(size, size);
        var h21 = h2.KroneckerProduct(h1);
        var f21 = f2.KroneckerProduct(f1);
        var g21 = g2.KroneckerProduct(g1);
        var k = g2.KroneckerProduct(f1) + f2.KroneckerProduct(g1);
        var v = new double[horizon];
        var means = new double[horizon];
        for (var i = 0; i < horizon; i++)
        {
            var mu = (h1 * mh * h2.Transpose())[0, 0];
            means[i] = mu;
            v[i] = (1 + sigma2) * (h21 * vh * h21.Transpose())[0, 0] + sigma2 * mu * mu;
            var vec = mb.Dense(size, 1, mh.Enumerate().ToArray());
            var outer = vec * vec.Transpose();
            vh = f21 * vh * f21.Transpose()
                 + sigma2 * (f21 * vh * g21.Transpose() + g21 * vh * f21.Transpose()
                             + k * (vh + outer) * k.Transpose()
                             + sigma2 * g21 * (3 * vh + 2 * outer) * g21.Transpose());
            mh = f1 * mh * f2.Transpose() + g1 * mh * g2.Transpose() * sigma2;
        }
        return (means, v);
    }
}
