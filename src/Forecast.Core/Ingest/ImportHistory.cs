using System.Text.Json;
using Forecast.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.Ingest;

/// <summary>One import run with its report (null when the stored report cannot be read).</summary>
public sealed record ImportRunView(ImportRun Run, ImportReport? Report);

/// <summary>Import history for the admin page and the API.</summary>
public sealed class ImportHistory(ForecastDbContext db)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The latest runs, newest first, without their reports.</summary>
    public Task<List<ImportRun>> RecentAsync(int skip, int take, CancellationToken cancellationToken) =>
        db.ImportRuns.AsNoTracking().OrderByDescending(r => r.Id).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500))
            .Select(r => new ImportRun
            {
                Id = r.Id, System = r.System, Source = r.Source, StartedAt = r.StartedAt, FinishedAt = r.FinishedAt, Status = r.Status,
                RowsRead = r.RowsRead, RowsInserted = r.RowsInserted, RowsUpdated = r.RowsUpdated, RowsUnchanged = r.RowsUnchanged,
                RowsSkipped = r.RowsSkipped, ErrorCount = r.ErrorCount,
            })
            .ToListAsync(cancellationToken);

    public async Task<ImportRunView?> GetAsync(long id, CancellationToken cancellationToken)
    {
        var run = await db.ImportRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (run is null)
            return null;
        ImportReport? report;
        try
        {
            report = JsonSerializer.Deserialize<ImportReport>(run.ReportJson, Json);
        }
        catch (JsonException)
        {
            report = null;
        }
        return new ImportRunView(run, report);
    }
}
