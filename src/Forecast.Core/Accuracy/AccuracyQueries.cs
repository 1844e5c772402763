using System.Text.Json;
using Forecast.Core.Data;
using Forecast.Core.Demand;
using Forecast.Core.Jobs;
using Forecast.Modeling.Evaluation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Accuracy;

/// <summary>
/// A <see cref="ScoreSummary"/> for pages and JSON: undefined measures are null rather than NaN. Bias is forecast −
/// actual (positive: the forecast was too high); <see cref="BiasPercent"/> is it as a share of actual demand.
/// </summary>
public sealed record AccuracyMeasures(int Count, double Forecast, double Actual, double? Bias, double? BiasPercent, double? Mae, double? Mase, double? Coverage80)
{
    public static AccuracyMeasures From(ScoreSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Count, s.Forecast, s.Actual, Finite(s.MeanError), Finite(s.BiasShare), Finite(s.Mae), Finite(s.Mase), Finite(s.Coverage80));
    }

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;
}

/// <summary>One week (period) of a family or of all products.</summary>
public sealed record AccuracyWeek(DateOnly PeriodStart, AccuracyMeasures Measures);

/// <summary>The drift rule's verdict for one family (or all products): recent and trailing MASE, and whether it drifted.</summary>
public sealed record DriftStatus(double? RecentMase, double? TrailingMase, double? Ratio, bool Drifted);

/// <summary>A family's (or all products', <see cref="Family"/> null) accuracy by week, over the window, and its drift.</summary>
public sealed record FamilyAccuracy(string? Family, IReadOnlyList<AccuracyWeek> Weeks, AccuracyMeasures Total, DriftStatus Drift);

/// <summary>A product's accuracy over the window.</summary>
public sealed record ProductAccuracyRow(long ProductId, string Sku, string Name, string? Family, AccuracyMeasures Measures);

/// <summary>Accuracy over time at one horizon step: per family and overall, by week, and the worst products.</summary>
public sealed record AccuracyOverview(
    DateOnly? AsOf,
    int Step,
    int MaxStep,
    DemandGranularity Granularity,
    IReadOnlyList<DateOnly> Weeks,
    FamilyAccuracy Overall,
    IReadOnlyList<FamilyAccuracy> Families,
    IReadOnlyList<ProductAccuracyRow> Worst);

/// <summary>One scored forecast of a product: what was forecast (when, how far ahead) and what happened.</summary>
public sealed record ProductAccuracyWeek(DateOnly PeriodStart, DateOnly ForecastAsOf, int Step, double Forecast, double P10, double P90, double Actual, double? ScaledError);

/// <summary>A product's forecasts against actuals by week at one horizon step.</summary>
public sealed record ProductAccuracyView(long ProductId, string Sku, string Name, string? Family, DateOnly? AsOf, int Step, AccuracyMeasures Measures, IReadOnlyList<ProductAccuracyWeek> Weeks);

/// <summary>A drift the last accuracy run recorded: the family (null: all products) and its MASE levels.</summary>
public sealed record DriftAlert(string? Family, double RecentMase, double TrailingMase, double Ratio, DateOnly AsOf);

/// <summary>Reads forecast scores for the accuracy page, its API and the drift alert.</summary>
public sealed class AccuracyQueries(ForecastDbContext db, IOptions<AccuracyOptions> options, IOptions<DemandOptions> demandOptions)
{
    /// <summary>The property of the accuracy run's metrics that lists the families that drifted.</summary>
    public const string DriftKey = "drift";

