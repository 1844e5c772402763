using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Forecast.Core.Reorder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Outreach.Reminders;

/// <summary>
/// Tells the reorder stage which pairs reps dismissed as not buying now (<see cref="ReminderRules.SilencingReasons"/>):
/// the dismissal's business date is the action's instant in <see cref="ScheduleOptions.TimeZone"/>, as for the
/// reminders' own cool-down, and only those on or before the as-of date count.
/// </summary>
public sealed class ReminderFeedback(ForecastDbContext db, IOptions<ScheduleOptions> schedule) : IReorderFeedback
{
    public async Task<IReadOnlyDictionary<(long Customer, long Product), PairDismissal>> DismissalsAsync(
        DateOnly asOf, int partition, int partitionCount, CancellationToken cancellationToken)
    {
        var reasons = ReminderRules.SilencingReasons.Cast<DismissReason?>().ToList();
        var rows = await db.ReminderActions.AsNoTracking()
            .Where(a => a.Kind == ReminderActionKind.Dismissed && reasons.Contains(a.ReasonCode) && a.Reminder!.ProductId != null
                && a.Reminder.UnifiedCustomer!.ErpCustomerId != null && a.Reminder.UnifiedCustomer.ErpCustomerId % partitionCount == partition)
            .Select(a => new { Customer = a.Reminder!.UnifiedCustomer!.ErpCustomerId!.Value, Product = a.Reminder.ProductId!.Value, a.At, a.ReasonCode, a.Id })
            .ToListAsync(cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(schedule.Value.TimeZone);
        return rows
            .Select(r => (r.Customer, r.Product, Date: DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.At, zone).DateTime), r.ReasonCode, r.Id))
            .Where(r => r.Date <= asOf)
            .GroupBy(r => (r.Customer, r.Product))
            .ToDictionary(g => g.Key, g =>
            {
                var latest = g.OrderByDescending(r => r.Date).ThenByDescending(r => r.Id).First();
                return new PairDismissal(latest.Date, latest.ReasonCode!.Value.ToString());
            });
    }
}
