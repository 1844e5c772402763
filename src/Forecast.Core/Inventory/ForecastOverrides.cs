using Forecast.Core.Data;
using Forecast.Core.Demand;
using Forecast.Core.Jobs;
using Forecast.Modeling.Evaluation;
using Forecast.Modeling.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Inventory;

/// <summary>
/// A planner's override of the weeks <see cref="From"/> to <see cref="To"/> (first days of forecast weeks; no
/// <see cref="To"/>: one week): <see cref="Value"/> units per week, or a percentage change of the model's mean.
/// </summary>
public sealed record ForecastOverrideRequest(DateOnly? From, DateOnly? To, ForecastOverrideKind? Kind, double? Value, string? Reason);

/// <summary>
/// One override as the product page and the API show it. <see cref="CurrentModelMean"/> and <see cref="AppliedMean"/>
/// are today's model forecast and what planning uses instead (null once the week has left the forecast); the
/// <c>Then</c> values are the two forecasts when the planner made it, and <see cref="Actual"/> what happened once the week is past.
/// </summary>
public sealed record ForecastOverrideView(
    long Id,
    DateOnly PeriodStart,
    ForecastOverrideKind Kind,
    double Value,
    double? CurrentModelMean,
    double? AppliedMean,
    double ModelMeanThen,
    double OverrideMeanThen,
    string Reason,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    bool Past,
    double? Actual)
{
    /// <summary>|actual − model| − |actual − override| for a past week: positive when the override helped.</summary>
    public double? Gain => Actual is { } a ? new OverrideOutcome(a, ModelMeanThen, OverrideMeanThen).Gain : null;
}

/// <summary>One past overridden week with what happened.</summary>
public sealed record ValueAddedRow(long ProductId, string Sku, string Name, DateOnly PeriodStart, ForecastOverrideKind Kind, double Value,
    double Actual, double Model, double Override, string Reason, string CreatedBy)
{
    public double Gain => new OverrideOutcome(Actual, Model, Override).Gain;
}

/// <summary>Forecast value added of the planners' overrides over the weeks that are past (as of <see cref="AsOf"/>, the last day with data).</summary>
public sealed record ValueAddedReport(DateOnly AsOf, ValueAddedSummary Summary, IReadOnlyList<ValueAddedRow> Rows);

/// <summary>
/// Planners' overrides of the demand forecast: kept per product and week, applied by the inventory projection instead of
/// the model's mean while the week is ahead (quantiles scaled by <see cref="ForecastAdjustment"/>), and measured against
/// what happened once it is past (forecast value added).
/// </summary>
public sealed class ForecastOverrides(ForecastDbContext db, IOptions<DemandOptions> demandOptions, BusinessCalendar calendar, TimeProvider time)
{
    public const int ReasonLength = 500;
    public const double MaxUnits = 1_000_000_000;