    /// <summary>
    /// Accuracy as of the latest accuracy run, at horizon <paramref name="step"/>, over the last <paramref name="weeks"/>
    /// complete periods; <paramref name="worst"/> products with the highest MASE.
    /// </summary>
    public async Task<AccuracyOverview> OverviewAsync(int step, int weeks, int worst, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var granularity = demandOptions.Value.Granularity;
        var maxStep = demandOptions.Value.Horizon;
        step = Math.Clamp(step, 1, maxStep);
        weeks = Math.Clamp(weeks, 1, 260);
        var asOf = await LatestAsOfAsync(cancellationToken);
        if (asOf is null)
        {
            var empty = new FamilyAccuracy(null, [], AccuracyMeasures.From(ScoreSummary.Of([])), new DriftStatus(null, null, null, false));
            return new AccuracyOverview(null, step, maxStep, granularity, [], empty, [], []);
        }
        var span = Math.Max(weeks, o.RecentWeeks + o.TrailingWeeks);
        var (periods, rows) = await LoadAsync(asOf.Value, step, span, null, cancellationToken);
        var shown = periods.TakeLast(weeks).ToList();
        var shownFrom = shown[0];

        FamilyAccuracy Family(string? family, IEnumerable<ScoreRow> familyRows)
        {
            var byWeek = familyRows.ToLookup(r => r.PeriodStart);
            var weekly = periods.Select(p => (Week: p, Summary: ScoreSummary.Of(byWeek[p].Select(r => r.Scored)))).ToList();
            var drift = DriftRule.Evaluate(weekly.Select(w => w.Summary.Mase).ToList(), o.DriftFactor, o.RecentWeeks, o.TrailingWeeks, o.MinTrailingWeeks);
            return new FamilyAccuracy(family,
                weekly.Where(w => w.Week >= shownFrom).Select(w => new AccuracyWeek(w.Week, AccuracyMeasures.From(w.Summary))).ToList(),
                AccuracyMeasures.From(ScoreSummary.Of(familyRows.Where(r => r.PeriodStart >= shownFrom).Select(r => r.Scored))),
                Status(drift));
        }

        var overall = Family(null, rows);
        var families = rows.Where(r => r.Family is not null).GroupBy(r => r.Family!).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Family(g.Key, g)).ToList();
        var worstRows = rows.Where(r => r.PeriodStart >= shownFrom).GroupBy(r => r.ProductId)
            .Select(g => (First: g.First(), Summary: ScoreSummary.Of(g.Select(r => r.Scored))))
            .Where(p => double.IsFinite(p.Summary.Mase))
            .OrderByDescending(p => p.Summary.Mase).ThenBy(p => p.First.Sku, StringComparer.Ordinal)
            .Take(Math.Clamp(worst, 0, 100))
            .Select(p => new ProductAccuracyRow(p.First.ProductId, p.First.Sku, p.First.Name, p.First.Family, AccuracyMeasures.From(p.Summary)))
            .ToList();
        return new AccuracyOverview(asOf, step, maxStep, granularity, shown, overall, families, worstRows);
    }

    /// <summary>One product's scored forecasts at <paramref name="step"/> over the last <paramref name="weeks"/> periods; null when the product does not exist.</summary>
    public async Task<ProductAccuracyView?> ProductAsync(long productId, int step, int weeks, CancellationToken cancellationToken)
    {
        var product = await db.Products.AsNoTracking().Where(p => p.Id == productId).Select(p => new { p.Sku, p.Name, p.Family }).SingleOrDefaultAsync(cancellationToken);
        if (product is null)
            return null;
        step = Math.Clamp(step, 1, demandOptions.Value.Horizon);
        weeks = Math.Clamp(weeks, 1, 260);
        var asOf = await LatestAsOfAsync(cancellationToken);
        if (asOf is null)
            return new ProductAccuracyView(productId, product.Sku, product.Name, product.Family, null, step, AccuracyMeasures.From(ScoreSummary.Of([])), []);
        var (_, rows) = await LoadAsync(asOf.Value, step, weeks, productId, cancellationToken);
        var ordered = rows.OrderBy(r => r.PeriodStart).ThenBy(r => r.ForecastAsOf).ToList();
        return new ProductAccuracyView(productId, product.Sku, product.Name, product.Family, asOf, step, AccuracyMeasures.From(ScoreSummary.Of(ordered.Select(r => r.Scored))),
            ordered.Select(r => new ProductAccuracyWeek(r.PeriodStart, r.ForecastAsOf, step, r.Scored.Forecast, r.Scored.Lower80, r.Scored.Upper80, r.Scored.Actual,
                double.IsFinite(r.Scored.ScaledError) ? r.Scored.ScaledError : null)).ToList());
    }

    /// <summary>The drift rule per family and overall as of <paramref name="asOf"/> at the configured step (what the accuracy stage records).</summary>
    public async Task<IReadOnlyList<(string? Family, DriftCheck Check)>> DriftAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var step = Math.Min(o.DriftStep, demandOptions.Value.Horizon);
        var (periods, rows) = await LoadAsync(asOf, step, o.RecentWeeks + o.TrailingWeeks, null, cancellationToken);
        DriftCheck Check(IEnumerable<ScoreRow> r)
        {
            var byWeek = r.ToLookup(x => x.PeriodStart);
            return DriftRule.Evaluate(periods.Select(p => ScoreSummary.Of(byWeek[p].Select(x => x.Scored)).Mase).ToList(), o.DriftFactor, o.RecentWeeks, o.TrailingWeeks, o.MinTrailingWeeks);
        }
        var result = new List<(string?, DriftCheck)> { (null, Check(rows)) };
        result.AddRange(rows.Where(r => r.Family is not null).GroupBy(r => r.Family!).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => ((string?)g.Key, Check(g))));
        return result;
    }

    /// <summary>The drifts recorded by the latest published accuracy run (none when it recorded none, or there is no run).</summary>
    public async Task<IReadOnlyList<DriftAlert>> AlertsAsync(CancellationToken cancellationToken)
    {
        var run = await PredictionRuns.LatestSucceeded(db, AccuracyStage.RunKind, null).Select(r => new { r.AsOf, r.MetricsJson }).FirstOrDefaultAsync(cancellationToken);
        return run is null ? [] : ParseAlerts(run.MetricsJson, run.AsOf);
    }

    /// <summary>Reads back the drift list <see cref="AccuracyStage"/> writes into its run's metrics.</summary>
    public static IReadOnlyList<DriftAlert> ParseAlerts(string metricsJson, DateOnly asOf)
    {
        using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(metricsJson) ? "{}" : metricsJson);
        if (!doc.RootElement.TryGetProperty(DriftKey, out var drift) || drift.ValueKind != JsonValueKind.Object)
            return [];
        return drift.EnumerateObject().Select(p => new DriftAlert(p.Name == AccuracyStage.OverallKey ? null : p.Name,
            p.Value.GetProperty("recentMase").GetDouble(), p.Value.GetProperty("trailingMase").GetDouble(), p.Value.GetProperty("ratio").GetDouble(), asOf)).ToList();
    }

    private async Task<DateOnly?> LatestAsOfAsync(CancellationToken cancellationToken) =>
        await PredictionRuns.LatestSucceeded(db, AccuracyStage.RunKind, null).Select(r => (DateOnly?)r.AsOf).FirstOrDefaultAsync(cancellationToken);

    private sealed record ScoreRow(long ProductId, string Sku, string Name, string? Family, DateOnly PeriodStart, DateOnly ForecastAsOf, ScoredForecast Scored);

    /// <summary>The <paramref name="periods"/> complete periods before <paramref name="asOf"/>'s first incomplete one, and the scores of their forecasts at <paramref name="step"/>.</summary>
    private async Task<(IReadOnlyList<DateOnly> Periods, List<ScoreRow> Rows)> LoadAsync(DateOnly asOf, int step, int periods, long? productId, CancellationToken cancellationToken)
    {
        var g = demandOptions.Value.Granularity;
        var end = DemandSeriesBuilder.FirstForecastPeriod(asOf, g);
        var starts = Enumerable.Range(1, periods).Reverse().Select(k => DemandSeriesBuilder.Next(end, g, -k)).ToList();
        var from = starts[0];
        var query = db.Set<ForecastScore>().AsNoTracking().Where(s => s.Step == step && s.PeriodStart >= from && s.PeriodStart < end && s.ForecastAsOf < asOf);
        if (productId is { } id)
            query = query.Where(s => s.ProductId == id);
        var rows = await query
            .Select(s => new { s.ProductId, s.Product!.Sku, s.Product.Name, s.Product.Family, s.PeriodStart, s.ForecastAsOf, s.Forecast, s.Actual, s.P10, s.P90, s.NaiveScale })
            .ToListAsync(cancellationToken);
        return (starts, rows.Select(r => new ScoreRow(r.ProductId, r.Sku, r.Name, string.IsNullOrWhiteSpace(r.Family) ? null : r.Family, r.PeriodStart, r.ForecastAsOf,
            new ScoredForecast(r.Forecast, r.Actual, r.P10, r.P90, r.NaiveScale ?? double.NaN))).ToList());
    }

    private static DriftStatus Status(DriftCheck d) =>
        new(double.IsFinite(d.RecentMase) ? d.RecentMase : null, double.IsFinite(d.TrailingMase) ? d.TrailingMase : null, double.IsFinite(d.Ratio) ? d.Ratio : null, d.Drifted);
}
