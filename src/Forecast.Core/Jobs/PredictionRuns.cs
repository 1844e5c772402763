using Forecast.Core.Data;
using Forecast.Core.ModelStore;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.Jobs;

/// <summary>
/// The life of a <see cref="PredictionRun"/>, and the one way to find the run a reader should use. A stage's
/// partitions write their rows under the prediction run of their pipeline run (<see cref="ForStageAsync"/>); the run
/// stays <see cref="RunStatus.Running"/> until the <see cref="PipelineCoordinator"/> has seen every partition done and
/// calls the stage's <see cref="IPipelineStage.CompleteAsync"/>, which publishes it (<see cref="SucceedAsync"/>).
/// Readers ask for <see cref="LatestSucceededAsync"/>, so a page never shows a run being written.
/// </summary>
public sealed class PredictionRuns(ForecastDbContext db, TimeProvider time)
{
    /// <summary>
    /// The prediction run of <paramref name="kind"/> within the pipeline run: created by whichever partition asks
    /// first (under an advisory lock, so two workers make one), found by the others and by a re-run partition.
    /// </summary>
    public async Task<PredictionRun> ForStageAsync(string kind, PipelineRunContext run, CancellationToken cancellationToken)
    {
        var existing = await db.PredictionRuns.AsNoTracking().SingleOrDefaultAsync(r => r.PipelineRunId == run.RunId && r.Kind == kind, cancellationToken);
        if (existing is not null)
            return existing;

        var ownTransaction = db.Database.CurrentTransaction is null;
        await using var transaction = ownTransaction ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await AdvisoryLock.AcquireAsync(db.Database, AdvisoryLockClass.PredictionRun, run.RunId, cancellationToken);
        existing = await db.PredictionRuns.AsNoTracking().SingleOrDefaultAsync(r => r.PipelineRunId == run.RunId && r.Kind == kind, cancellationToken);
        if (existing is not null)
            return existing;
        var created = new PredictionRun
        {
            Kind = kind, AsOf = run.AsOf, PipelineRunId = run.RunId, StartedAt = time.GetUtcNow(), Status = RunStatus.Running,
        };
        db.PredictionRuns.Add(created);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(created).State = EntityState.Detached;
        if (transaction is not null)
            await transaction.CommitAsync(cancellationToken);
        return created;
    }

    /// <summary>The prediction run of <paramref name="kind"/> within the pipeline run, or null when its stage wrote nothing.</summary>
    public Task<PredictionRun?> OfPipelineRunAsync(string kind, long pipelineRunId, CancellationToken cancellationToken) =>
        db.PredictionRuns.AsNoTracking().SingleOrDefaultAsync(r => r.PipelineRunId == pipelineRunId && r.Kind == kind, cancellationToken);

    /// <summary>
    /// Publishes a run: readers see it from now on. Earlier finished runs of the same kind and as-of date are removed
    /// with their rows (a re-run replaces a run; two runs of one day are never mixed). Call it from
    /// <see cref="IPipelineStage.CompleteAsync"/>, inside the coordinator's transaction.
    /// </summary>
    /// <param name="predictionRunId">The run.</param>
    /// <param name="items">What it made (products, pairs, deals...); null keeps what the partitions recorded.</param>
    /// <param name="metricsJson">Its summary metrics as JSON; null keeps what the partitions recorded.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    public async Task SucceedAsync(long predictionRunId, long? items, string? metricsJson, CancellationToken cancellationToken)
    {
        var run = await db.PredictionRuns.SingleAsync(r => r.Id == predictionRunId, cancellationToken);
        run.Status = RunStatus.Succeeded;
        run.FinishedAt = time.GetUtcNow();
        run.Error = null;
        if (items is { } n)
            run.Items = n;
        if (metricsJson is not null)
            run.MetricsJson = metricsJson;
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(run).State = EntityState.Detached;
        await db.PredictionRuns
            .Where(r => r.Kind == run.Kind && r.AsOf == run.AsOf && r.Id != run.Id && r.Status != RunStatus.Running)
            .ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Marks the unfinished prediction runs of an abandoned or failed pipeline run as failed, so nobody waits for them.</summary>
    public Task<int> FailUnfinishedAsync(long pipelineRunId, string error, CancellationToken cancellationToken) =>
        db.PredictionRuns.Where(r => r.PipelineRunId == pipelineRunId && r.Status == RunStatus.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RunStatus.Failed)
                .SetProperty(r => r.Error, error)
                .SetProperty(r => r.FinishedAt, time.GetUtcNow()), cancellationToken);

    /// <summary>
    /// The run a reader uses: the latest succeeded run of <paramref name="kind"/> made as of
    /// <paramref name="onOrBefore"/> or earlier (any date when null), the newest as-of date first, then the newest run.
    /// </summary>
    public Task<PredictionRun?> LatestSucceededAsync(string kind, DateOnly? onOrBefore, CancellationToken cancellationToken) =>
        LatestSucceeded(db, kind, onOrBefore).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The same as a query, for readers that join on it.</summary>
    public static IQueryable<PredictionRun> LatestSucceeded(ForecastDbContext db, string kind, DateOnly? onOrBefore)
    {
        ArgumentNullException.ThrowIfNull(db);
        var runs = db.PredictionRuns.AsNoTracking().Where(r => r.Kind == kind && r.Status == RunStatus.Succeeded);
        if (onOrBefore is { } day)
            runs = runs.Where(r => r.AsOf <= day);
        return runs.OrderByDescending(r => r.AsOf).ThenByDescending(r => r.Id).Take(1);
    }

    /// <summary>The latest run of each kind whatever its status (the admin page shows the one being written, or why it failed).</summary>
    public async Task<IReadOnlyList<PredictionRun>> LatestOfEachKindAsync(CancellationToken cancellationToken)
    {
        var latest = await db.PredictionRuns.AsNoTracking().GroupBy(r => r.Kind).Select(g => g.Max(r => r.Id)).ToListAsync(cancellationToken);
        return await db.PredictionRuns.AsNoTracking().Where(r => latest.Contains(r.Id)).OrderBy(r => r.Kind).ToListAsync(cancellationToken);
    }
}
