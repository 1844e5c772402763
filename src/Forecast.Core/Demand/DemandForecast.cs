using Forecast.Core.Data;
using Forecast.Core.ModelStore;

namespace Forecast.Core.Demand;

/// <summary>
/// The forecast demand of one product in one future period, made by one <see cref="PredictionRun"/> (kind <c>demand</c>).
/// Quantiles come from the run's central intervals (p10/p90 from the 80% interval, p25/p75 from the 50%); there is no p50 column (see below).
/// With the CRM pipeline, <see cref="Mean"/> = <see cref="BaselineMean"/> + <see cref="PipelineMean"/> and the quantiles
/// are widened by the pipeline's variance (see <see cref="PipelineLayerLoader"/>).
/// </summary>
public sealed class DemandForecast
{
    public long Id { get; set; }
    public long PredictionRunId { get; set; }
    public PredictionRun? PredictionRun { get; set; }
    public long ProductId { get; set; }
    public Product? Product { get; set; }
    /// <summary>First day of the forecast period (a Monday for weekly series, the 1st for monthly).</summary>
    public DateOnly PeriodStart { get; set; }
    /// <summary>1 for the period after the last complete one, and so on.</summary>
    public int Step { get; set; }
    public double Mean { get; set; }
    /// <summary>
    /// The forecast without the open pipeline: run-rate demand (order history less the orders of won deals) plus deals
    /// not opened yet; without pipeline data, the whole forecast.
    /// </summary>
    public double BaselineMean { get; set; }
    /// <summary>Expected units from open opportunities (weighted by their win probability) and won deals not ordered yet.</summary>
    public double PipelineMean { get; set; }
    // No median column: the models' intervals are symmetric around the mean (conformal, clipped at zero), so a
    // reader that needs a middle quantile takes Mean; a P50 column only ever held the mean under another name.
    public double P10 { get; set; }
    public double P25 { get; set; }
    public double P75 { get; set; }
    public double P90 { get; set; }
    /// <summary>What <c>auto</c> served, e.g. <c>auto[Smooth](ETS(M,N,M)+Theta)</c>.</summary>
    public string Model { get; set; } = "";
    /// <summary>MASE of the served forecast over the rolling-origin backtest windows; null when the history was too short to backtest.</summary>
    public double? BacktestMase { get; set; }
    /// <summary>The product's Syntetos–Boylan demand class.</summary>
    public string DemandClass { get; set; } = "";
}
