namespace Forecast.Core.Jobs;

/// <summary>What a stage knows about the run it belongs to.</summary>
public sealed record PipelineRunContext(long RunId, DateOnly AsOf);

/// <summary>
/// A stage of the nightly pipeline. Heavy stages split their work into partitions (of products or customers)
/// that run as separate jobs, possibly on several workers; the next stage starts when every partition is done.
/// Implementations must be idempotent per (run, partition): a partition can be re-run after a crash.
/// </summary>
public interface IPipelineStage
{
    /// <summary>Stable name, used in job arguments, <c>forecast run &lt;stage&gt;</c> and the dashboard.</summary>
    string Name { get; }

    /// <summary>One line for <c>forecast run --help</c> and the admin page.</summary>
    string Description { get; }

    /// <summary>How many partitions this run's work is split into (1 = not partitioned).</summary>
    Task<int> PlanPartitionsAsync(PipelineRunContext run, CancellationToken cancellationToken);

    Task RunPartitionAsync(PipelineRunContext run, int partition, int partitionCount, CancellationToken cancellationToken);

    /// <summary>
    /// Called once, when every partition of the stage in this run is done, inside the coordinator's transaction that
    /// moves the run on: publish the stage's output (its prediction run turns succeeded, summaries are computed). A
    /// failure here rolls the move back and the stage is completed again when its partition job is retried.
    /// </summary>
    Task CompleteAsync(PipelineRunContext run, CancellationToken cancellationToken) => Task.CompletedTask;
}
