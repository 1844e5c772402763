using Forecast.Modeling.Series;

namespace Forecast.Modeling.Models;

/// <summary>
/// An immutable model configuration: fitting a series yields a separate <see cref="IFittedModel"/>, so one
/// configuration can be shared by many threads fitting many series (the contract of Nixtla's statsforecast,
/// <c>models.py</c>: configuration in the constructor, <c>fit</c> → state, <c>predict(h, level)</c>).
/// </summary>
public interface IForecastModel
{
    /// <summary>Short stable name used in outputs, e.g. <c>ets</c>, <c>theta</c>, <c>croston</c>.</summary>
    string Name { get; }

    /// <summary>Fits <paramref name="series"/>; throws when the model cannot (see <see cref="FallbackModel"/>).</summary>
    IFittedModel Fit(RegularSeries series);
}

/// <summary>The fitted state of a model on one series: in-sample fitted values and forecasts.</summary>
public interface IFittedModel
{
    /// <summary>The model as fitted, e.g. <c>ETS(M,Ad,N)</c>.</summary>
    string Description { get; }

    /// <summary>One-step-ahead in-sample fitted values, aligned with <see cref="RegularSeries.Values"/>; NaN where a model has none (e.g. the first season of seasonal naive).</summary>
    IReadOnlyList<double> Fitted { get; }

    /// <summary>Mean forecasts for steps 1..<paramref name="horizon"/> and central intervals at each level (percent, e.g. 80, 95).</summary>
    ForecastResult Predict(int horizon, IReadOnlyList<double> levels);
}

/// <summary>A central prediction interval at <paramref name="Level"/> percent, per step.</summary>
public sealed record PredictionInterval(double Level, double[] Lower, double[] Upper);

/// <summary>Point forecasts per step and the central prediction intervals asked for.</summary>
public sealed record ForecastResult(double[] Mean, IReadOnlyList<PredictionInterval> Intervals)
{
    /// <summary>The interval at <paramref name="level"/>, or null if it was not computed.</summary>
    public PredictionInterval? Interval(double level) => Intervals.FirstOrDefault(i => Math.Abs(i.Level - level) < 1e-9);

    /// <summary>True when every mean and bound is finite.</summary>
    public bool IsFinite => Mean.All(double.IsFinite) && Intervals.All(i => i.Lower.All(double.IsFinite) && i.Upper.All(double.IsFinite));

    /// <summary>A copy with means and bounds raised to at least zero (demand is never negative).</summary>
    public ForecastResult ClipAtZero() => new(
        [.. Mean.Select(v => Math.Max(0, v))],
        [.. Intervals.Select(i => new PredictionInterval(i.Level, [.. i.Lower.Select(v => Math.Max(0, v))], [.. i.Upper.Select(v => Math.Max(0, v))]))]);
}

/// <summary>
/// A model that chooses its own structure (the ETS form by AICc, the ARIMA orders) and can be narrowed, for fits on
/// more data, to the structures that ranked best on earlier data. Cross-validation uses it to stay honest and
/// affordable: the earliest window searches freely on its own training data, and later windows choose among what
/// ranked best there, so no window's structure is chosen on data that includes its own test period.
/// </summary>
public interface IStructureSearch
{
    /// <summary>
    /// This configuration restricted to the <paramref name="keep"/> structures that ranked best in
    /// <paramref name="earlierFit"/> (a fit of this model on a shorter history); itself when it has nothing to narrow.
    /// </summary>
    IForecastModel Narrow(IFittedModel earlierFit, int keep);

    /// <summary>
    /// True when the narrowed search is also good enough for the final fit on the full history (ETS: it still chooses
    /// among several forms on all the data); false when narrowing leaves one fixed structure (ARIMA's order), which the
    /// final fit should search afresh.
    /// </summary>
    bool NarrowedSearchServesFinalFit { get; }
}
