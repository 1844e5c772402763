namespace Forecast.IntegrationTests.SecondWorld;

/// <summary>
/// When customers in each country do not order (holidays, factory shutdowns) and when some stock up: the seasonal
/// part of the second world's ordering law. Orders that would fall in a quiet window wait until it is over.
/// </summary>
internal static class TradeCalendar
{
    /// <summary>Lunar New Year's day (正月初一), 2018–2034.</summary>
    private static readonly Dictionary<int, DateOnly> LunarNewYear = new()
    {
        [2018] = new(2018, 2, 16), [2019] = new(2019, 2, 5), [2020] = new(2020, 1, 25), [2021] = new(2021, 2, 12),
        [2022] = new(2022, 2, 1), [2023] = new(2023, 1, 22), [2024] = new(2024, 2, 10), [2025] = new(2025, 1, 29),
        [2026] = new(2026, 2, 17), [2027] = new(2027, 2, 6), [2028] = new(2028, 1, 26), [2029] = new(2029, 2, 13),
        [2030] = new(2030, 2, 3), [2031] = new(2031, 1, 23), [2032] = new(2032, 2, 11), [2033] = new(2033, 1, 31),
        [2034] = new(2034, 2, 19),
    };

    public static DateOnly LunarNewYearOf(int year) =>
        LunarNewYear.TryGetValue(year, out var day) ? day : throw new ArgumentOutOfRangeException(nameof(year), year, "No Lunar New Year date for this year.");

    /// <summary>The quiet windows (first and last day, both included) of a country around one calendar year.</summary>
    public static IEnumerable<(DateOnly From, DateOnly To)> QuietWindows(string country, int year)
    {
        switch (country)
        {
            case "TW" or "MY":
                {
                    var lny = LunarNewYearOf(year);
                    yield return (lny.AddDays(-2), lny.AddDays(5));
                    break;
                }
            case "VN":
                {
                    // Tết: longer than Taiwan's break, factories close for about ten days.
                    var lny = LunarNewYearOf(year);
                    yield return (lny.AddDays(-4), lny.AddDays(7));
                    break;
                }
            case "JP":
                yield return (new DateOnly(year, 4, 29), new DateOnly(year, 5, 5));
                yield return (new DateOnly(year, 8, 13), new DateOnly(year, 8, 16));
                yield return (new DateOnly(year, 12, 29), new DateOnly(year + 1, 1, 3));
                break;
            case "DE":
                // The holiday month: works councils close plants for three weeks in August.
                yield return (new DateOnly(year, 8, 1), new DateOnly(year, 8, 21));
                yield return (new DateOnly(year, 12, 23), new DateOnly(year + 1, 1, 2));
                break;
            case "US":
                yield return (new DateOnly(year, 12, 24), new DateOnly(year + 1, 1, 1));
                break;
            case "TH":
                yield return (new DateOnly(year, 4, 12), new DateOnly(year, 4, 16));
                break;
        }
    }

    public static bool IsQuiet(string country, DateOnly day)
    {
        foreach (var year in (int[])[day.Year - 1, day.Year])
        {
            foreach (var (from, to) in QuietWindows(country, year))
            {
                if (day >= from && day <= to)
                    return true;
            }
        }
        return false;
    }

    /// <summary>The day an order meant for <paramref name="day"/> is placed: after a quiet window, on a working day.</summary>
    public static DateOnly OrderDay(string country, DateOnly day, bool worksSaturdays)
    {
        for (var guard = 0; guard < 40; guard++)
        {
            if (IsQuiet(country, day))
            {
                day = day.AddDays(1);
                continue;
            }
            if (day.DayOfWeek == DayOfWeek.Sunday || (day.DayOfWeek == DayOfWeek.Saturday && !worksSaturdays))
            {
                day = day.AddDays(1);
                continue;
            }
            return day;
        }
        return day;
    }

    /// <summary>
    /// Lunar New Year stockers: an order that would fall from four days before the New Year to three weeks after
    /// is placed 6–12 days before it instead (factories stock up before the break), else null.
    /// </summary>
    public static DateOnly? StockUpDay(DateOnly day, WorldRandom random)
    {
        foreach (var year in (int[])[day.Year, day.Year + 1])
        {
            if (!LunarNewYear.TryGetValue(year, out var lny))
                continue;
            if (day >= lny.AddDays(-4) && day <= lny.AddDays(21))
                return lny.AddDays(-random.Int(6, 12));
        }
        return null;
    }
}
