using System.Globalization;
using System.Text.Json;
using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.Modeling.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Inventory;

/// <summary>
/// The nightly <c>inventory</c> stage: for every product, on hand (latest count, summed over warehouses) plus open
/// supply minus the demand forecast, projected by <see cref="InventoryProjector"/>; writes one <see cref="InventoryPlan"/>
/// and its <see cref="StockProjection"/> periods per product under a <see cref="PredictionRun"/> of kind <c>inventory</c>.
/// Partitioned by product id modulo the partition count; a partition re-run replaces its own rows, and the prediction
/// run is published by <see cref="CompleteAsync"/> once every partition is written.
/// </summary>
public sealed partial class InventoryStage(
    ForecastDbContext db,
    PredictionRuns runs,
    IDemandForecastSource demandSource,
    IOptions<InventoryOptions> options,
    TimeProvider time,
    ILogger<InventoryStage> log) : IPipelineStage
{
    public const string StageName = "inventory";
    public const string RunKind = "inventory";

    public string Name => StageName;

    public string Description => "Project stock per product from on hand, incoming supply and the demand forecast: stock-out risk, reorder point, suggested order.";

    public async Task<int> PlanPartitionsAsync(PipelineRunContext run, CancellationToken cancellationToken)
    {
        var products = await db.Products.CountAsync(cancellationToken);
        var size = options.Value.PartitionSize;
        return Math.Max(1, (products + size - 1) / size);
    }

    public async Task RunPartitionAsync(PipelineRunContext run, int partition, int partitionCount, CancellationToken cancellationToken)
    {
        // The DbContext is shared with the coordinator's scope: start and end with nothing tracked.
        db.ChangeTracker.Clear();
        var predictionRunId = (await runs.ForStageAsync(RunKind, run, cancellationToken)).Id;

        var (plans, periods, messages) = await PlanProductsAsync(run.RunId, predictionRunId, run.AsOf,
            db.Products.AsNoTracking().Where(p => p.Id % partitionCount == partition), cancellationToken);

        await using (var tx = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.StockProjections.Where(p => p.PredictionRunId == predictionRunId && p.ProductId % partitionCount == partition).ExecuteDeleteAsync(cancellationToken);
            await db.Set<SupplyMessage>().Where(m => m.PredictionRunId == predictionRunId && m.ProductId % partitionCount == partition).ExecuteDeleteAsync(cancellationToken);
            await db.InventoryPlans.Where(p => p.PredictionRunId == predictionRunId && p.ProductId % partitionCount == partition).ExecuteDeleteAsync(cancellationToken);
            db.AddRange(plans);
            db.AddRange(periods);
            db.AddRange(messages);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// Plans one product again in the latest published inventory run, with today's planning settings and forecast
    /// overrides, as of that run's date (the same inputs the nightly run read, plus the planner's change), so a planner
    /// sees the effect of an edit at once. Its rows are replaced in one transaction; the next nightly run plans it anew.
    /// False when there is no published run or it cannot plan the product.
    /// </summary>
    public async Task<bool> ReplanProductAsync(long productId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var run = await PredictionRuns.LatestSucceeded(db, RunKind, null).FirstOrDefaultAsync(cancellationToken);
        if (run is null)
            return false;
        var (plans, periods, messages) = await PlanProductsAsync(0, run.Id, run.AsOf, db.Products.AsNoTracking().Where(p => p.Id == productId), cancellationToken);
        if (plans.Count == 0)
            return false;
        await using (var tx = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.StockProjections.Where(p => p.PredictionRunId == run.Id && p.ProductId == productId).ExecuteDeleteAsync(cancellationToken);
            await db.Set<SupplyMessage>().Where(m => m.PredictionRunId == run.Id && m.ProductId == productId).ExecuteDeleteAsync(cancellationToken);
            await db.InventoryPlans.Where(p => p.PredictionRunId == run.Id && p.ProductId == productId).ExecuteDeleteAsync(cancellationToken);
            db.AddRange(plans);
            db.AddRange(periods);
            db.AddRange(messages);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        db.ChangeTracker.Clear();
        LogReplanned(run.Id, productId);
        return true;
    }

    private async Task<(List<InventoryPlan> Plans, List<StockProjection> Periods, List<SupplyMessage> Messages)> PlanProductsAsync(
        long pipelineRunId, long predictionRunId, DateOnly asOf, IQueryable<Product> selection, CancellationToken cancellationToken)
    {
        var rows = await selection.OrderBy(p => p.Id).ToListAsync(cancellationToken);
        var ids = rows.Select(p => p.Id).ToList();
        var overrides = await PlanningSettings.LoadAsync(db, ids, cancellationToken);
        var products = rows.Select(p => new ProductFacts(p.Id, p.Sku, p.Family,
            PlanningSettings.Effective(p, overrides.GetValueOrDefault(p.Id), options.Value), p)).ToList();
        var stock = await LoadStockAsync(ids, asOf, cancellationToken);
        var supply = (await db.IncomingSupply.AsNoTracking()
                .Where(s => ids.Contains(s.ProductId))
                .Select(s => new { s.ProductId, s.PurchaseOrderNumber, s.LineNumber, s.ExpectedDate, s.Quantity, s.Supplier })
                .ToListAsync(cancellationToken))
            .ToLookup(s => s.ProductId, s => new OpenSupplyLine(s.PurchaseOrderNumber, s.LineNumber, s.ExpectedDate, s.Quantity, s.Supplier));
        var committed = await LoadCommittedAsync(ids, asOf, cancellationToken);
        var forecasts = ids.Count == 0
            ? new Dictionary<long, ProductDemandForecast>()
            : await demandSource.GetForecastsAsync(ids, asOf, cancellationToken);

        var plans = new List<InventoryPlan>();
        var periods = new List<StockProjection>();
        var messages = new List<SupplyMessage>();
        foreach (var product in products)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!forecasts.TryGetValue(product.Id, out var forecast))
            {
                LogNoForecast(pipelineRunId, product.Sku);
                continue;
            }
            try
            {
                var lines = supply[product.Id].ToList();
                var (plan, projection, projected) = PlanProduct(predictionRunId, asOf, product, stock.TryGetValue(product.Id, out var counted) ? counted : null, lines, committed[product.Id], forecast);
                plans.Add(plan);
                periods.AddRange(projection);
                messages.AddRange(SupplyMessageRows.For(predictionRunId, asOf, product.Id, lines, committed[product.Id], projected, options.Value.PurchaseOrderMessageMarginDays));
            }
            catch (ArgumentException ex)
            {
                // Bad master data or an unusable forecast for one product: say which and go on with the rest.
                LogUnusable(pipelineRunId, product.Sku, ex.Message);
            }
        }
        return (plans, periods, messages);
    }

    /// <summary>Publishes the run with its summary (products planned, likely short, orders due) and removes old runs.</summary>
    public async Task CompleteAsync(PipelineRunContext run, CancellationToken cancellationToken)
    {
        var predictionRun = await runs.OfPipelineRunAsync(RunKind, run.RunId, cancellationToken);
        if (predictionRun is null)
            return;
        var items = await db.InventoryPlans.CountAsync(p => p.PredictionRunId == predictionRun.Id, cancellationToken);
        await runs.SucceedAsync(predictionRun.Id, items, await MetricsAsync(predictionRun.Id, run.AsOf, cancellationToken), cancellationToken);
        LogRunComplete(run.RunId, predictionRun.Id, items);
        await PruneAsync(cancellationToken);
    }

    /// <summary>Per product: the latest count on or before the as-of date, summed over the warehouses counted that day.</summary>
    private async Task<Dictionary<long, (DateOnly CountedOn, decimal Quantity)>> LoadStockAsync(List<long> ids, DateOnly asOf, CancellationToken cancellationToken)
    {
        var rows = await db.StockOnHand.AsNoTracking()
            .Where(s => ids.Contains(s.ProductId) && s.AsOf <= asOf)
            .Select(s => new { s.ProductId, s.AsOf, s.Quantity })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.ProductId).ToDictionary(g => g.Key, g =>
        {
            var latest = g.Max(r => r.AsOf);
            return (latest, g.Where(r => r.AsOf == latest).Sum(r => r.Quantity));
        });
    }

    /// <summary>
    /// Per product, the customer orders taken on or before the as-of date and not shipped yet (status Open), due on their
    /// requested date (the order date when none): they leave stock before any new order, and are what is promised.
    /// </summary>
    private async Task<ILookup<long, CommittedOrder>> LoadCommittedAsync(List<long> ids, DateOnly asOf, CancellationToken cancellationToken)
    {
        var lines = await db.SalesOrderLines.AsNoTracking()
            .Where(l => ids.Contains(l.ProductId) && !l.IsReturn && l.Quantity > 0
                        && l.SalesOrder!.Status == SalesOrderStatus.Open && l.SalesOrder.OrderDate <= asOf)
            .Select(l => new { l.ProductId, Due = l.SalesOrder!.RequestedDate ?? l.SalesOrder.OrderDate, l.Quantity })
            .ToListAsync(cancellationToken);
        return lines.ToLookup(l => l.ProductId, l => new CommittedOrder(l.Due, (double)l.Quantity));
    }

    private (InventoryPlan Plan, List<StockProjection> Periods, InventoryProjection Projection) PlanProduct(
        long predictionRunId, DateOnly asOf, ProductFacts product, (DateOnly CountedOn, decimal Quantity)? stock,
        IReadOnlyList<OpenSupplyLine> supply, IEnumerable<CommittedOrder> committed, ProductDemandForecast forecast)
    {
        var o = options.Value;
        var notes = new List<string>();
        var settings = product.Planning;
        var policy = new ReplenishmentPolicy
        {
            LeadTimeDays = settings.LeadTimeDays,
            ReviewPeriodDays = o.ReviewPeriodDays,
            MinimumOrderQuantity = settings.Moq,
            PackSize = settings.PackSize,
            CycleServiceLevel = settings.CycleServiceLevel,
            FillRate = o.FillRate,
        };
        if (settings.Override is { } planner)
            notes.Add(Invariant($"Planner settings ({planner.ChangedBy}, {planner.ChangedAt:yyyy-MM-dd HH:mm} UTC) used instead of the item master's: {OverrideText(product.Master, planner)}."));

        var countedOn = stock?.CountedOn;
        var onHand = stock?.Quantity ?? 0;
        if (countedOn is null)
            notes.Add("No stock count on or before the as-of date: on hand taken as 0.");
        else if (countedOn < asOf)
            notes.Add(Invariant($"Stock was counted on {countedOn:yyyy-MM-dd}, {asOf.DayNumber - countedOn.Value.DayNumber} days before the as-of date: orders since then are not deducted."));

        var overdue = supply.Where(l => l.ExpectedDate <= asOf).ToList();
        if (overdue.Count > 0)
            notes.Add(Invariant($"{overdue.Count} purchase-order line(s) ({overdue.Sum(l => l.Quantity):0.##} units) were due on or before {asOf:yyyy-MM-dd} and are not counted: received but still open in the ERP, or late — check with purchasing."));
        var receipts = supply.Where(l => l.ExpectedDate > asOf).Select(l => new SupplyReceipt(l.ExpectedDate, (double)l.Quantity)).ToList();

        var demand = ToModel(forecast, asOf, notes);
        var simulation = new SimulationSettings { Paths = o.SimulationPaths, Seed = ProductSeed(o.Seed, product.Id), PeriodCorrelation = o.PeriodCorrelation };
        var projection = InventoryProjector.Project(new InventoryProblem(asOf, (double)onHand, receipts, demand, policy) { Committed = [.. committed] }, simulation);

        notes.Add(Invariant($"Reorder point {projection.ReorderPoint:0.##}: the {policy.CycleServiceLevel:0.##%} quantile of simulated demand over {projection.ProtectionDays} days (lead time {policy.LeadTimeDays} + review {policy.ReviewPeriodDays}); expected demand {projection.MeanProtectionDemand:0.##}; the normal formula μ + zσ√L would give {projection.NormalApproximationReorderPoint:0.##}."));
        if (policy.FillRate is { } fillRate)
            notes.Add(Invariant($"Fill-rate target {fillRate:0.##%}: expected fill rate at this reorder point {projection.ExpectedFillRate ?? 1:0.#%} (the reorder point meets both targets)."));
        notes.AddRange(projection.Notes);

        var plan = new InventoryPlan
        {
            PredictionRunId = predictionRunId,
            ProductId = product.Id,
            AsOf = asOf,
            OnHand = onHand,
            StockCountedOn = countedOn,
            IncomingTotal = (decimal)receipts.Sum(r => r.Quantity),
            DaysOfCover = projection.DaysOfCover is { } cover ? Math.Round(cover, 2) : null,
            StockoutProbabilityWithinLeadTime = projection.StockoutProbabilityWithinLeadTime,
            ProjectedStockoutDate = projection.MedianStockoutDate,
            ReorderPoint = Quantity(projection.ReorderPoint),
            SafetyStock = Quantity(projection.SafetyStock),
            OrderUpToLevel = Quantity(projection.OrderUpToLevel),
            NormalApproximationReorderPoint = Quantity(projection.NormalApproximationReorderPoint),
            SuggestedOrderQuantity = projection.SuggestedOrderQuantity,
            OrderByDate = projection.OrderByDate,
            LeadTimeDays = policy.LeadTimeDays,
            ReviewPeriodDays = policy.ReviewPeriodDays,
            MinimumOrderQuantity = policy.MinimumOrderQuantity,
            PackSize = policy.PackSize,
            CycleServiceLevel = policy.CycleServiceLevel,
            FillRateTarget = policy.FillRate,
            ExpectedFillRate = projection.ExpectedFillRate,
            DemandModel = Truncate(forecast.Model, 128),
            DemandAccuracy = forecast.Accuracy is { } accuracy ? Truncate(Invariant($"{forecast.AccuracyMetric ?? "accuracy"} {accuracy:0.###}"), 128) : null,
            MethodNotes = string.Join('\n', notes),
            AvailableToPromiseJson = JsonSerializer.Serialize(projection.AvailableToPromise.Select(s => new AtpStepJson(s.From, Quantity(s.Quantity))), AtpStepJson.Options),
        };
        var rows = projection.Periods.Select(p => new StockProjection
        {
            PredictionRunId = predictionRunId,
            ProductId = product.Id,
            AsOf = asOf,
            PeriodStart = p.Start,
            PeriodEnd = p.End.AddDays(-1),
            MeanDemand = Quantity(p.MeanDemand),
            Incoming = Quantity(p.Incoming),
            StockP10 = Quantity(p.StockP10),
            StockP50 = Quantity(p.StockP50),
            StockP90 = Quantity(p.StockP90),
            StockoutProbability = p.StockoutProbability,
            AvailableToPromise = Quantity(p.AvailableToPromise),
        }).ToList();
        return (plan, rows, projection);
    }

    /// <summary>
    /// The forecast as the projector takes it. A grid that starts after the first projected day (weeks anchored on a
    /// weekday the as-of date is not) gets the gap filled with the first period's demand, pro rata.
    /// </summary>
    internal static QuantileDemandForecast ToModel(ProductDemandForecast forecast, DateOnly asOf, List<string> notes)
    {
        if (forecast.PeriodStarts.Count == 0)
            throw new ArgumentException("The demand forecast has no period.");
        if (forecast.Means.Count != forecast.PeriodStarts.Count || forecast.Quantiles.Count != forecast.PeriodStarts.Count)
            throw new ArgumentException($"The demand forecast has {forecast.PeriodStarts.Count} periods but {forecast.Means.Count} means and {forecast.Quantiles.Count} quantile rows.");
        var starts = forecast.PeriodStarts.ToList();
        var means = forecast.Means.ToList();
        var quantiles = forecast.Quantiles.ToList();
        var firstDay = asOf.AddDays(1);
        if (starts[0] > firstDay)
        {
            var gap = starts[0].DayNumber - firstDay.DayNumber;
            var firstLength = (starts.Count > 1 ? starts[1] : forecast.HorizonEnd).DayNumber - starts[0].DayNumber;
            var share = (double)gap / firstLength;
            starts.Insert(0, firstDay);
            means.Insert(0, means[0] * share);
            quantiles.Insert(0, [.. quantiles[0].Select(q => q * share)]);
            notes.Add(Invariant($"The forecast starts on {forecast.PeriodStarts[0]:yyyy-MM-dd}; the {gap} day(s) before it are given the first period's demand pro rata."));
        }
        return new QuantileDemandForecast(new PeriodGrid(starts, forecast.HorizonEnd), forecast.QuantileLevels, quantiles, means);
    }

    /// <summary>A seed per product from the run's seed and the product id (SplitMix64), so a product gets the same numbers whatever partition it lands in.</summary>
    internal static int ProductSeed(int seed, long productId)
    {
        var z = unchecked(((ulong)(uint)seed << 32) ^ (ulong)productId) + 0x9E3779B97F4A7C15UL;
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & int.MaxValue);
    }

    private async Task<string> MetricsAsync(long predictionRunId, DateOnly asOf, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var plans = db.InventoryPlans.Where(p => p.PredictionRunId == predictionRunId);
        var products = await db.Products.CountAsync(cancellationToken);
        var planned = await plans.CountAsync(cancellationToken);
        var likelyShort = await plans.CountAsync(p => p.StockoutProbabilityWithinLeadTime >= 0.5, cancellationToken);
        var ordersDue = await plans.CountAsync(p => p.OrderByDate != null && p.OrderByDate <= asOf.AddDays(o.ReviewPeriodDays), cancellationToken);
        return JsonSerializer.Serialize(new
        {
            products,
            planned,
            withoutPlan = products - planned,
            likelyShortWithinLeadTime = likelyShort,
            ordersDueWithinReview = ordersDue,
            o.CycleServiceLevel,
            o.FillRate,
            o.ReviewPeriodDays,
            o.SimulationPaths,
            o.Seed,
            o.PeriodCorrelation,
        }, AtpStepJson.Options);
    }

    /// <summary>Keeps the newest <see cref="InventoryOptions.RetainRuns"/> completed runs; older ones go with their rows (cascade).</summary>
    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        var keep = await db.PredictionRuns
            .Where(r => r.Kind == RunKind && r.Status == RunStatus.Succeeded)
            .OrderByDescending(r => r.AsOf).ThenByDescending(r => r.Id)
            .Select(r => r.Id)
            .Take(options.Value.RetainRuns)
            .ToListAsync(cancellationToken);
        // A run still going may belong to a pipeline in progress; only abandoned ones (a week old) are removed.
        var abandonedBefore = time.GetUtcNow().AddDays(-7);
        var removed = await db.PredictionRuns
            .Where(r => r.Kind == RunKind && !keep.Contains(r.Id) && (r.Status != RunStatus.Running || r.StartedAt < abandonedBefore))
            .ExecuteDeleteAsync(cancellationToken);
        if (removed > 0)
            LogPruned(removed);
    }

    private static decimal Quantity(double value) => (decimal)Math.Round(Math.Clamp(value, -1e12, 1e12), 4);

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record ProductFacts(long Id, string Sku, string? Family, EffectivePlanning Planning, Product Master);

    private string OverrideText(Product master, ProductPlanningOverride planner)
    {
        var parts = new List<string>();
        if (planner.LeadTimeDays is { } lead)
            parts.Add(Invariant($"lead time {lead} days (imported {master.LeadTimeDays})"));
        if (planner.CycleServiceLevel is { } level)
            parts.Add(Invariant($"service level {level:0.##%} (default {options.Value.ServiceLevelFor(master.Family):0.##%})"));
        if (planner.Moq is { } moq)
            parts.Add(Invariant($"MOQ {moq:0.##} (imported {master.Moq:0.##})"));
        if (planner.PackSize is { } pack)
            parts.Add(Invariant($"pack size {pack:0.##} (imported {master.PackSize:0.##})"));
        return string.Join(", ", parts);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inventory run {RunId}: no demand forecast for {Sku}; no plan made")]
    private partial void LogNoForecast(long runId, string sku);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inventory run {RunId}: {Sku} skipped: {Reason}")]
    private partial void LogUnusable(long runId, string sku, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inventory run {RunId} complete: prediction run {PredictionRunId}, {Items} product plans")]
    private partial void LogRunComplete(long runId, long predictionRunId, long items);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inventory run {PredictionRunId}: product {ProductId} planned again after a planner's change")]
    private partial void LogReplanned(long predictionRunId, long productId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} old inventory run(s)")]
    private partial void LogPruned(int count);
}

/// <summary>One available-to-promise step as stored in <see cref="InventoryPlan.AvailableToPromiseJson"/>.</summary>
public sealed record AtpStepJson(DateOnly From, decimal Quantity)
{
    /// <summary>camelCase, as the JSON API shows it.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
