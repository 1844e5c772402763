using Forecast.Core.Data;
using Forecast.Core.ModelStore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Forecast.Core.Jobs;

/// <summary>A run is already going; starting another would train concurrently with itself.</summary>
public sealed class PipelineBusyException(string message) : Exception(message);

/// <summary>
/// Fans a run's stages out into partitions and starts the next stage once every partition of the current one
/// is done. All bookkeeping lives in PostgreSQL, so any number of worker processes can share a run and a
/// crashed worker's partition is picked up again (after its lease) without being processed twice.
/// </summary>
public sealed partial class PipelineCoordinator(
    ForecastDbContext db,
    IEnumerable<IPipelineStage> stages,
    IStageDispatcher dispatcher,
    BusinessCalendar calendar,
    PredictionRuns predictionRuns,
    TimeProvider time,
    IOptions<ScheduleOptions> schedule,
    ILogger<PipelineCoordinator> log)
{
    /// <summary>The nightly order. Stages that are not registered in this build are skipped.</summary>
    public static readonly string[] NightlyStages = ["import", "customers", "win-probability", "demand", "accuracy", "reorder", "inventory"];

    /// <summary>The stage that brings new data in: a run whose as-of date comes from the data decides it again after it.</summary>
    public const string ImportStage = "import";

    /// <summary>
    /// Times a partition is tried before its run fails: the first run and Hangfire's retries
    /// (<see cref="PipelineJobs.RunPartitionAsync"/>). Only transient failures are retried at all.
    /// </summary>
    public const int PartitionAttempts = 4;

    private static readonly string WorkerName = $"{Environment.MachineName}:{Environment.ProcessId}";

    public IReadOnlyList<IPipelineStage> RegisteredStages { get; } = stages.ToList();

    public IPipelineStage Stage(string name) =>
        RegisteredStages.FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"Unknown stage '{name}'. Stages: {string.Join(", ", RegisteredStages.Select(s => s.Name))}.", nameof(name));

    /// <summary>
    /// Starts a run as of <paramref name="asOf"/>, or, when null, as of the last day with data (<see cref="BusinessCalendar"/>),
    /// decided again after the run's import stage. A date after today is refused.
    /// </summary>
    public async Task<PipelineRun> StartAsync(DateOnly? asOf, IReadOnlyList<string> stageNames, string trigger, CancellationToken cancellationToken)
    {
        var date = await calendar.ResolveAsOfAsync(asOf, cancellationToken);
        return await StartAsync(date, asOf is null, stageNames, trigger, cancellationToken);
    }

    private async Task<PipelineRun> StartAsync(DateOnly asOf, bool asOfFromData, IReadOnlyList<string> stageNames, string trigger, CancellationToken cancellationToken)
    {
        var planned = stageNames.Where(n => RegisteredStages.Any(s => s.Name == n)).ToArray();
        foreach (var unknown in stageNames.Where(n => stageNames.Count == 1 && !planned.Contains(n)))
            Stage(unknown); // throws with the list of known stages
        if (planned.Length == 0)
            throw new InvalidOperationException("No pipeline stage is registered in this build.");

        var now = time.GetUtcNow();
        var lease = TimeSpan.FromMinutes(schedule.Value.PartitionLeaseMinutes);
        foreach (var running in await db.Set<PipelineRun>().Where(r => r.Status == RunStatus.Running).ToListAsync(cancellationToken))
        {
            var lastActivity = await db.Set<StagePartition>().Where(p => p.PipelineRunId == running.Id)
                .MaxAsync(p => p.FinishedAt > p.ClaimedAt ? p.FinishedAt : p.ClaimedAt, cancellationToken) ?? running.StartedAt;
            if (now - lastActivity < lease)
                throw new PipelineBusyException(
                    $"Pipeline run {running.Id} (as of {running.AsOf:yyyy-MM-dd}, started {running.StartedAt:u}) is still running; wait for it or look at the Hangfire dashboard.");
            running.Status = RunStatus.Failed;
            running.FinishedAt = now;
            running.Error = $"Abandoned: no progress since {lastActivity:u}.";
            await predictionRuns.FailUnfinishedAsync(running.Id, $"Pipeline run {running.Id} abandoned.", cancellationToken);
        }

        var run = new PipelineRun
        {
            AsOf = asOf, AsOfFromData = asOfFromData && planned[0] == ImportStage, Stages = planned, Trigger = trigger, StartedAt = now, Status = RunStatus.Running,
        };
        db.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        LogRunStarted(run.Id, asOf, string.Join(" -> ", planned), trigger);
        var partitions = await PlanStageAsync(run, planned[0], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        Dispatch(run.Id, planned[0], partitions);
        return run;
    }

    public async Task RunPartitionAsync(long runId, string stageName, int partition, CancellationToken cancellationToken)
    {
        var stage = Stage(stageName);
        var now = time.GetUtcNow();
        var staleBefore = now - TimeSpan.FromMinutes(schedule.Value.PartitionLeaseMinutes);
        // The claim is one atomic UPDATE: of two workers given the same partition, exactly one gets a row back.
        // A partition of a run that has failed is not run again: its retry would only redo work nobody will use.
        var claimed = await db.Database.SqlQuery<int>($"""
            UPDATE core.stage_partitions
               SET status = 'Running', claimed_by = {WorkerName}, claimed_at = {now}, attempts = attempts + 1, error = NULL
             WHERE pipeline_run_id = {runId} AND stage = {stageName} AND partition = {partition}
               AND (status IN ('Pending', 'Failed') OR (status = 'Running' AND claimed_at < {staleBefore}))
               AND EXISTS (SELECT 1 FROM core.pipeline_runs r WHERE r.id = {runId} AND r.status = 'Running')
            RETURNING partition_count AS "Value"
            """).ToListAsync(cancellationToken);
        if (claimed.Count == 0)
        {
            LogPartitionSkipped(runId, stageName, partition);
            // A retried job whose partition is done may be the one whose completion of the stage failed: try again.
            await TryAdvanceAsync(runId, stageName, cancellationToken);
            return;
        }

        var run = await db.Set<PipelineRun>().AsNoTracking().SingleAsync(r => r.Id == runId, cancellationToken);
        var context = new PipelineRunContext(run.Id, run.AsOf);
        try
        {
            await stage.RunPartitionAsync(context, partition, claimed[0], cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await SetPartitionAsync(runId, stageName, partition, PartitionStatus.Pending, null, CancellationToken.None);
            throw;
        }
        catch (Exception ex)
        {
            await SetPartitionAsync(runId, stageName, partition, PartitionStatus.Failed, $"{ex.GetType().Name}: {ex.Message}", CancellationToken.None);
            var error = $"{stageName}[{partition}]: {ex.Message}";
            var attempts = await db.Set<StagePartition>()
                .Where(p => p.PipelineRunId == runId && p.Stage == stageName && p.Partition == partition)
                .Select(p => p.Attempts).SingleAsync(CancellationToken.None);
            if (IsTransient(ex) && attempts < PartitionAttempts)
            {
                // The database or the network blinked: Hangfire runs the partition again, and the run waits for it.
                await db.Set<PipelineRun>().Where(r => r.Id == runId)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.Error, error), CancellationToken.None);
                LogPartitionRetried(runId, stageName, partition, attempts, ex.Message);
            }
            else
            {
                await FailRunAsync(runId, error, CancellationToken.None);
            }
            throw;
        }

        await SetPartitionAsync(runId, stageName, partition, PartitionStatus.Done, null, cancellationToken);
        LogPartitionDone(runId, stageName, partition, claimed[0]);
        await TryAdvanceAsync(runId, stageName, cancellationToken);
    }

    /// <summary>
    /// Ends a run as failed now, with its error, and the prediction runs it was writing with it, so the next
    /// <c>forecast run</c> or <c>reminders build</c> starts at once instead of waiting out the partition lease.
    /// A run that already ended is left as it is.
    /// </summary>
    public async Task FailRunAsync(long runId, string error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var failed = await db.Set<PipelineRun>().Where(r => r.Id == runId && r.Status == RunStatus.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RunStatus.Failed)
                .SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.Error, error), cancellationToken);
        if (failed == 0)
            return;
        await predictionRuns.FailUnfinishedAsync(runId, $"Pipeline run {runId} failed: {error}", cancellationToken);
        LogRunFailed(runId, error);
    }

    /// <summary>
    /// Failures worth a retry: a lost connection or a timeout may pass, a broken template or bad data will not.
    /// Anything else fails the run at once.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        TimeoutException => true,
        NpgsqlException npgsql => npgsql.IsTransient,
        DbUpdateException { InnerException: { } inner } => IsTransient(inner),
        InvalidOperationException { InnerException: { } inner } => IsTransient(inner),
        _ => false,
    };

    /// <summary>The run as it stands now.</summary>
    public Task<PipelineRun> FindAsync(long runId, CancellationToken cancellationToken) =>
        db.Set<PipelineRun>().AsNoTracking().SingleAsync(r => r.Id == runId, cancellationToken);

    /// <summary>How many partitions a stage of the run was split into (0 when not planned yet).</summary>
    public Task<int> PartitionCountAsync(long runId, string stage, CancellationToken cancellationToken) =>
        db.Set<StagePartition>().Where(p => p.PipelineRunId == runId && p.Stage == stage).CountAsync(cancellationToken);

    /// <summary>Re-dispatches partitions nobody picked up, or whose worker died, so a run never hangs.</summary>
    public async Task<int> RedispatchStaleAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var staleBefore = now - TimeSpan.FromMinutes(schedule.Value.PartitionLeaseMinutes);
        var stale = await db.Set<StagePartition>()
            .Where(p => db.Set<PipelineRun>().Any(r => r.Id == p.PipelineRunId && r.Status == RunStatus.Running))
            .Where(p => (p.Status == PartitionStatus.Pending && p.DispatchedAt < staleBefore)
                        || (p.Status == PartitionStatus.Running && p.ClaimedAt < staleBefore))
            .ToListAsync(cancellationToken);
        foreach (var p in stale)
        {
            // Its worker is presumed dead: give the partition back, and remember when, so the watchdog does not re-send it each time.
            p.Status = PartitionStatus.Pending;
            p.DispatchedAt = now;
        }
        await db.SaveChangesAsync(cancellationToken);
        foreach (var p in stale)
            dispatcher.Dispatch(p.PipelineRunId, p.Stage, p.Partition);
        return stale.Count;
    }

    private async Task TryAdvanceAsync(long runId, string stageName, CancellationToken cancellationToken)
    {
        string? nextStage;
        int nextPartitions;
        await using (var tx = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // Row lock on the run: of the workers finishing the last partitions at the same moment, one advances.
            var run = await db.Set<PipelineRun>()
                .FromSqlInterpolated($"SELECT * FROM core.pipeline_runs WHERE id = {runId} FOR UPDATE")
                .SingleAsync(cancellationToken);
            var unfinished = await db.Set<StagePartition>()
                .AnyAsync(p => p.PipelineRunId == runId && p.Stage == stageName && p.Status != PartitionStatus.Done, cancellationToken);
            if (unfinished || run.Status != RunStatus.Running)
                return;

            var index = Array.IndexOf(run.Stages, stageName);
            nextStage = index + 1 < run.Stages.Length ? run.Stages[index + 1] : null;
            if (nextStage is not null && await db.Set<StagePartition>().AnyAsync(p => p.PipelineRunId == runId && p.Stage == nextStage, cancellationToken))
                return;

            // Exactly one caller gets here per stage: it publishes the stage's output before anything reads it.
            await Stage(stageName).CompleteAsync(new PipelineRunContext(run.Id, run.AsOf), cancellationToken);
            LogStageCompleted(runId, stageName);
            if (stageName == ImportStage && run.AsOfFromData)
            {
                // The night's exports are in: the run is as of the day they reach (never later than today).
                var asOf = await calendar.DefaultAsOfAsync(cancellationToken);
                if (asOf != run.AsOf)
                    LogAsOfMoved(runId, run.AsOf, asOf);
                run.AsOf = asOf;
                run.AsOfFromData = false;
            }
            if (nextStage is null)
            {
                run.Status = RunStatus.Succeeded;
                run.FinishedAt = time.GetUtcNow();
                await db.SaveChangesAsync(cancellationToken);
                await tx.CommitAsync(cancellationToken);
                LogRunFinished(runId, run.AsOf);
                return;
            }
            nextPartitions = await PlanStageAsync(run, nextStage, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        // After the commit: a crash between commit and enqueue leaves Pending partitions the watchdog re-dispatches.
        Dispatch(runId, nextStage, nextPartitions);
    }

    private async Task<int> PlanStageAsync(PipelineRun run, string stageName, CancellationToken cancellationToken)
    {
        var count = Math.Max(1, await Stage(stageName).PlanPartitionsAsync(new PipelineRunContext(run.Id, run.AsOf), cancellationToken));
        var now = time.GetUtcNow();
        for (var p = 0; p < count; p++)
        {
            db.Add(new StagePartition
            {
                PipelineRunId = run.Id, Stage = stageName, Partition = p, PartitionCount = count, Status = PartitionStatus.Pending, DispatchedAt = now,
            });
        }
        return count;
    }

    private void Dispatch(long runId, string stage, int partitions)
    {
        for (var p = 0; p < partitions; p++)
            dispatcher.Dispatch(runId, stage, p);
    }

    private Task SetPartitionAsync(long runId, string stage, int partition, PartitionStatus status, string? error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return db.Set<StagePartition>()
            .Where(p => p.PipelineRunId == runId && p.Stage == stage && p.Partition == partition)
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Status, status)
                .SetProperty(p => p.Error, error)
                .SetProperty(p => p.FinishedAt, status == PartitionStatus.Pending ? null : now), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline run {RunId} as of {AsOf} started ({Stages}, trigger {Trigger})")]
    private partial void LogRunStarted(long runId, DateOnly asOf, string stages, string trigger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pipeline run {RunId} failed: {Error}")]
    private partial void LogRunFailed(long runId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: {Stage} partition {Partition} failed on attempt {Attempt} and will be retried: {Error}")]
    private partial void LogPartitionRetried(long runId, string stage, int partition, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline run {RunId} as of {AsOf} finished")]
    private partial void LogRunFinished(long runId, DateOnly asOf);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: stage {Stage} complete")]
    private partial void LogStageCompleted(long runId, string stage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: the imported data reach {AsOf}, not {Planned}; the run is as of {AsOf}")]
    private partial void LogAsOfMoved(long runId, DateOnly planned, DateOnly asOf);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: {Stage} partition {Partition}/{Count} done")]
    private partial void LogPartitionDone(long runId, string stage, int partition, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: {Stage} partition {Partition} is done or running elsewhere; skipped")]
    private partial void LogPartitionSkipped(long runId, string stage, int partition);
}
