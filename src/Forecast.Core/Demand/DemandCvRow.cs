using Forecast.Core.ModelStore;

namespace Forecast.Core.Demand;

/// <summary>
/// One cross-validation forecast behind a demand run's choice of model for one product (statsforecast's
/// <c>cross_validation</c> row): a candidate fitted on the periods up to <see cref="Cutoff"/> forecast
/// <see cref="Target"/>, <see cref="Step"/> periods ahead. Kept per run so a planner or an auditor can recompute the
/// CV errors that chose the model and the backtest error the product page reports (docs/forecasting.md, "Auditing the CV").
/// </summary>
public sealed class DemandCvRow
{
    public long PredictionRunId { get; set; }
    public PredictionRun? PredictionRun { get; set; }
    public long ProductId { get; set; }
    /// <summary>The candidate (<c>ets</c>, <c>theta</c>, <c>croston</c>…); on an outer row the option served there, e.g. <c>ets+theta</c>.</summary>
    public string Candidate { get; set; } = "";
    /// <summary>First day of the last period the candidate was fitted on (statsforecast's <c>cutoff</c>).</summary>
    public DateOnly Cutoff { get; set; }
    /// <summary>1 for the period after the cutoff.</summary>
    public int Step { get; set; }
    /// <summary>First day of the period forecast (statsforecast's <c>ds</c>).</summary>
    public DateOnly Target { get; set; }
    /// <summary>The demand that period had (statsforecast's <c>y</c>).</summary>
    public double Actual { get; set; }
    /// <summary>The forecast; null when the candidate could not be fitted in that window.</summary>
    public double? Forecast { get; set; }
    /// <summary>
    /// True for the outer split: the option chosen on earlier windows only, forecasting a window it did not see; the
    /// product's backtest MASE is these rows' mean absolute error over the naive scale. False: a candidate's row that
    /// ranked the candidates.
    /// </summary>
    public bool IsOuter { get; set; }
}
