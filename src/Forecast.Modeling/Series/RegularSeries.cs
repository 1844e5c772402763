namespace Forecast.Modeling.Series;

/// <summary>
/// A series observed on a regular period grid (week, month, quarter...) with explicit zeros, the input of
/// every model. Missing observations are <see cref="double.NaN"/> in <see cref="Raw"/>; <see cref="Values"/>
/// is the gap-handled copy the models fit: leading gaps are dropped (the series starts at its first
/// observation), interior gaps are linearly interpolated and trailing gaps carry the last observation
/// forward, so that step 1 of a forecast is always the period after the last period of <see cref="Raw"/>.
/// </summary>
/// <remarks>
/// Interpolating interior gaps is the choice of R's <c>forecast::na.interp</c> for non-seasonal data
/// (Hyndman &amp; Athanasopoulos, <i>Forecasting: Principles and Practice</i>, 3rd ed., §13.9 "Missing values");
/// a demand series should be built with explicit zeros so that it has no gaps at all.
/// </remarks>
public sealed class RegularSeries
{
    /// <summary>Wraps <paramref name="values"/> (NaN = missing) observed with seasonal period <paramref name="seasonLength"/>.</summary>
    /// <exception cref="ArgumentException">When no value is observed or the season length is below 1.</exception>
    public RegularSeries(IReadOnlyList<double> values, int seasonLength = 1, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (seasonLength < 1)
            throw new ArgumentOutOfRangeException(nameof(seasonLength), seasonLength, "The season length must be at least 1 (1 = no seasonality).");
        Raw = [.. values];
        SeasonLength = seasonLength;
        Id = id;
        var first = Array.FindIndex(Raw, double.IsFinite);
        if (first < 0)
            throw new ArgumentException("The series has no observed (finite) value.", nameof(values));
        LeadingMissing = first;
        Values = FillGaps(Raw.AsSpan(first));
        MissingCount = Raw.Skip(first).Count(v => !double.IsFinite(v));
    }

    /// <summary>The caller's key, e.g. a product id or a data set's series id.</summary>
    public string? Id { get; }

    /// <summary>The seasonal period m: 12 for monthly, 4 for quarterly, 52 for weekly data, 1 for none.</summary>
    public int SeasonLength { get; }

    /// <summary>The values as given, NaN where missing.</summary>
    public double[] Raw { get; }

    /// <summary>The gap-handled values the models fit (see the class remarks).</summary>
    public double[] Values { get; }

    /// <summary>Periods dropped at the start because nothing was observed yet.</summary>
    public int LeadingMissing { get; }

    /// <summary>Interior and trailing periods that were filled in.</summary>
    public int MissingCount { get; }

    /// <summary>Number of periods in <see cref="Values"/>.</summary>
    public int Length => Values.Length;

    /// <summary>The first <paramref name="length"/> observed periods as a new series (a rolling-origin training window).</summary>
    public RegularSeries Head(int length)
    {
        if (length < 1 || length > Length)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"Must be within 1..{Length}.");
        return new RegularSeries(Values.AsSpan(0, length).ToArray(), SeasonLength, Id);
    }

    /// <summary>True when every value is zero or positive (demand), so forecasts and bounds are clipped at zero.</summary>
    public bool IsNonNegative => Values.All(v => v >= 0);

    private static double[] FillGaps(ReadOnlySpan<double> raw)
    {
        var y = raw.ToArray();
        var lastObserved = 0;
        for (var i = 1; i < y.Length; i++)
        {
            if (!double.IsFinite(y[i]))
                continue;
            var gap = i - lastObserved - 1;
            for (var k = 1; k <= gap; k++)
                y[lastObserved + k] = y[lastObserved] + (y[i] - y[lastObserved]) * k / (gap + 1);
            lastObserved = i;
        }
        for (var i = lastObserved + 1; i < y.Length; i++)
            y[i] = y[lastObserved];
        return y;
    }
}
