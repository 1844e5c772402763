using Forecast.Modeling.Series;

namespace Forecast.Modeling.Models.Arima;

/// <summary>
/// A seasonal ARIMA model of fixed orders, as R's <c>forecast::Arima(y, order, seasonal, include.constant)</c>
/// (Hyndman, R.J. &amp; Khandakar, Y. (2008), "Automatic time series forecasting: the forecast package for R",
/// <i>Journal of Statistical Software</i> 27(3)): estimated by CSS then exact maximum likelihood
/// (<see cref="ArimaMethod.CssMl"/>), forecasts and Gaussian intervals from the Kalman filter.
/// </summary>
public sealed record ArimaModel : IForecastModel
{
    /// <summary>A model of the given orders; <paramref name="includeConstant"/> adds a mean (d + D = 0) or a drift (d + D ≥ 1).</summary>
    public ArimaModel(ArimaOrder order, bool includeConstant = false)
    {
        Order = order;
        IncludeConstant = includeConstant;
    }

    /// <summary>The orders; the period must equal the series' season length when the model is seasonal.</summary>
    public ArimaOrder Order { get; init; }

    /// <summary>Include a mean or drift.</summary>
    public bool IncludeConstant { get; init; }

    /// <summary>Estimation method (R's default CSS-ML).</summary>
    public ArimaMethod Method { get; init; } = ArimaMethod.CssMl;

    /// <inheritdoc />
    public string Name => "arima";

    /// <inheritdoc />
    public IFittedModel Fit(RegularSeries series) => FitArima(series);

    /// <summary>Fits and returns the typed state.</summary>
    public ArimaFit FitArima(RegularSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (Order.IsSeasonal && Order.Period != series.SeasonLength)
            throw new ArgumentException($"{Order} has period {Order.Period} but the series has season length {series.SeasonLength}.", nameof(series));
        return ArimaEstimator.Fit(series.Values, Order, IncludeConstant, Method);
    }
}