    /// <summary>Overrides the weeks asked (all valid, or nothing changes: <see cref="PlannerInputException"/>); a week already overridden is replaced. Returns the weeks written.</summary>
    public async Task<IReadOnlyList<ForecastOverride>> SetAsync(long productId, ForecastOverrideRequest request, string createdBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var granularity = demandOptions.Value.Granularity;
        var errors = new List<InputError>();
        var reason = request.Reason?.Trim() ?? "";
        if (request.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors.Add(new InputError("kind", "Choose units per week or a percentage change."));
            kind = ForecastOverrideKind.Absolute;
        }
        else if (request.Value is not { } v || !double.IsFinite(v))
            errors.Add(new InputError("value", kind == ForecastOverrideKind.Absolute ? "Give the quantity per week." : "Give the percentage change."));
        else if (kind == ForecastOverrideKind.Absolute && (v < 0 || v > MaxUnits))
            errors.Add(new InputError("value", "The quantity per week must be 0 or more."));
        else if (kind == ForecastOverrideKind.Percent && (v < -100 || v > 1000))
            errors.Add(new InputError("value", "The change must be a percentage from -100 to 1000."));
        if (reason.Length == 0 || reason.Length > ReasonLength)
            errors.Add(new InputError("reason", "Give a reason (up to 500 characters)."));

        var from = request.From;
        var to = request.To ?? from;
        if (from is null)
            errors.Add(new InputError("from", "Give the first week."));
        else if (DemandSeriesBuilder.PeriodStart(from.Value, granularity) != from)
            errors.Add(new InputError("from", granularity == DemandGranularity.Week ? "A forecast week starts on a Monday." : "A forecast month starts on the 1st."));
        if (to is { } last && DemandSeriesBuilder.PeriodStart(last, granularity) != last)
            errors.Add(new InputError("to", granularity == DemandGranularity.Week ? "A forecast week starts on a Monday." : "A forecast month starts on the 1st."));
        else if (from is { } first && to < first)
            errors.Add(new InputError("to", "The last week must not be before the first."));

        var product = await db.Products.AsNoTracking().Where(p => p.Id == productId).Select(p => (long?)p.Id).SingleOrDefaultAsync(cancellationToken);
        if (product is null)
            throw new KeyNotFoundException($"No product {productId}.");
        var forecast = await ModelForecastAsync(productId, cancellationToken);
        if (forecast.Count == 0)
            errors.Add(new InputError("from", "This product has no model forecast to override yet."));
        else if (errors.Count == 0 && forecast.Keys.Where(w => w >= from && w <= to).Count() != CountPeriods(from!.Value, to!.Value, granularity))
        {
            errors.Add(new InputError("from", "Only weeks of the current forecast can be overridden: {0} to {1}.",
                forecast.Keys.Min().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                forecast.Keys.Max().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        }
        if (errors.Count > 0)
            throw new PlannerInputException(errors);

        var weeks = forecast.Where(f => f.Key >= from && f.Key <= to).OrderBy(f => f.Key).ToList();
        var keys = weeks.Select(w => w.Key).ToList();
        var existing = await db.Set<ForecastOverride>().Where(o => o.ProductId == productId && keys.Contains(o.PeriodStart)).ToDictionaryAsync(o => o.PeriodStart, cancellationToken);
        var now = time.GetUtcNow();
        var written = new List<ForecastOverride>();
        foreach (var (week, mean) in weeks)
        {
            if (!existing.TryGetValue(week, out var row))
            {
                row = new ForecastOverride { ProductId = productId, PeriodStart = week };
                db.Add(row);
            }
            row.Kind = kind;
            row.Value = request.Value!.Value;
            row.ModelMean = mean;
            row.OverrideMean = kind == ForecastOverrideKind.Absolute ? row.Value : ForecastAdjustment.ByPercent(mean, row.Value);
            row.Reason = reason;
            row.CreatedBy = createdBy;
            row.CreatedAt = now;
            written.Add(row);
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return written;
    }

    /// <summary>
    /// Removes the override of a week still in the forecast (true), or says there is none (false). A past week's override
    /// is kept to measure it: <see cref="PlannerInputException"/>.
    /// </summary>
    public async Task<bool> RemoveAsync(long productId, DateOnly periodStart, CancellationToken cancellationToken)
    {
        var row = await db.Set<ForecastOverride>().SingleOrDefaultAsync(o => o.ProductId == productId && o.PeriodStart == periodStart, cancellationToken);
        if (row is null)
            return false;
        var forecast = await ModelForecastAsync(productId, cancellationToken);
        if (!forecast.ContainsKey(periodStart))
            throw new PlannerInputException([new InputError("week", "A past week's override is kept to measure it and cannot be removed.")]);
        db.Remove(row);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return true;
    }

    /// <summary>The product's overrides, past and ahead, oldest week first.</summary>
    public async Task<IReadOnlyList<ForecastOverrideView>> ForProductAsync(long productId, CancellationToken cancellationToken)
    {
        var rows = await db.Set<ForecastOverride>().AsNoTracking().Where(o => o.ProductId == productId).OrderBy(o => o.PeriodStart).ToListAsync(cancellationToken);
        if (rows.Count == 0)
            return [];
        var forecast = await ModelForecastAsync(productId, cancellationToken);
        var actuals = await ActualsAsync(rows, cancellationToken);
        return rows.Select(r =>
        {
            double? model = forecast.TryGetValue(r.PeriodStart, out var m) ? m : null;
            var past = actuals.Known(r.ProductId, r.PeriodStart, out var actual);
            return new ForecastOverrideView(r.Id, r.PeriodStart, r.Kind, r.Value, model, model is { } now ? Applied(r, now) : null,
                r.ModelMean, r.OverrideMean, r.Reason, r.CreatedBy, r.CreatedAt, past, past ? actual : null);
        }).ToList();
    }

    /// <summary>Forecast value added over every past overridden week (of one product, or of all).</summary>
    public async Task<ValueAddedReport> ValueAddedAsync(long? productId, CancellationToken cancellationToken)
    {
        var query = db.Set<ForecastOverride>().AsNoTracking();
        if (productId is { } id)
            query = query.Where(o => o.ProductId == id);
        var rows = await query.ToListAsync(cancellationToken);
        var actuals = await ActualsAsync(rows, cancellationToken);
        var ids = rows.Select(r => r.ProductId).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var result = new List<ValueAddedRow>();
        foreach (var r in rows)
        {
            if (!actuals.Known(r.ProductId, r.PeriodStart, out var actual))
                continue;
            var p = products[r.ProductId];
            result.Add(new ValueAddedRow(r.ProductId, p.Sku, p.Name, r.PeriodStart, r.Kind, r.Value, actual, r.ModelMean, r.OverrideMean, r.Reason, r.CreatedBy));
        }
        result = [.. result.OrderByDescending(r => r.PeriodStart).ThenBy(r => r.Sku)];
        var summary = ValueAddedSummary.Of([.. result.Select(r => new OverrideOutcome(r.Actual, r.Model, r.Override))]);
        return new ValueAddedReport(actuals.AsOf, summary, result);
    }

    /// <summary>
    /// The model's forecast rows with the overrides in place, for the inventory projection: an overridden week's mean is
    /// the planner's (a percentage applies to this run's mean) and its quantiles are scaled with it.
    /// </summary>
    public static IReadOnlyList<DemandForecast> Apply(IReadOnlyList<DemandForecast> rows, IReadOnlyCollection<ForecastOverride> overrides)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(overrides);
        if (overrides.Count == 0)
            return rows;
        var byWeek = overrides.ToDictionary(o => (o.ProductId, o.PeriodStart));
        return rows.Select(r =>
        {
            if (!byWeek.TryGetValue((r.ProductId, r.PeriodStart), out var o))
                return r;
            var mean = Applied(o, r.Mean);
            var q = ForecastAdjustment.Quantiles(r.Mean, [r.P10, r.P25, r.Mean, r.P75, r.P90], QuantileLevels, mean);
            return new DemandForecast
            {
                Id = r.Id, PredictionRunId = r.PredictionRunId, ProductId = r.ProductId, PeriodStart = r.PeriodStart, Step = r.Step,
                Mean = mean, BaselineMean = r.BaselineMean, PipelineMean = r.PipelineMean,
                P10 = q[0], P25 = q[1], P75 = q[3], P90 = q[4],
                Model = r.Model + "+override", BacktestMase = r.BacktestMase, DemandClass = r.DemandClass,
            };
        }).ToList();
    }

    /// <summary>The overrides of <paramref name="productIds"/> for weeks from <paramref name="from"/> on.</summary>
    public static Task<List<ForecastOverride>> LoadAsync(ForecastDbContext db, IReadOnlyCollection<long> productIds, DateOnly from, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ids = productIds.ToList();
        return db.Set<ForecastOverride>().AsNoTracking().Where(o => ids.Contains(o.ProductId) && o.PeriodStart >= from).ToListAsync(cancellationToken);
    }

    private static readonly double[] QuantileLevels = [0.1, 0.25, 0.5, 0.75, 0.9];

    private static double Applied(ForecastOverride o, double modelMean) =>
        o.Kind == ForecastOverrideKind.Absolute ? o.Value : ForecastAdjustment.ByPercent(modelMean, o.Value);

    /// <summary>The latest published demand run's mean per period for the product (empty: none).</summary>
    private async Task<Dictionary<DateOnly, double>> ModelForecastAsync(long productId, CancellationToken cancellationToken)
    {
        var run = await PredictionRuns.LatestSucceeded(db, DemandForecastJob.Kind, null).Select(r => (long?)r.Id).FirstOrDefaultAsync(cancellationToken);
        if (run is null)
            return [];
        return await db.DemandForecasts.AsNoTracking().Where(f => f.PredictionRunId == run && f.ProductId == productId)
            .ToDictionaryAsync(f => f.PeriodStart, f => f.Mean, cancellationToken);
    }

    private static int CountPeriods(DateOnly from, DateOnly to, DemandGranularity granularity) => granularity == DemandGranularity.Month
        ? (to.Year - from.Year) * 12 + to.Month - from.Month + 1
        : (to.DayNumber - from.DayNumber) / 7 + 1;

    /// <summary>Demand per product and period as of the last day with data, for the overridden periods that are complete by then.</summary>
    private async Task<Actuals> ActualsAsync(IReadOnlyCollection<ForecastOverride> rows, CancellationToken cancellationToken)
    {
        var o = demandOptions.Value;
        var asOf = await calendar.DefaultAsOfAsync(cancellationToken);
        var end = DemandSeriesBuilder.FirstForecastPeriod(asOf, o.Granularity);
        var ids = rows.Where(r => DemandSeriesBuilder.Next(r.PeriodStart, o.Granularity) <= end).Select(r => r.ProductId).Distinct().ToList();
        var series = ids.Count == 0 ? [] : await DemandSeriesBuilder.BuildAsync(db, ids, asOf, o, cancellationToken);
        return new Actuals(asOf, end, DemandSeriesBuilder.Next(end, o.Granularity, -o.MaxHistoryPeriods), o.Granularity, series.ToDictionary(s => s.ProductId));
    }

    private sealed record Actuals(DateOnly AsOf, DateOnly End, DateOnly Earliest, DemandGranularity Granularity, Dictionary<long, DemandSeries> Series)
    {
        /// <summary>True with the period's demand when the period is complete by the as-of date and within the history read.</summary>
        public bool Known(long productId, DateOnly periodStart, out double actual)
        {
            actual = 0;
            if (DemandSeriesBuilder.Next(periodStart, Granularity) > End || periodStart < Earliest)
                return false;
            if (!Series.TryGetValue(productId, out var s) || periodStart < s.FirstPeriod)
                return true;
            var index = Granularity == DemandGranularity.Month
                ? (periodStart.Year - s.FirstPeriod.Year) * 12 + periodStart.Month - s.FirstPeriod.Month
                : (periodStart.DayNumber - s.FirstPeriod.DayNumber) / 7;
            if (index < s.Quantities.Length)
                actual = s.Quantities[index];
            return true;
        }
    }
}
