namespace Forecast.Modeling.Inventory;

/// <summary>
/// The distribution of one period's demand, rebuilt from a handful of forecast quantiles (e.g. p10, p25, p50,
/// p75, p90) and the forecast mean, so that it can be sampled: a quantile function that interpolates linearly
/// between the given quantiles, has an exponential lower tail below the lowest level (its density continuing the
/// first segment's, cut at zero) and an exponential upper tail above the highest level, as heavy as the forecast
/// mean needs and never lighter than the last segment's density.
/// </summary>
/// <remarks>
/// <para>
/// Sampling <c>Q(U)</c> with <c>U</c> uniform is the inverse-transform method. A piecewise-linear quantile
/// function keeps what the forecast says and nothing more: flat stretches are point masses, so an intermittent
/// item whose p10..p75 are all 0 keeps its probability of zero demand (which a normal fit would smear into
/// negative values). The exponential tail is the standard choice for an unbounded tail of demand. Its scale is
/// the larger of two: the one that makes the distribution's mean equal the forecast mean (for a slow mover whose
/// quantiles are all zero, the whole expected demand lives in the tail), and the one that continues the density
/// of the last segment. The second guards the reorder point: interpolating linearly across a jump (a p10 of 0 and
/// a p25 of 12) puts mass where there is none, and matching the mean alone would then thin the tail that high
/// service levels depend on. The mean of the fitted distribution can therefore exceed the forecast mean a little;
/// <see cref="ForecastMean"/> keeps the forecast's own.
/// </para>
/// <para>
/// Quantiles that cross (a model's p75 above its p90) are repaired by sorting them, the rearrangement of
/// Chernozhukov, Fernández-Val &amp; Galichon, "Quantile and probability curves without crossing",
/// <i>Econometrica</i> 78(3), 2010. Negative values are raised to zero: demand is never negative.
/// </para>
/// </remarks>
public sealed class QuantileDemandDistribution
{
    private readonly double[] _levels;
    private readonly double[] _values;
    private readonly double _lowerScale;

    /// <summary>Fits the distribution to <paramref name="values"/> at <paramref name="levels"/> (probabilities in (0, 1), increasing) and an optional mean.</summary>
    /// <exception cref="ArgumentException">When levels and values differ in number, levels are not increasing within (0, 1), or a value is not finite.</exception>
    public QuantileDemandDistribution(IReadOnlyList<double> levels, IReadOnlyList<double> values, double? mean = null)
    {
        ArgumentNullException.ThrowIfNull(levels);
        ArgumentNullException.ThrowIfNull(values);
        if (levels.Count == 0 || levels.Count != values.Count)
            throw new ArgumentException($"Need one value per quantile level (got {levels.Count} levels and {values.Count} values).", nameof(values));
        for (var i = 0; i < levels.Count; i++)
        {
            if (!(levels[i] > 0 && levels[i] < 1))
                throw new ArgumentException($"Quantile level {levels[i]} is not a probability strictly between 0 and 1.", nameof(levels));
            if (i > 0 && levels[i] <= levels[i - 1])
                throw new ArgumentException("Quantile levels must increase.", nameof(levels));
            if (!double.IsFinite(values[i]))
                throw new ArgumentException($"The quantile at level {levels[i]} is not a finite number.", nameof(values));
        }
        if (mean is { } m && !double.IsFinite(m))
            throw new ArgumentException("The mean is not a finite number.", nameof(mean));

        _levels = [.. levels];
        _values = [.. values.Select(v => Math.Max(0, v))];
        Array.Sort(_values);
        var n = _levels.Length;
        _lowerScale = n >= 2 ? Slope(0) * _levels[0] : 0;
        var lastSlope = n >= 2 ? Slope(n - 2) : 0;
        var top = _levels[^1];

        var (bodyMean, bodySquare) = BodyMoments();
        var densityMatched = lastSlope * (1 - top);
        var scale = densityMatched;
        if (mean is { } given)
        {
            var meanMatched = (Math.Max(0, given) - bodyMean) / (1 - top) - _values[^1];
            scale = Math.Max(densityMatched, meanMatched);
        }
        UpperTailScale = scale;
        ForecastMean = mean is { } forecastMean ? Math.Max(0, forecastMean) : double.NaN;
        var qt = _values[^1];
        Mean = bodyMean + (1 - top) * (qt + scale);
        var second = bodySquare + (1 - top) * (qt * qt + 2 * qt * scale + 2 * scale * scale);
        Variance = Math.Max(0, second - Mean * Mean);
        if (double.IsNaN(ForecastMean))
            ForecastMean = Mean;
    }

