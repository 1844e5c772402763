using Forecast.Core.Data;
using Forecast.Core.ModelStore;

namespace Forecast.Core.Accuracy;

/// <summary>
/// One demand forecast (a <see cref="Demand.DemandForecast"/> row of a kept demand run) whose period is over, next to
/// the demand that period actually had. Written by <see cref="ForecastScoringJob"/>; removed with its demand run.
/// </summary>
public sealed class ForecastScore
{
    public long Id { get; set; }
    /// <summary>The demand run that made the forecast (kind <c>demand</c>).</summary>
    public long ForecastRunId { get; set; }
    public PredictionRun? ForecastRun { get; set; }
    /// <summary>The demand run's as-of date: what the forecast knew.</summary>
    public DateOnly ForecastAsOf { get; set; }
    public long ProductId { get; set; }
    public Product? Product { get; set; }
    /// <summary>First day of the forecast period.</summary>
    public DateOnly PeriodStart { get; set; }
    /// <summary>Periods ahead the forecast was made (1 = the first period not complete on its as-of date).</summary>
    public int Step { get; set; }
    public double Forecast { get; set; }
    public double P10 { get; set; }
    public double P90 { get; set; }
    /// <summary>Demand of the period (orders less returns, cancelled orders left out, as the demand stage counts it).</summary>
    public double Actual { get; set; }
    /// <summary>
    /// The MASE scale: in-sample seasonal-naive (or naive, for a history of a season or less) mean absolute error of the
    /// product's history as of <see cref="ForecastAsOf"/>; null when there was no history or it was flat.
    /// </summary>
    public double? NaiveScale { get; set; }
    /// <summary>The business date of the scoring that wrote the row.</summary>
    public DateOnly ScoredAsOf { get; set; }
}
