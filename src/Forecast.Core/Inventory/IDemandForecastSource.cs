namespace Forecast.Core.Inventory;

/// <summary>
/// A product's demand forecast as the inventory stage consumes it: a contiguous period grid (period <c>i</c> covers
/// <c>[PeriodStarts[i], PeriodStarts[i+1])</c>, the last one ends before <see cref="HorizonEnd"/>), and per period the
/// mean and the quantiles at <see cref="QuantileLevels"/> (probabilities such as 0.1, 0.25, 0.5, 0.75, 0.9).
/// </summary>
/// <param name="PeriodStarts">First day of each period, increasing.</param>
/// <param name="HorizonEnd">Exclusive end of the last period.</param>
/// <param name="Means">Mean demand per period.</param>
/// <param name="QuantileLevels">Probabilities of the quantiles, increasing, within (0, 1).</param>
/// <param name="Quantiles">Quantiles per period: <c>Quantiles[period][level]</c>.</param>
/// <param name="Model">The model that made it (e.g. <c>ets</c>, <c>croston</c>, <c>auto:theta</c>), if known.</param>
/// <param name="AccuracyMetric">Name of the backtest metric, e.g. <c>MASE</c>.</param>
/// <param name="Accuracy">Its value for this product (or the model).</param>
public sealed record ProductDemandForecast(
    IReadOnlyList<DateOnly> PeriodStarts,
    DateOnly HorizonEnd,
    IReadOnlyList<double> Means,
    IReadOnlyList<double> QuantileLevels,
    IReadOnlyList<IReadOnlyList<double>> Quantiles,
    string? Model = null,
    string? AccuracyMetric = null,
    double? Accuracy = null);

/// <summary>
/// Where the inventory stage gets demand forecasts. The narrow seam between the demand stage (which writes forecasts)
/// and this one: the lead wires the demand forecast table in here; tests give their own implementation.
/// </summary>
public interface IDemandForecastSource
{
    /// <summary>
    /// The latest forecasts made as of <paramref name="asOf"/> for <paramref name="productIds"/>; a product without a
    /// forecast is simply absent from the result.
    /// </summary>
    Task<IReadOnlyDictionary<long, ProductDemandForecast>> GetForecastsAsync(IReadOnlyCollection<long> productIds, DateOnly asOf, CancellationToken cancellationToken);
}
