using Forecast.Core.Jobs;

namespace Forecast.Core.Opportunities;

/// <summary>The nightly win-probability stage (one partition: training uses every closed deal at once).</summary>
public sealed class WinProbabilityStage(WinProbabilityJob job) : IPipelineStage
{
    public const string StageName = "win-probability";

    public string Name => StageName;
    public string Description => "Score open opportunities (calibrated, with top factors) and place their expected units as pipeline demand.";

    public Task<int> PlanPartitionsAsync(PipelineRunContext run, CancellationToken cancellationToken) => Task.FromResult(1);

    public Task RunPartitionAsync(PipelineRunContext run, int partition, int partitionCount, CancellationToken cancellationToken) =>
        job.RunAsync(run, cancellationToken);

    public Task CompleteAsync(PipelineRunContext run, CancellationToken cancellationToken) => job.CompleteAsync(run, cancellationToken);
}
