using Forecast.Modeling.Series;

namespace Forecast.Modeling.Models;

/// <summary>
/// Runs <see cref="Primary"/> and, when it throws or yields a non-finite forecast, <see cref="Fallback"/> instead,
/// so that one hard series never fails a whole run (statsforecast's <c>fallback_model</c>).
/// </summary>
public sealed record FallbackModel(IForecastModel Primary, IForecastModel Fallback) : IForecastModel
{
    /// <inheritdoc />
    public string Name => Primary.Name;

    /// <inheritdoc />
    public IFittedModel Fit(RegularSeries series)
    {
        try
        {
            var fitted = Primary.Fit(series);
            // A fit can succeed and still forecast garbage (e.g. an exploding multiplicative trend): probe once.
            if (fitted.Predict(1, []).IsFinite)
                return new Checked(fitted, this, series);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException)
        {
        }
        return new FellBack(Fallback.Fit(series));
    }

    private sealed class Checked(IFittedModel inner, FallbackModel owner, RegularSeries series) : IFittedModel
    {
        public string Description => inner.Description;
        public IReadOnlyList<double> Fitted => inner.Fitted;

        public ForecastResult Predict(int horizon, IReadOnlyList<double> levels)
        {
            var result = inner.Predict(horizon, levels);
            return result.IsFinite ? result : owner.Fallback.Fit(series).Predict(horizon, levels);
        }
    }

    private sealed class FellBack(IFittedModel inner) : IFittedModel
    {
        public string Description => $"fallback:{inner.Description}";
        public IReadOnlyList<double> Fitted => inner.Fitted;
        public ForecastResult Predict(int horizon, IReadOnlyList<double> levels) => inner.Predict(horizon, levels);
    }
}
