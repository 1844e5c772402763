using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Forecast.Core.Jobs;

/// <summary>A partition failed while a run went on in this process; the run is marked failed with the error.</summary>
public sealed class PartitionFailedException(long runId, string stage, int partition, Exception inner)
    : Exception($"Run {runId}: stage {stage}, partition {partition + 1} failed: {inner.Message}", inner)
{
    public long RunId { get; } = runId;
    public string Stage { get; } = stage;
}

/// <summary>One partition run in this process: which, and how long it took.</summary>
public sealed record InlinePartition(string Stage, int Partition, int PartitionCount, TimeSpan Elapsed);

/// <summary>
/// Runs pipeline runs in the current process (the CLI's <c>forecast run</c>, <c>forecast reminders build</c>, tests):
/// the coordinator hands partitions to an <see cref="InlineStageDispatcher"/> and this drains it, each partition in its
/// own scope, exactly as a worker would. Register it with <see cref="Register"/> before the host is built.
/// </summary>
public sealed class InlinePipeline(IServiceScopeFactory scopes, IStageDispatcher dispatcher)
{
    /// <summary>Makes partitions run in this process instead of on the Hangfire workers.</summary>
    public static void Register(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.RemoveAll<IStageDispatcher>();
        services.AddSingleton<InlineStageDispatcher>();
        services.AddSingleton<IStageDispatcher>(sp => sp.GetRequiredService<InlineStageDispatcher>());
        services.AddSingleton<InlinePipeline>();
        services.AddSingleton<NightReplay>();
    }

    /// <summary>
    /// Starts a run (as of <paramref name="asOf"/>, or the last day with data) and runs every partition of every stage
    /// here; a failing partition marks the run failed and throws <see cref="PartitionFailedException"/>.
    /// </summary>
    public async Task<PipelineRun> RunAsync(
        DateOnly? asOf, IReadOnlyList<string> stages, string trigger, Action<PipelineRun>? started, Action<InlinePartition>? progress, CancellationToken cancellationToken)
    {
        var queue = dispatcher as InlineStageDispatcher
            ?? throw new InvalidOperationException("Partitions go to the Hangfire workers in this host: call InlinePipeline.Register when composing it.");
        PipelineRun run;
        await using (var scope = scopes.CreateAsyncScope())
            run = await scope.ServiceProvider.GetRequiredService<PipelineCoordinator>().StartAsync(asOf, stages, trigger, cancellationToken);
        started?.Invoke(run);
        while (queue.TryTake(out var item))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            int count;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var coordinator = scope.ServiceProvider.GetRequiredService<PipelineCoordinator>();
                try
                {
                    await coordinator.RunPartitionAsync(item.RunId, item.Stage, item.Partition, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Nobody retries a partition in this process: the run ends here, so the next command is not kept waiting.
                    await coordinator.FailRunAsync(item.RunId, $"{item.Stage}[{item.Partition}]: {ex.Message}", CancellationToken.None);
                    throw new PartitionFailedException(item.RunId, item.Stage, item.Partition, ex);
                }
                count = await coordinator.PartitionCountAsync(item.RunId, item.Stage, cancellationToken);
            }
            progress?.Invoke(new InlinePartition(item.Stage, item.Partition, count, clock.Elapsed));
        }
        await using (var scope = scopes.CreateAsyncScope())
            return await scope.ServiceProvider.GetRequiredService<PipelineCoordinator>().FindAsync(run.Id, cancellationToken);
    }
}
