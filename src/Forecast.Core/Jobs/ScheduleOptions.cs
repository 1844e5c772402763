using System.ComponentModel.DataAnnotations;

namespace Forecast.Core.Jobs;

/// <summary>When the recurring jobs run. Section <c>Schedule</c>.</summary>
public sealed class ScheduleOptions
{
    /// <summary>IANA or Windows time zone the cron expressions are read in.</summary>
    [Required]
    public string TimeZone { get; set; } = "Asia/Taipei";

    /// <summary>Import new files from the drop folder, unify customers, train and predict, project stock.</summary>
    [Required]
    public string NightlyCron { get; set; } = "0 2 * * *";

    /// <summary>Build the morning's reminders and digests.</summary>
    [Required]
    public string RemindersCron { get; set; } = "30 7 * * 1-5";

    /// <summary>Send what waits in the outbox.</summary>
    [Required]
    public string OutboxCron { get; set; } = "*/5 * * * *";

    /// <summary>Re-dispatch partitions whose worker died (claim older than <see cref="PartitionLeaseMinutes"/>).</summary>
    [Required]
    public string WatchdogCron { get; set; } = "*/10 * * * *";

    /// <summary>A running partition whose claim is older than this is presumed dead and may be claimed again.</summary>
    [Range(1, 24 * 60)]
    public int PartitionLeaseMinutes { get; set; } = 30;

    /// <summary>
    /// Whether the web host also executes jobs (a small installation: one process). Set false when separate
    /// <c>forecast worker</c> processes execute them, so the web process only serves pages.
    /// </summary>
    public bool RunWorkerInWeb { get; set; } = true;

    /// <summary>Number of Hangfire workers in this process (0: the process enqueues but does not execute jobs).</summary>
    [Range(0, 64)]
    public int WorkerCount { get; set; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>
    /// How often an idle worker asks PostgreSQL for a queued job. Hangfire.PostgreSql's 15 s default leaves a stage's
    /// partitions to whichever worker polled first and adds up to 15 s between stages; one cheap query every few
    /// seconds per worker is nothing next to a nightly run.
    /// </summary>
    [Range(1, 300)]
    public int QueuePollSeconds { get; set; } = 2;
}
