using Forecast.Modeling.Models.Ets;
using Forecast.Modeling.Series;

namespace Forecast.Modeling.Models.Theta;

/// <summary>
/// The standard Theta method of Assimakopoulos, V. &amp; Nikolopoulos, K. (2000), "The theta model: a decomposition
/// approach to forecasting", <i>IJF</i> 16(4), 521–530, in the form of Hyndman, R.J. &amp; Billah, B. (2003), "Unmasking
/// the Theta method", <i>IJF</i> 19(2), 287–290, exactly as R's <c>forecast::thetaf</c>: a 90% seasonality test on the
/// lag-m autocorrelation, classical multiplicative decomposition when seasonal, simple exponential smoothing (ETS(A,N,N)
/// by MSE) plus half the slope of a linear trend, reseasonalised; intervals from SES, σ·√(1 + (h−1)α²).
/// </summary>
public sealed record ThetaModel : IForecastModel
{
    /// <inheritdoc />
    public string Name => "theta";

    /// <inheritdoc />
    public IFittedModel Fit(RegularSeries series)
    {
        var x = series.Values;
        var n = x.Length;
        if (n < 3)
            throw new ArgumentException("Theta needs at least 3 observations.", nameof(series));
        var m = series.SeasonLength;
        double[]? seasonal = null;
        var adjusted = x;
        if (Decomposition.IsSeasonal(x, m))
        {
            var s = Decomposition.SeasonalIndices(x, m, multiplicative: true);
            if (!s.Any(v => Math.Abs(v) < 1e-4))
            {
                seasonal = s;
                adjusted = new double[n];
                for (var t = 0; t < n; t++)
                    adjusted[t] = x[t] / s[t];
            }
        }
        var ses = new EtsModel { Spec = EtsSpec.Parse("ANN"), MinimizeMse = true }.FitEts(new RegularSeries(adjusted, 1));
        // Slope of the least-squares line on 0..n-1.
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (var t = 0; t < n; t++)
        {
            sx += t;
            sy += adjusted[t];
            sxx += (double)t * t;
            sxy += t * adjusted[t];
        }
        var slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        var fitted = ses.FittedValues.ToArray();
        if (seasonal is not null)
        {
            for (var t = 0; t < n; t++)
                fitted[t] *= seasonal[t];
        }
        var lastSeason = seasonal is null ? null : seasonal.AsSpan(n - m).ToArray();
        return new State(ses, slope / 2, n, lastSeason, fitted);
    }

    private sealed class State(EtsFit ses, double drift, int n, double[]? lastSeason, double[] fitted) : IFittedModel
    {
        public string Description => lastSeason is null ? "Theta" : "Theta(seasonal)";
        public IReadOnlyList<double> Fitted => fitted;

        public ForecastResult Predict(int horizon, IReadOnlyList<double> levels)
        {
            var alpha = Math.Max(1e-10, ses.Parameters.Alpha);
            var level = ses.FinalState[0];
            var mean = new double[horizon];
            var sd = new double[horizon];
            var sigma = Math.Sqrt(ses.Sigma2);
            var tail = (1 - Math.Pow(1 - alpha, n)) / alpha;
            for (var h = 0; h < horizon; h++)
            {
                mean[h] = level + drift * (h + tail);
                if (lastSeason is not null)
                    mean[h] *= lastSeason[h % lastSeason.Length];
                sd[h] = sigma * Math.Sqrt(h * alpha * alpha + 1);
            }
            return Intervals.Gaussian(mean, sd, levels);
        }
    }
}
