using System.ComponentModel.DataAnnotations;

namespace Forecast.Core.Demand;

/// <summary>The period grid demand is forecast on.</summary>
public enum DemandGranularity
{
    /// <summary>ISO weeks starting on Monday (m = 52).</summary>
    Week,
    /// <summary>Calendar months (m = 12).</summary>
    Month,
}

/// <summary>Settings of the demand stage, bound from the <c>Demand</c> section.</summary>
public sealed class DemandOptions
{
    public DemandGranularity Granularity { get; set; } = DemandGranularity.Week;

    /// <summary>Products per partition of the nightly stage (each partition is one job, any worker may take it).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int ProductsPerPartition { get; set; } = 250;

    /// <summary>Periods forecast ahead.</summary>
    [Range(1, 520)]
    public int Horizon { get; set; } = 13;

    /// <summary>At most this many past periods feed the models (older history is ignored).</summary>
    [Range(8, 5200)]
    public int MaxHistoryPeriods { get; set; } = 156;

    /// <summary>Rolling-origin windows of the backtest <c>auto</c> runs.</summary>
    [Range(0, 10)]
    public int BacktestWindows { get; set; } = 3;

    /// <summary>
    /// Rolling-origin windows for intermittent and lumpy series: their candidates are cheap and one window's error is
    /// noisy, so they get more (docs/forecasting.md, "auto: intermittent series").
    /// </summary>
    [Range(0, 10)]
    public int IntermittentBacktestWindows { get; set; } = 5;

    /// <summary>
    /// Add the CRM pipeline of the same day's win-probability run as a layer on run-rate demand (see
    /// <see cref="PipelineLayerLoader"/>); off, or without such a run, the forecast reads the whole order history.
    /// </summary>
    public bool UsePipeline { get; set; } = true;

    /// <summary>
    /// Keep every run's cross-validation forecasts (<see cref="DemandCvRow"/>, about a hundred rows per smooth product
    /// and five hundred per intermittent one) so the choice of model and the reported backtest error can be audited
    /// (<c>forecast demand cv</c>, <c>/api/demand/runs/{id}/cv.csv</c>).
    /// </summary>
    public bool PersistCvRows { get; set; } = true;

    /// <summary>Products forecast in parallel within one partition.</summary>
    [Range(1, 256)]
    public int Parallelism { get; set; } = Environment.ProcessorCount;
}
