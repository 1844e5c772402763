using System.Collections.Concurrent;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Forecast.IntegrationTests.Jobs;

/// <summary>Records every partition it executes, so tests can count executions across workers.</summary>
internal sealed class RecordingStage(string name, int partitions, ConcurrentQueue<string> log, TimeSpan work = default) : IPipelineStage
{
    public string Name => name;
    public string Description => "test stage";
    public Task<int> PlanPartitionsAsync(PipelineRunContext run, CancellationToken cancellationToken) => Task.FromResult(partitions);

    public async Task RunPartitionAsync(PipelineRunContext run, int partition, int partitionCount, CancellationToken cancellationToken)
    {
        if (work > TimeSpan.Zero)
            await Task.Delay(work, cancellationToken);
        log.Enqueue($"{name}:{partition}/{partitionCount}@{Environment.CurrentManagedThreadId}");
    }
}

public sealed class PipelineCoordinatorTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _log = new();

    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private IHost BuildHost(IStageDispatcher? dispatcher, bool worker = false, TimeSpan work = default)
    {
        var builder = TestHost.CreateBuilder(database, services =>
        {
            services.AddSingleton<IPipelineStage>(new RecordingStage("first", 3, _log, work));
            services.AddSingleton<IPipelineStage>(new RecordingStage("second", 1, _log, work));
            if (dispatcher is not null)
                services.AddSingleton(dispatcher);
        }, new Dictionary<string, string?> { ["Schedule:WorkerCount"] = "2" });
        if (worker)
            builder.AddForecastWorker();
        return builder.Build();
    }

    private static async Task DrainAsync(IHost host, InlineStageDispatcher inline)
    {
        while (inline.TryTake(out var item))
        {
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<PipelineCoordinator>().RunPartitionAsync(item.RunId, item.Stage, item.Partition, default);
        }
    }

    [Fact]
    public async Task StartAsync_RunsEveryPartitionOnceAndStagesInOrder_WhenDrainedInProcess()
    {
        var inline = new InlineStageDispatcher();
        using var host = BuildHost(inline);
        await using (var scope = host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<PipelineCoordinator>().StartAsync(new DateOnly(2026, 11, 27), ["first", "second"], "test", default);
        await DrainAsync(host, inline);

        var executed = _log.Select(e => e.Split('@')[0]).ToList();
        Assert.Equal(["first:0/3", "first:1/3", "first:2/3", "second:0/1"], executed);
        await using var db = database.CreateContext();
        var run = await db.PipelineRuns.SingleAsync();
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.All(await db.StagePartitions.ToListAsync(), p => Assert.Equal(PartitionStatus.Done, p.Status));
    }

    [Fact]
    public async Task RunPartitionAsync_DoesNothing_WhenThePartitionIsDeliveredTwice()
    {
        var inline = new InlineStageDispatcher();
        using var host = BuildHost(inline);
        long runId;
        await using (var scope = host.Services.CreateAsyncScope())
            runId = (await scope.ServiceProvider.GetRequiredService<PipelineCoordinator>().StartAsync(new DateOnly(2026, 11, 27), ["first"], "test", default)).Id;
        await DrainAsync(host, inline);
        await using (var scope = host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<PipelineCoordinator>().RunPartitionAsync(runId, "first", 1, default);

        Assert.Equal(3, _log.Count);
    }

    [Fact]
    public async Task RunPartitionAsync_ReclaimsAPartition_WhenItsWorkerDiedPastTheLease()
    {
        var inline = new InlineStageDispatcher();
        using var host = BuildHost(inline);
        long runId;
        await using (var scope = host.Services.CreateAsyncScope())
            runId = (await scope.ServiceProvider.GetRequiredService<PipelineCoordinator>().StartAsync(new DateOnly(2026, 11, 27), ["second"], "test", default)).Id;
        Assert.True(inline.TryTake(out _));
        await using (var db = database.CreateContext())
        {
            // A worker claimed it two hours ago and was killed.
            await db.StagePartitions.ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Status, PartitionStatus.Running)
                .SetProperty(p => p.ClaimedAt, DateTimeOffset.UtcNow.AddHours(-2))
                .SetProperty(p => p.ClaimedBy, "dead-worker"));
        }

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var coordinator = scope.ServiceProvider.GetRequiredService<PipelineCoordinator>();
            Assert.Equal(1, await coordinator.RedispatchStaleAsync(DateTimeOffset.UtcNow, default));
        }
        await DrainAsync(host, inline);

        Assert.Single(_log);
        await using var check = database.CreateContext();
        Assert.Equal(RunStatus.Succeeded, (await check.PipelineRuns.SingleAsync(r => r.Id == runId)).Status);
    }

    [Fact]
    public async Task StartAsync_Refuses_WhenAnotherRunIsStillWorking()
    {
        var inline = new InlineStageDispatcher();
        using var host = BuildHost(inline);
        await using var scope = host.Services.CreateAsyncScope();
        var coordinator = scope.ServiceProvider.GetRequiredService<PipelineCoordinator>();
        await coordinator.StartAsync(new DateOnly(2026, 11, 27), ["first"], "test", default);

        await Assert.ThrowsAsync<PipelineBusyException>(() => coordinator.StartAsync(new DateOnly(2026, 11, 27), ["first"], "test", default));
    }

    /// <summary>What a stuck or failed run looked like, so a failure on CI can be read without reproducing it.</summary>
    private async Task<string> DescribeAsync(long runId, RunStatus status)
    {
        await using var db = database.CreateContext();
        var run = await db.PipelineRuns.AsNoTracking().SingleAsync(r => r.Id == runId);
        var partitions = await db.StagePartitions.AsNoTracking().Where(p => p.PipelineRunId == runId)
            .OrderBy(p => p.Stage).ThenBy(p => p.Partition).ToListAsync();
        var lines = partitions.Select(p =>
            $"  {p.Stage}[{p.Partition}/{p.PartitionCount}] {p.Status} attempts {p.Attempts} by {p.ClaimedBy} claimed {p.ClaimedAt:O} finished {p.FinishedAt:O} {p.Error}");
        return $"run {runId} is {status} (error: {run.Error ?? "none"}); executed: [{string.Join(", ", _log)}]{Environment.NewLine}{string.Join(Environment.NewLine, lines)}";
    }

    [Fact]
    public async Task StartAsync_SharesPartitionsBetweenWorkers_AndProcessesEachOnce_WhenTwoHangfireServersRun()
    {
        using var workerA = BuildHost(null, worker: true, work: TimeSpan.FromMilliseconds(300));
        using var workerB = BuildHost(null, worker: true, work: TimeSpan.FromMilliseconds(300));
        await workerA.StartAsync();
        await workerB.StartAsync();
        try
        {
            long runId;
            await using (var scope = workerA.Services.CreateAsyncScope())
                runId = (await scope.ServiceProvider.GetRequiredService<PipelineCoordinator>().StartAsync(new DateOnly(2026, 11, 27), ["first", "second"], "test", default)).Id;

            // Generous: on a loaded CI machine a transient database error sends a partition through Hangfire's retry
            // (15–45 s back-off plus the scheduler's 15 s poll). The test is about correctness, never speed.
            var deadline = DateTime.UtcNow.AddMinutes(4);
            RunStatus status;
            do
            {
                await Task.Delay(250);
                await using var db = database.CreateContext();
                status = (await db.PipelineRuns.AsNoTracking().SingleAsync(r => r.Id == runId)).Status;
            }
            while (status == RunStatus.Running && DateTime.UtcNow < deadline);

            Assert.True(status == RunStatus.Succeeded, await DescribeAsync(runId, status));
            var executed = _log.Select(e => e.Split('@')[0]).Order().ToList();
            Assert.Equal(["first:0/3", "first:1/3", "first:2/3", "second:0/1"], executed);
            await using var check = database.CreateContext();
            var workers = await check.StagePartitions.Select(p => p.ClaimedBy).Distinct().CountAsync();
            Assert.True(workers >= 1);
        }
        finally
        {
            await workerA.StopAsync();
            await workerB.StopAsync();
        }
    }
}
