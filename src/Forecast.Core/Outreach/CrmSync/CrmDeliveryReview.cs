using Forecast.Core.Data;
using Forecast.Core.Outreach.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Forecast.Core.Outreach.CrmSync;

/// <summary>A rep action the webhook gave up on: the receiver refused it (a 4xx) or the attempts ran out.</summary>
public sealed record GivenUpDelivery(
    long ActionId, string Key, ReminderActionKind Kind, DateTimeOffset ActedAt, string By, string CustomerName, string? ProductName,
    int Attempts, DateTimeOffset GaveUpAt, string? LastError);

public enum ResendResult
{
    Queued,
    NotFound,
    /// <summary>Not given up (waiting for its next attempt, or delivered): nothing to re-send.</summary>
    NotGivenUp,
}

/// <summary>
/// The administrator's view of webhook deliveries that stopped: each with the receiver's answer, and a re-send once the
/// receiver is fixed. A re-sent action goes out under its same key (<c>reminder-action:{id}</c>), so a CRM that had
/// stored it after all still dedupes it.
/// </summary>
public sealed partial class CrmDeliveryReview(ForecastDbContext db, TimeProvider time, ILogger<CrmDeliveryReview> log)
{
    public async Task<List<GivenUpDelivery>> GivenUpAsync(CancellationToken cancellationToken)
    {
        var rows = await (
                from d in db.Set<CrmActivityDelivery>().AsNoTracking()
                join a in db.ReminderActions.AsNoTracking() on d.ReminderActionId equals a.Id
                where d.GaveUpAt != null && d.DeliveredAt == null
                orderby d.GaveUpAt descending, d.ReminderActionId
                select new { d.ReminderActionId, a.Kind, a.At, a.By, a.Reminder!.CustomerName, a.Reminder.ProductName, d.Attempts, GaveUpAt = d.GaveUpAt!.Value, d.LastError })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new GivenUpDelivery(r.ReminderActionId, CrmActivities.KeyOf(r.ReminderActionId), r.Kind, r.At, r.By, r.CustomerName, r.ProductName,
            r.Attempts, r.GaveUpAt, r.LastError)).ToList();
    }

    /// <summary>
    /// Puts a given-up action back in the webhook's queue, due now with a fresh count of attempts; its last error stays
    /// until a delivery succeeds. Re-sending twice queues it once.
    /// </summary>
    public async Task<ResendResult> ResendAsync(long actionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var queued = await db.Set<CrmActivityDelivery>()
            .Where(d => d.ReminderActionId == actionId && d.GaveUpAt != null && d.DeliveredAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.GaveUpAt, (DateTimeOffset?)null).SetProperty(d => d.ClaimedAt, (DateTimeOffset?)null)
                .SetProperty(d => d.Attempts, 0).SetProperty(d => d.NextAttemptAt, now), cancellationToken);
        if (queued == 1)
        {
            LogResent(actionId);
            return ResendResult.Queued;
        }
        return await db.Set<CrmActivityDelivery>().AnyAsync(d => d.ReminderActionId == actionId, cancellationToken) ? ResendResult.NotGivenUp : ResendResult.NotFound;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CRM webhook: action {ActionId} queued again by an administrator")]
    private partial void LogResent(long actionId);
}
