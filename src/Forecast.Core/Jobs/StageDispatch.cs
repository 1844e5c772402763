using System.Collections.Concurrent;
using Hangfire;

namespace Forecast.Core.Jobs;

/// <summary>Hands a partition to whoever executes it: Hangfire workers, or the current process.</summary>
public interface IStageDispatcher
{
    void Dispatch(long runId, string stage, int partition);
}

/// <summary>Enqueues each partition as a Hangfire job, so any worker process on any machine may take it.</summary>
public sealed class HangfireStageDispatcher(IBackgroundJobClient jobs) : IStageDispatcher
{
    public void Dispatch(long runId, string stage, int partition) =>
        jobs.Enqueue<PipelineJobs>(j => j.RunPartitionAsync(runId, stage, partition, CancellationToken.None));
}

/// <summary>Queues partitions for the current process (<c>forecast run</c>), which drains the queue itself.</summary>
public sealed class InlineStageDispatcher : IStageDispatcher
{
    private readonly ConcurrentQueue<(long RunId, string Stage, int Partition)> _queue = new();

    public void Dispatch(long runId, string stage, int partition) => _queue.Enqueue((runId, stage, partition));

    public bool TryTake(out (long RunId, string Stage, int Partition) item) => _queue.TryDequeue(out item);
}