    /// <summary>The quantile levels, as given.</summary>
    public IReadOnlyList<double> Levels => _levels;

    /// <summary>The quantiles after repair (sorted, at least zero).</summary>
    public IReadOnlyList<double> Values => _values;

    /// <summary>Mean excess over the top quantile in the exponential tail (θ in <c>Q(u) = q_top + θ ln((1-p_top)/(1-u))</c>).</summary>
    public double UpperTailScale { get; }

    /// <summary>The mean of the fitted distribution (what sampling gives).</summary>
    public double Mean { get; }

    /// <summary>The forecast's mean when one was given, else <see cref="Mean"/>: the expected demand to report.</summary>
    public double ForecastMean { get; }

    /// <summary>The variance of the fitted distribution.</summary>
    public double Variance { get; }

    /// <summary>The demand at probability <paramref name="u"/> (inverse CDF); <paramref name="u"/> is clamped into [0, 1).</summary>
    public double Quantile(double u)
    {
        var top = _levels[^1];
        if (u >= top)
        {
            var tail = 1 - Math.Min(u, 1 - 1e-15);
            return _values[^1] + UpperTailScale * Math.Log((1 - top) / tail);
        }
        if (u <= _levels[0])
        {
            if (_lowerScale == 0)
                return _values[0];
            return u <= 0 ? 0 : Math.Max(0, _values[0] - _lowerScale * Math.Log(_levels[0] / u));
        }
        var i = Array.BinarySearch(_levels, u);
        if (i >= 0)
            return _values[i];
        var right = ~i;
        var left = right - 1;
        var w = (u - _levels[left]) / (_levels[right] - _levels[left]);
        return _values[left] + w * (_values[right] - _values[left]);
    }

    private double Slope(int segment) => (_values[segment + 1] - _values[segment]) / (_levels[segment + 1] - _levels[segment]);

    /// <summary>∫Q(u)du and ∫Q(u)²du over [0, top level]: closed forms for linear pieces.</summary>
    private (double Mean, double Square) BodyMoments()
    {
        double mean, square;
        var p0 = _levels[0];
        var v0 = _values[0];
        var theta = _lowerScale;
        if (theta == 0)
        {
            mean = p0 * v0;
            square = p0 * v0 * v0;
        }
        else
        {
            // Q(u) = v0 − θ·ln(p0/u) on [a, p0], zero below a = p0·exp(−v0/θ). With L(u) = ln(p0/u):
            // ∫L du = p0 − a(L(a) + 1), ∫L² du = 2p0 − a(L(a)² + 2L(a) + 2) over [a, p0], and L(a) = v0/θ.
            var la = v0 / theta;
            var a = p0 * Math.Exp(-la);
            var integralL = p0 - a * (la + 1);
            var integralL2 = 2 * p0 - a * (la * la + 2 * la + 2);
            mean = v0 * (p0 - a) - theta * integralL;
            square = v0 * v0 * (p0 - a) - 2 * v0 * theta * integralL + theta * theta * integralL2;
        }
        for (var i = 0; i + 1 < _levels.Length; i++)
        {
            var w = _levels[i + 1] - _levels[i];
            double a = _values[i], b = _values[i + 1];
            mean += w * (a + b) / 2;
            square += w * (a * a + a * b + b * b) / 3;
        }
        return (mean, square);
    }
}
