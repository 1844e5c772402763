namespace Forecast.Modeling.Inventory;

/// <summary>
/// The demand forecast's period grid: contiguous periods, period <c>i</c> covering the days
/// <c>[Starts[i], Starts[i+1])</c> and the last one <c>[Starts[^1], End)</c>. Weekly by default, but any
/// contiguous grid (months, uneven weeks around holidays) works.
/// </summary>
/// <remarks>
/// Within a period, demand is assumed to fall evenly over its days (the usual convention when a period
/// forecast is turned into a daily projection, e.g. the time-phased records of material requirements planning;
/// Silver, Pyke &amp; Thomas, <i>Inventory and Production Management in Supply Chains</i>, 4th ed., 2017).
/// It only matters for dates inside a period: a stock-out date, a lead time that ends mid-week.
/// </remarks>
public sealed class PeriodGrid
{
    private readonly DateOnly[] _starts;

    /// <summary>A grid from period start dates (strictly increasing) and the exclusive end of the last period.</summary>
    /// <exception cref="ArgumentException">When there is no period or the dates do not increase.</exception>
    public PeriodGrid(IReadOnlyList<DateOnly> starts, DateOnly end)
    {
        ArgumentNullException.ThrowIfNull(starts);
        if (starts.Count == 0)
            throw new ArgumentException("A period grid needs at least one period.", nameof(starts));
        _starts = [.. starts];
        for (var i = 1; i < _starts.Length; i++)
        {
            if (_starts[i] <= _starts[i - 1])
                throw new ArgumentException($"Period starts must increase: {_starts[i - 1]:yyyy-MM-dd} is followed by {_starts[i]:yyyy-MM-dd}.", nameof(starts));
        }
        if (end <= _starts[^1])
            throw new ArgumentException($"The grid end {end:yyyy-MM-dd} must be after the last period start {_starts[^1]:yyyy-MM-dd}.", nameof(end));
        End = end;
    }

    /// <summary><paramref name="count"/> consecutive 7-day periods starting on <paramref name="firstStart"/>.</summary>
    public static PeriodGrid Weekly(DateOnly firstStart, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return new PeriodGrid([.. Enumerable.Range(0, count).Select(i => firstStart.AddDays(7 * i))], firstStart.AddDays(7 * count));
    }

    /// <summary>First day of each period.</summary>
    public IReadOnlyList<DateOnly> Starts => _starts;

    /// <summary>The day after the last period (exclusive end).</summary>
    public DateOnly End { get; }

    /// <summary>Number of periods.</summary>
    public int Count => _starts.Length;

    /// <summary>Exclusive end of period <paramref name="period"/>.</summary>
    public DateOnly EndOf(int period) => period + 1 < _starts.Length ? _starts[period + 1] : End;

    /// <summary>Number of days of period <paramref name="period"/>.</summary>
    public int LengthInDays(int period) => EndOf(period).DayNumber - _starts[period].DayNumber;

    /// <summary>The period containing <paramref name="day"/>, or -1 when the day is outside the grid.</summary>
    public int PeriodOf(DateOnly day)
    {
        if (day < _starts[0] || day >= End)
            return -1;
        var index = Array.BinarySearch(_starts, day);
        return index >= 0 ? index : ~index - 1;
    }
}
