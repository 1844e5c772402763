using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Forecast.IntegrationTests.Jobs;

/// <summary>Fails as often as told with the exception given, then succeeds; counts its executions.</summary>
internal sealed class FailingStage(Func<Exception> failure, int failures) : IPipelineStage
{
    public const string StageName = "failing";
    private int _failures = failures;

    public int Executions { get; private set; }
    public string Name => StageName;
    public string Description => "test stage that fails";
    public Task<int> PlanPartitionsAsync(PipelineRunContext run, CancellationToken cancellationToken) => Task.FromResult(1);

    public Task RunPartitionAsync(PipelineRunContext run, int partition, int partitionCount, CancellationToken cancellationToken)
    {
        Executions++;
        return --_failures >= 0 ? Task.FromException(failure()) : Task.CompletedTask;
    }
}

/// <summary>
/// A stage that fails ends its run at once (with the error, and its prediction runs with it), so the next
/// <c>forecast run</c> or <c>reminders build</c> is not refused for the 30-minute lease; only a transient failure waits
/// for Hangfire's retry, and only as many times as it retries.
/// </summary>
public sealed class FailedRunTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DateOnly AsOf = new(2026, 11, 27);

    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private IHost BuildHost(FailingStage stage, IStageDispatcher? dispatcher = null, bool inline = false)
    {
        var builder = TestHost.CreateBuilder(database, services =>
        {
            services.AddSingleton<IPipelineStage>(stage);
            if (dispatcher is not null)
                services.AddSingleton(dispatcher);
        });
        if (inline)
            InlinePipeline.Register(builder.Services);
        return builder.Build();
    }

    private static async Task<long> StartAsync(IHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<PipelineCoordinator>().StartAsync(AsOf, [FailingStage.StageName], "test", default)).Id;
    }

    /// <summary>One delivery of the partition, as a Hangfire worker makes it; the exception is Hangfire's to see.</summary>
    private static async Task<Exception?> DeliverAsync(IHost host, long runId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<PipelineCoordinator>().RunPartitionAsync(runId, FailingStage.StageName, 0, default);
            return null;
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            return ex;
        }
    }

    private async Task<long> OpenPredictionRunAsync(IHost host, long runId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<PredictionRuns>().ForStageAsync("failing-kind", new PipelineRunContext(runId, AsOf), default)).Id;
    }

    [Fact]
    public async Task RunPartitionAsync_FailsTheRunAndItsPredictionRunAtOnce_WhenTheStageThrows()
    {
        var stage = new FailingStage(() => new InvalidOperationException("Template 'customer-draft.en' exploded"), failures: 1);
        using var host = BuildHost(stage, new InlineStageDispatcher());
        var runId = await StartAsync(host);
        var predictionRunId = await OpenPredictionRunAsync(host, runId);

        Assert.IsType<InvalidOperationException>(await DeliverAsync(host, runId));

        await using (var db = database.CreateContext())
        {
            var run = await db.PipelineRuns.SingleAsync(r => r.Id == runId);
            Assert.Equal(RunStatus.Failed, run.Status);
            Assert.NotNull(run.FinishedAt);
            Assert.Equal("failing[0]: Template 'customer-draft.en' exploded", run.Error);
            var predictionRun = await db.PredictionRuns.SingleAsync(r => r.Id == predictionRunId);
            Assert.Equal(RunStatus.Failed, predictionRun.Status);
            Assert.Contains("exploded", predictionRun.Error, StringComparison.Ordinal);
        }

        // Hangfire's retry of the failed run's partition does nothing...
        Assert.Null(await DeliverAsync(host, runId));
        Assert.Equal(1, stage.Executions);
        // ...and the next run starts now, not after the partition lease.
        var next = await StartAsync(host);
        Assert.Null(await DeliverAsync(host, next));
        await using var check = database.CreateContext();
        Assert.Equal(RunStatus.Succeeded, (await check.PipelineRuns.SingleAsync(r => r.Id == next)).Status);
    }

    [Fact]
    public async Task RunPartitionAsync_KeepsTheRunForHangfiresRetry_WhenTheFailureIsTransient()
    {
        var stage = new FailingStage(() => new TimeoutException("The database did not answer in time."), failures: 1);
        using var host = BuildHost(stage, new InlineStageDispatcher());
        var runId = await StartAsync(host);

        Assert.IsType<TimeoutException>(await DeliverAsync(host, runId));
        await using (var db = database.CreateContext())
            Assert.Equal(RunStatus.Running, (await db.PipelineRuns.SingleAsync(r => r.Id == runId)).Status);

        Assert.Null(await DeliverAsync(host, runId));
        await using var check = database.CreateContext();
        Assert.Equal(RunStatus.Succeeded, (await check.PipelineRuns.SingleAsync(r => r.Id == runId)).Status);
    }

    [Fact]
    public async Task RunPartitionAsync_FailsTheRun_WhenATransientFailureOutlastsTheRetries()
    {
        var stage = new FailingStage(() => new TimeoutException("The database did not answer in time."), failures: int.MaxValue);
        using var host = BuildHost(stage, new InlineStageDispatcher());
        var runId = await StartAsync(host);

        for (var attempt = 1; attempt <= PipelineCoordinator.PartitionAttempts; attempt++)
            Assert.IsType<TimeoutException>(await DeliverAsync(host, runId));

        await using var db = database.CreateContext();
        var run = await db.PipelineRuns.SingleAsync(r => r.Id == runId);
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal("failing[0]: The database did not answer in time.", run.Error);
        Assert.Equal(PipelineCoordinator.PartitionAttempts, stage.Executions);
    }

    [Fact]
    public async Task InlinePipeline_FailsTheRunAtOnce_WhenAPartitionFailsEvenTransiently()
    {
        // In-process nobody retries: `forecast run` and `forecast reminders build` must not leave a run behind them.
        var stage = new FailingStage(() => new TimeoutException("The database did not answer in time."), failures: 1);
        using var host = BuildHost(stage, inline: true);
        var pipeline = host.Services.GetRequiredService<InlinePipeline>();

        var error = await Assert.ThrowsAsync<PartitionFailedException>(() => pipeline.RunAsync(AsOf, [FailingStage.StageName], "cli", null, null, default));

        await using (var db = database.CreateContext())
        {
            var run = await db.PipelineRuns.SingleAsync(r => r.Id == error.RunId);
            Assert.Equal(RunStatus.Failed, run.Status);
            Assert.Contains("did not answer in time", run.Error, StringComparison.Ordinal);
        }
        var next = await pipeline.RunAsync(AsOf, [FailingStage.StageName], "cli", null, null, default);
        Assert.Equal(RunStatus.Succeeded, next.Status);
    }
}
