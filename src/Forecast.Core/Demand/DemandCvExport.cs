using System.Globalization;
using Forecast.Core.Data;
using Forecast.Core.Formatting;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.Demand;

/// <summary>
/// A published demand run's cross-validation rows as statsforecast's long format (<c>cross_validation</c>'s output):
/// one line per product, cutoff and target period with <c>unique_id</c> (the SKU), <c>ds</c>, <c>cutoff</c>, <c>y</c>,
/// one column per candidate, then <c>auto</c> (the outer split's forecast, empty in the windows that only chose) and
/// <c>auto_model</c> (what the outer split served there). The same file for the CLI and the planners' API.
/// </summary>
public sealed class DemandCvExport(ForecastDbContext db)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The latest published demand run, or null.</summary>
    public Task<long?> LatestRunIdAsync(CancellationToken cancellationToken) =>
        PredictionRuns.LatestSucceeded(db, DemandForecastJob.Kind, null).Select(r => (long?)r.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>True when <paramref name="runId"/> is a published demand run (a run being written is nobody's to read).</summary>
    public Task<bool> IsPublishedAsync(long runId, CancellationToken cancellationToken) =>
        db.PredictionRuns.AnyAsync(r => r.Id == runId && r.Kind == DemandForecastJob.Kind && r.Status == RunStatus.Succeeded, cancellationToken);

    /// <summary>The product with SKU <paramref name="sku"/>, or null.</summary>
    public Task<long?> ProductIdAsync(string sku, CancellationToken cancellationToken) =>
        db.Products.Where(p => p.Sku == sku).Select(p => (long?)p.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Writes the run's rows (one product's with <paramref name="productId"/>) to <paramref name="stream"/>, reading them
    /// in order rather than all at once (a run of thousands of products holds about a million rows). Returns the lines written.
    /// </summary>
    public async Task<long> WriteCsvAsync(Stream stream, long runId, long? productId, bool byteOrderMark, CancellationToken cancellationToken)
    {
        var rows = db.DemandCvRows.AsNoTracking().Where(r => r.PredictionRunId == runId);
        if (productId is { } id)
            rows = rows.Where(r => r.ProductId == id);
        var candidates = await rows.Where(r => !r.IsOuter).Select(r => r.Candidate).Distinct().OrderBy(c => c).ToListAsync(cancellationToken);
        var column = candidates.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => 4 + x.i, StringComparer.Ordinal);
        var auto = 4 + candidates.Count;
        var ordered = rows
            .Join(db.Products, r => r.ProductId, p => p.Id, (r, p) => new { p.Sku, r.ProductId, r.Candidate, r.Cutoff, r.Target, r.Actual, r.Forecast, r.IsOuter })
            .OrderBy(r => r.ProductId).ThenBy(r => r.Cutoff).ThenBy(r => r.Target).ThenBy(r => r.IsOuter).ThenBy(r => r.Candidate)
            .AsAsyncEnumerable();

        using var csv = new CsvExport(stream, ["unique_id", "ds", "cutoff", "y", .. candidates, "auto", "auto_model"], byteOrderMark, leaveOpen: true);
        string[]? line = null;
        (long Product, DateOnly Cutoff, DateOnly Target) key = default;
        await foreach (var r in ordered.WithCancellation(cancellationToken))
        {
            if (line is null || key != (r.ProductId, r.Cutoff, r.Target))
            {
                if (line is not null)
                    csv.Row(line);
                key = (r.ProductId, r.Cutoff, r.Target);
                line = [.. Enumerable.Repeat("", auto + 2)];
                line[0] = r.Sku;
                line[1] = r.Target.ToString("yyyy-MM-dd", Invariant);
                line[2] = r.Cutoff.ToString("yyyy-MM-dd", Invariant);
                line[3] = Number(r.Actual);
            }
            var forecast = r.Forecast is { } f ? Number(f) : "";
            if (r.IsOuter)
            {
                line[auto] = forecast;
                line[auto + 1] = r.Candidate;
            }
            else
            {
                line[column[r.Candidate]] = forecast;
            }
        }
        if (line is not null)
            csv.Row(line);
        return csv.Rows;
    }

    // Round-trip format: an auditor recomputing an error from the file gets the stored figure, not a rounded one.
    private static string Number(double value) => value.ToString("R", Invariant);
}
