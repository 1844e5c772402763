namespace Forecast.Modeling.Models.Arima;

/// <summary>
/// The orders of a seasonal ARIMA(p,d,q)(P,D,Q)m model (Box, G.E.P., Jenkins, G.M., Reinsel, G.C. &amp; Ljung, G.M. (2015),
/// <i>Time Series Analysis: Forecasting and Control</i>, 5th ed., ch. 9): φ(B)Φ(B^m)(1 − B)^d(1 − B^m)^D y_t = θ(B)Θ(B^m)ε_t.
/// </summary>
/// <param name="Ar">p, the non-seasonal AR order.</param>
/// <param name="Diff">d, the number of first differences.</param>
/// <param name="Ma">q, the non-seasonal MA order.</param>
/// <param name="SeasonalAr">P, the seasonal AR order.</param>
/// <param name="SeasonalDiff">D, the number of seasonal differences.</param>
/// <param name="SeasonalMa">Q, the seasonal MA order.</param>
/// <param name="Period">m, the seasonal period (1 when there is no seasonal part).</param>
public readonly record struct ArimaOrder(int Ar, int Diff, int Ma, int SeasonalAr = 0, int SeasonalDiff = 0, int SeasonalMa = 0, int Period = 1)
{
    /// <summary>Number of ARMA coefficients p + q + P + Q.</summary>
    public int ArmaCount => Ar + Ma + SeasonalAr + SeasonalMa;

    /// <summary>Total differencing d + D.</summary>
    public int TotalDiff => Diff + SeasonalDiff;

    /// <summary>True when the model has a seasonal AR, MA or difference term.</summary>
    public bool IsSeasonal => Period > 1 && SeasonalAr + SeasonalDiff + SeasonalMa > 0;

    /// <summary>R's notation, e.g. <c>ARIMA(0,1,1)(0,1,1)[12]</c>.</summary>
    public override string ToString() =>
        IsSeasonal ? $"ARIMA({Ar},{Diff},{Ma})({SeasonalAr},{SeasonalDiff},{SeasonalMa})[{Period}]" : $"ARIMA({Ar},{Diff},{Ma})";
}

/// <summary>Estimation method, as R's <c>arima(method = )</c>.</summary>
public enum ArimaMethod
{
    /// <summary>Conditional sum of squares for starting values, then exact maximum likelihood (R's default).</summary>
    CssMl,
    /// <summary>Exact maximum likelihood from zero starting values.</summary>
    Ml,
    /// <summary>Conditional sum of squares only (R's approximation in <c>auto.arima</c> for long series).</summary>
    Css,
}
