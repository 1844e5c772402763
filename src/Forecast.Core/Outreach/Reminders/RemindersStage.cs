using Forecast.Core.Jobs;
using Hangfire;

namespace Forecast.Core.Outreach.Reminders;

/// <summary>
/// The <c>reminders</c> stage: not part of the nightly list; it runs on the morning schedule (<c>Schedule:RemindersCron</c>)
/// once the night's predictions are there, and by hand (<c>forecast reminders build</c>, <c>forecast run reminders</c>).
/// </summary>
public sealed class RemindersStage(ReminderBuilder builder) : IPipelineStage
{
    public const string StageName = "reminders";

    public string Name => StageName;
    public string Description => "Build the morning's reminders (reorder due, at risk, stalled deals) with drafted emails, and queue the reps' emails.";

    public Task<int> PlanPartitionsAsync(PipelineRunContext run, CancellationToken cancellationToken) => Task.FromResult(1);

    public Task RunPartitionAsync(PipelineRunContext run, int partition, int partitionCount, CancellationToken cancellationToken) =>
        builder.BuildAsync(run.AsOf, cancellationToken);
}

/// <summary>The Hangfire entry point of the morning reminders (recurring job <c>morning-reminders</c>).</summary>
public sealed class ReminderJobs(PipelineCoordinator coordinator)
{
    public const string RecurringId = "morning-reminders";

    /// <summary>
    /// Starts a run of the <c>reminders</c> stage as of the last day with data. If the night's pipeline is still running,
    /// the start is refused and Hangfire tries again later (reminders need that night's predictions).
    /// </summary>
    [AutomaticRetry(Attempts = 8, DelaysInSeconds = [600, 600, 600, 900, 900, 1800, 1800, 3600])]
    [JobDisplayName("Morning reminders")]
    public async Task BuildMorningAsync(CancellationToken cancellationToken)
    {
        await coordinator.StartAsync(null, [RemindersStage.StageName], "schedule", cancellationToken);
    }
}
