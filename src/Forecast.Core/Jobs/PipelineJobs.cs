using Hangfire;

namespace Forecast.Core.Jobs;

/// <summary>
/// The Hangfire entry points. Arguments are ids and names only; the coordinator's claim makes a re-delivered
/// job harmless. Recurring jobs call the triggers below.
/// </summary>
public sealed class PipelineJobs(PipelineCoordinator coordinator, TimeProvider time)
{
    // Retries are for transient failures; any other failure has already marked the run failed, and a retry of it is skipped.
    [AutomaticRetry(Attempts = PipelineCoordinator.PartitionAttempts - 1)]
    [JobDisplayName("Stage {1}, partition {2} (run {0})")]
    public Task RunPartitionAsync(long runId, string stage, int partition, CancellationToken cancellationToken) =>
        coordinator.RunPartitionAsync(runId, stage, partition, cancellationToken);

    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Nightly pipeline")]
    public async Task StartNightlyAsync(CancellationToken cancellationToken)
    {
        // As of the last day the data reach, decided after the night's import.
        await coordinator.StartAsync(null, PipelineCoordinator.NightlyStages, "schedule", cancellationToken);
    }

    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Stage {0} (by hand)")]
    public async Task StartStageAsync(string stage, CancellationToken cancellationToken)
    {
        await coordinator.StartAsync(null, [stage], "manual", cancellationToken);
    }

    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Pipeline watchdog")]
    public Task WatchdogAsync(CancellationToken cancellationToken) =>
        coordinator.RedispatchStaleAsync(time.GetUtcNow(), cancellationToken);
}
