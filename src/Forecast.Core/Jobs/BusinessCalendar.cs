using Forecast.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Jobs;

/// <summary>An as-of date that cannot be used (after the business day of today).</summary>
public sealed class AsOfDateException(string message) : Exception(message);

/// <summary>
/// The one place that decides what "today" is and which business date predictions are made as of, for every
/// command, job and page. Today is the calendar day in <see cref="ScheduleOptions.TimeZone"/> (a Taipei company's
/// day, not the server's UTC day). The default as-of date is the last day the data itself reaches (the latest
/// order, invoice, stock count, CRM activity or deal change on or before today): it comes from the data, so
/// replaying a past day on the data of that day gives what running live on that day gave, whatever the machine
/// clock says. Rows dated after today (a mistyped year 9999, a requested delivery date) never move it.
/// </summary>
public sealed class BusinessCalendar(ForecastDbContext db, TimeProvider time, IOptions<ScheduleOptions> schedule)
{
    /// <summary>The calendar day in the business time zone.</summary>
    public DateOnly Today()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(schedule.Value.TimeZone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
    }

    /// <summary>The latest business date on or before today that carries an ERP or CRM fact; null for an empty database.</summary>
    public async Task<DateOnly?> LastDataDayAsync(CancellationToken cancellationToken)
    {
        var today = Today();
        DateOnly? latest = null;
        void Take(DateOnly? day)
        {
            if (day is { } d && (latest is null || d > latest))
                latest = d;
        }
        Take(await db.SalesOrders.Where(o => o.OrderDate <= today).MaxAsync(o => (DateOnly?)o.OrderDate, cancellationToken));
        Take(await db.StockOnHand.Where(s => s.AsOf <= today).MaxAsync(s => (DateOnly?)s.AsOf, cancellationToken));
        Take(await db.Invoices.Where(i => i.InvoiceDate <= today).MaxAsync(i => (DateOnly?)i.InvoiceDate, cancellationToken));
        Take(await db.Activities.Where(a => a.OccurredOn <= today).MaxAsync(a => (DateOnly?)a.OccurredOn, cancellationToken));
        Take(await db.Opportunities.Where(o => o.CreatedOn <= today).MaxAsync(o => (DateOnly?)o.CreatedOn, cancellationToken));
        Take(await db.Opportunities.Where(o => o.ClosedOn != null && o.ClosedOn <= today).MaxAsync(o => o.ClosedOn, cancellationToken));
        return latest;
    }

    /// <summary>
    /// The date a run, a command or a page works as of when none is given: the last day with data, or today when the
    /// database holds no dated fact yet.
    /// </summary>
    public async Task<DateOnly> DefaultAsOfAsync(CancellationToken cancellationToken) =>
        await LastDataDayAsync(cancellationToken) ?? Today();

    /// <summary>The given date, or the default; a date after today is refused (predicting "as of" a day nobody has seen).</summary>
    public async Task<DateOnly> ResolveAsOfAsync(DateOnly? requested, CancellationToken cancellationToken)
    {
        if (requested is not { } asOf)
            return await DefaultAsOfAsync(cancellationToken);
        var today = Today();
        if (asOf > today)
        {
            throw new AsOfDateException(
                $"The as-of date {asOf:yyyy-MM-dd} is after today ({today:yyyy-MM-dd} in {schedule.Value.TimeZone}): predictions are made as of a day whose data exists. Leave --as-of out to use the last day with data.");
        }
        return asOf;
    }
}
