using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Forecast.Core.Data;
using Forecast.Core.Ingest;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forecast.Web.Freshness;

/// <summary>When the pages warn that their numbers are old. Section <c>Web</c>.</summary>
public sealed class DataAgeOptions
{
    public const string Section = "Web";

    /// <summary>
    /// Days the shown as-of date may lag the business day of today before the pages say so. A weekend without
    /// imports is normal (the default, 2, covers Saturday and Sunday); more means imports or the nightly run stopped.
    /// </summary>
    [Range(1, 366)]
    public int StaleAfterDays { get; set; } = 2;
}

/// <summary>How old the numbers on a page are, next to today in the business time zone.</summary>
/// <param name="AsOf">The as-of date of the run the page shows.</param>
/// <param name="Today">Today in <see cref="ScheduleOptions.TimeZone"/>.</param>
/// <param name="LastImport">When the last import that succeeded finished, in the business time zone (null: none recorded).</param>
/// <param name="TimeZone">The business time zone's id, to label <paramref name="LastImport"/>.</param>
/// <param name="StaleAfterDays">The configured threshold.</param>
public sealed record DataAgeView(DateOnly AsOf, DateOnly Today, DateTimeOffset? LastImport, string TimeZone, int StaleAfterDays)
{
    public int DaysOld => Today.DayNumber - AsOf.DayNumber;

    public bool IsStale => DaysOld > StaleAfterDays;

    /// <summary>ISO dates in the banner: "11/27" reads as a day in both cultures only when the year and order are unambiguous.</summary>
    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string LastImportText => LastImport is { } at ? $"{at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} ({TimeZone})" : "";
}

/// <summary>
/// Works out whether the data behind a page is well behind today. An "order by 11/27" from data 9 days old looks
/// actionable though the day has passed: the pages flag it instead of letting the planner find out from the date.
/// </summary>
public sealed class DataAge(ForecastDbContext db, BusinessCalendar calendar, IOptions<DataAgeOptions> options, IOptions<ScheduleOptions> schedule)
{
    /// <summary>ViewData key a page sets to the <see cref="DateOnly"/> as-of of the run it shows.</summary>
    public const string ShownAsOfKey = "DataAge.ShownAsOf";

    /// <summary>ViewData key the layout's banner reads (<see cref="DataAgeView"/>).</summary>
    public const string ViewKey = "DataAge.View";

    public DateOnly Today() => calendar.Today();

    /// <summary>
    /// The age of <paramref name="shownAsOf"/>, or of the latest succeeded pipeline run when the page names none;
    /// null when nothing has run yet (the pages already say so).
    /// </summary>
    public async Task<DataAgeView?> AssessAsync(DateOnly? shownAsOf, CancellationToken cancellationToken)
    {
        var asOf = shownAsOf ?? await db.PipelineRuns.AsNoTracking().Where(r => r.Status == RunStatus.Succeeded)
            .OrderByDescending(r => r.Id).Select(r => (DateOnly?)r.AsOf).FirstOrDefaultAsync(cancellationToken);
        if (asOf is not { } day)
            return null;
        var lastImport = await db.ImportRuns.AsNoTracking().Where(r => r.Status == ImportStatus.Succeeded && r.FinishedAt != null)
            .OrderByDescending(r => r.FinishedAt).Select(r => r.FinishedAt).FirstOrDefaultAsync(cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(schedule.Value.TimeZone);
        return new DataAgeView(day, calendar.Today(), lastImport is { } at ? TimeZoneInfo.ConvertTime(at, zone) : null, schedule.Value.TimeZone, options.Value.StaleAfterDays);
    }
}
