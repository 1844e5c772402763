namespace Forecast.DemoWorld;

/// <summary>The demo company's working calendar and the market's seasons.</summary>
internal static class DemoCalendar
{
    // Lunar New Year's day: Taiwanese factories close around it and order little in that month.
    private static readonly DateOnly[] LunarNewYear =
    [
        new(2010, 2, 14), new(2011, 2, 3), new(2012, 1, 23), new(2013, 2, 10), new(2014, 1, 31), new(2015, 2, 19),
        new(2016, 2, 8), new(2017, 1, 28), new(2018, 2, 16), new(2019, 2, 5), new(2020, 1, 25), new(2021, 2, 12),
        new(2022, 2, 1), new(2023, 1, 22), new(2024, 2, 10), new(2025, 1, 29), new(2026, 2, 17), new(2027, 2, 6),
        new(2028, 1, 26), new(2029, 2, 13), new(2030, 2, 3), new(2031, 1, 23), new(2032, 2, 11), new(2033, 1, 31),
        new(2034, 2, 19), new(2035, 2, 8),
    ];

    // Machine-tool demand in Taiwan: a dip around the New Year, a spring and an autumn peak.
    private static readonly double[] MonthFactor = [1.0, 0.78, 1.1, 1.05, 1.05, 1.0, 0.95, 0.93, 1.0, 1.05, 1.1, 1.0];

    public static double Season(DateOnly day) => MonthFactor[day.Month - 1];

    /// <summary>Seasonal items: 1 + A·cos(2π(month − peak)/12).</summary>
    public static double ProductSeason(DemoProduct product, DateOnly day) =>
        product.SeasonalAmplitude <= 0 ? 1 : 1 + (product.SeasonalAmplitude * Math.Cos(2 * Math.PI * (day.Month - product.SeasonPeakMonth) / 12.0));

    /// <summary>The next working day on or after <paramref name="day"/> (weekends and the New Year break are closed).</summary>
    public static DateOnly NextWorkingDay(DateOnly day)
    {
        for (var i = 0; i < 20; i++)
        {
            if (IsWorkingDay(day))
                return day;
            day = day.AddDays(1);
        }
        return day;
    }

    public static bool IsWorkingDay(DateOnly day)
    {
        if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            return false;
        foreach (var lny in LunarNewYear)
        {
            var offset = day.DayNumber - lny.DayNumber;
            if (offset is >= -2 and <= 4)
                return false;
        }
        return true;
    }
}
