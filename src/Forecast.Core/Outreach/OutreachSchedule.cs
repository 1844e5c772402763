using Forecast.Core.Jobs;
using Forecast.Core.Outreach.Reminders;
using Hangfire;

namespace Forecast.Core.Outreach;

/// <summary>Outreach's recurring jobs: the outbox sender (every few minutes) and the morning reminders build.</summary>
internal sealed class OutreachSchedule : IRecurringJobSchedule
{
    public const string OutboxSender = "outbox-sender";

    public void Register(IRecurringJobManager recurring, ScheduleOptions schedule, RecurringJobOptions zone)
    {
        recurring.AddOrUpdate<OutboxJobs>(OutboxSender, j => j.SendAsync(CancellationToken.None), schedule.OutboxCron, zone);
        recurring.AddOrUpdate<ReminderJobs>(ReminderJobs.RecurringId, j => j.BuildMorningAsync(CancellationToken.None), schedule.RemindersCron, zone);
    }
}
