namespace Forecast.Modeling.Inventory;

/// <summary>
/// A probabilistic demand forecast on a period grid: either per-period quantiles (<see cref="QuantileDemandForecast"/>)
/// or joint sample paths (<see cref="SamplePathDemandForecast"/>) — the two forms in which probabilistic forecasts are
/// usually delivered (Hyndman &amp; Athanasopoulos, <i>Forecasting: Principles and Practice</i>, 3rd ed., §5.5
/// "Distributional forecasts and prediction intervals", which also builds intervals from simulated future sample paths).
/// </summary>
public abstract class PeriodDemandForecast
{
    private protected PeriodDemandForecast(PeriodGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        Grid = grid;
    }

    /// <summary>The periods the forecast covers.</summary>
    public PeriodGrid Grid { get; }

    /// <summary>Expected demand of period <paramref name="period"/>.</summary>
    public abstract double MeanOf(int period);

    /// <summary>Variance of the demand of period <paramref name="period"/>.</summary>
    public abstract double VarianceOf(int period);
}

/// <summary>
/// Per-period forecast quantiles (and means), each period turned into a <see cref="QuantileDemandDistribution"/>.
/// The joint behaviour of periods is not in such a forecast; the projector assumes periods independent unless
/// told otherwise (<see cref="SimulationSettings.PeriodCorrelation"/>).
/// </summary>
public sealed class QuantileDemandForecast : PeriodDemandForecast
{
    private readonly QuantileDemandDistribution[] _periods;

    /// <summary>
    /// <paramref name="quantiles"/>[period][level] at <paramref name="levels"/> (probabilities, increasing); optional
    /// <paramref name="means"/>[period] (recommended: it sets the weight of the upper tail).
    /// </summary>
    /// <exception cref="ArgumentException">When the shapes do not match the grid or a period's quantiles are invalid.</exception>
    public QuantileDemandForecast(PeriodGrid grid, IReadOnlyList<double> levels, IReadOnlyList<IReadOnlyList<double>> quantiles, IReadOnlyList<double>? means = null)
        : base(grid)
    {
        ArgumentNullException.ThrowIfNull(levels);
        ArgumentNullException.ThrowIfNull(quantiles);
        if (quantiles.Count != grid.Count)
            throw new ArgumentException($"Need quantiles for each of the {grid.Count} periods (got {quantiles.Count}).", nameof(quantiles));
        if (means is not null && means.Count != grid.Count)
            throw new ArgumentException($"Need a mean for each of the {grid.Count} periods (got {means.Count}).", nameof(means));
        _periods = new QuantileDemandDistribution[grid.Count];
        for (var p = 0; p < grid.Count; p++)
            _periods[p] = new QuantileDemandDistribution(levels, quantiles[p], means?[p]);
    }

    /// <summary>The fitted distribution of each period.</summary>
    public IReadOnlyList<QuantileDemandDistribution> Periods => _periods;

    /// <summary>The forecast's mean of the period (the fitted distribution's when none was given).</summary>
    public override double MeanOf(int period) => _periods[period].ForecastMean;

    /// <inheritdoc />
    public override double VarianceOf(int period) => _periods[period].Variance;
}

/// <summary>
/// Joint sample paths of demand, <c>paths[path][period]</c>, e.g. from a model that simulates its own future. The
/// projector uses them as they are (their correlation across periods included); negative draws count as zero.
/// </summary>
public sealed class SamplePathDemandForecast : PeriodDemandForecast
{
    private readonly double[][] _paths;
    private readonly double[] _means;
    private readonly double[] _variances;

    /// <exception cref="ArgumentException">When there is no path, a path's length differs from the grid, or a draw is not finite.</exception>
    public SamplePathDemandForecast(PeriodGrid grid, IReadOnlyList<IReadOnlyList<double>> paths)
        : base(grid)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
            throw new ArgumentException("Need at least one sample path.", nameof(paths));
        _paths = new double[paths.Count][];
        for (var j = 0; j < paths.Count; j++)
        {
            if (paths[j].Count != grid.Count)
                throw new ArgumentException($"Path {j} has {paths[j].Count} periods; the grid has {grid.Count}.", nameof(paths));
            if (paths[j].Any(v => !double.IsFinite(v)))
                throw new ArgumentException($"Path {j} has a draw that is not a finite number.", nameof(paths));
            _paths[j] = [.. paths[j].Select(v => Math.Max(0, v))];
        }
        _means = new double[grid.Count];
        _variances = new double[grid.Count];
        for (var p = 0; p < grid.Count; p++)
        {
            var mean = _paths.Average(path => path[p]);
            _means[p] = mean;
            _variances[p] = _paths.Sum(path => (path[p] - mean) * (path[p] - mean)) / _paths.Length;
        }
    }

    /// <summary>Number of paths.</summary>
    public int PathCount => _paths.Length;

    /// <summary>Demand of <paramref name="period"/> on path <paramref name="path"/> (at least zero).</summary>
    public double Draw(int path, int period) => _paths[path][period];

    /// <inheritdoc />
    public override double MeanOf(int period) => _means[period];

    /// <inheritdoc />
    public override double VarianceOf(int period) => _variances[period];
}
