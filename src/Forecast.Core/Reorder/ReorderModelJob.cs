using System.Text.Json;
using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.Modeling.Reorder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Reorder;

/// <summary>
/// Fits the reorder model (customer and product activity, pooled gap/quantity/dropout priors) on every order up to a
/// day and stores it as a <see cref="ModelVersion"/> of kind <c>reorder</c>, with a manifest and the metrics of a
/// backtest (the same model fitted <see cref="ReorderOptions.HorizonDays"/> earlier, scored on what happened since).
/// Idempotent: a model for the same day and code version is reused, so the prediction partitions of one run share one
/// model; a PostgreSQL advisory lock lets exactly one of them fit it while the others wait.
/// </summary>
public sealed partial class ReorderModelJob(ForecastDbContext db, TimeProvider time, IOptions<ReorderOptions> options, ILogger<ReorderModelJob> logger)
{
    public const string Kind = "reorder";

    public async Task<ModelVersion> RunAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await AdvisoryLock.AcquireAsync(db.Database, AdvisoryLockClass.ReorderModel, asOf.DayNumber, cancellationToken);
        var existing = await db.ModelVersions
            .Where(m => m.Kind == Kind && m.TrainedTo == asOf && m.CodeVersion == ReorderModelArtefact.Format && m.Artefact != null)
            .OrderByDescending(m => m.Version)
            .FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            await transaction.CommitAsync(cancellationToken);
            return existing;
        }

        var horizon = options.Value.HorizonDays;
        var (pairs, lines) = await ReorderHistory.LoadAsync(db, asOf, null, 1, cancellationToken);
        if (pairs.Count == 0)
            throw new InvalidOperationException($"No sales order on or before {asOf:yyyy-MM-dd} to learn reorder cycles from: import ERP orders first (forecast import).");
        LogFitting(logger, asOf, pairs.Count, lines);
        var modelOptions = options.Value.ModelOptions();
        var model = ReorderModel.Fit(pairs, asOf.DayNumber, modelOptions);
        cancellationToken.ThrowIfCancellationRequested();
        var backtest = Backtest(pairs, asOf, horizon, modelOptions);

        var p = model.Parameters;
        var version = (await db.ModelVersions.Where(m => m.Kind == Kind).MaxAsync(m => (int?)m.Version, cancellationToken) ?? 0) + 1;
        var current = await db.ModelVersions.Where(m => m.Kind == Kind && m.IsCurrent).FirstOrDefaultAsync(cancellationToken);
        var makeCurrent = current is null || current.TrainedTo is null || current.TrainedTo <= asOf;
        if (makeCurrent && current is not null)
        {
            current.IsCurrent = false;
            // The filtered unique index allows one current version per kind: clear the old flag first.
            await db.SaveChangesAsync(cancellationToken);
        }
        var entity = new ModelVersion
        {
            Kind = Kind,
            Version = version,
            CreatedAt = time.GetUtcNow(),
            TrainedFrom = DateOnly.FromDayNumber(pairs.Min(x => x.OrderDays[0])),
            TrainedTo = asOf,
            TrainingRows = lines,
            CodeVersion = ReorderModelArtefact.Format,
            MetricsJson = JsonSerializer.Serialize(backtest, ReorderModelArtefact.Json),
            ManifestJson = JsonSerializer.Serialize(Manifest(p, pairs.Count, lines, horizon), ReorderModelArtefact.Json),
            Artefact = ReorderModelArtefact.Serialize(p),
            IsCurrent = makeCurrent,
        };
        db.ModelVersions.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogStored(logger, version, asOf);
        return entity;
    }

    /// <summary>Loads the fitted model stored in a version made by <see cref="RunAsync"/>.</summary>
    public static ReorderModel Load(ModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.Artefact is null || version.CodeVersion != ReorderModelArtefact.Format)
            throw new InvalidOperationException($"Model version {version.Id} is not a {ReorderModelArtefact.Format} model.");
        return new ReorderModel(ReorderModelArtefact.Deserialize(version.Artefact));
    }

    private static object Manifest(ReorderModelParameters p, int pairs, long lines, int horizon) => new
    {
        Model = "hierarchical log-t renewal of inter-order gaps x pooled pair dropout x customer and product P(alive) (docs/reorder.md)",
        Data = "erp.sales_order_lines of orders not cancelled, dated on or before the as-of day; return lines and non-positive quantities left out; summed per customer, product and day",
        AsOf = DateOnly.FromDayNumber(p.AsOfDay),
        Pairs = pairs,
        Lines = lines,
        p.Report.Customers,
        p.Report.Products,
        HorizonDays = horizon,
        p.Options,
        // Which model each part ended with and why: a part whose fit did not converge uses its fallback, never P = 1.
        Fallbacks = new
        {
            CustomerActivity = p.CustomerActivity is { } c ? $"{c.Model}: {c.Why}" : "off",
            ProductActivity = p.ProductActivity is { } a ? $"{a.Model}: {a.Why}" : "off",
            PairDropout = p.Report.Dropout is { } d ? $"{d.Model}: {d.Why}" : "off",
        },
        CustomerActivity = Activity(p.CustomerActivity),
        ProductActivity = Activity(p.ProductActivity),
        Gaps = Hyper(p.Gaps),
        // The rolling-origin calibration of the gap predictive: the factor applied, the two windows, and the PIT of the
        // newer window's next orders before and after (0.1 per tenth when calibrated).
        Calibration = new { p.Calibration.ScaleFactor, p.Report.Calibration },
        Quantities = Hyper(p.Quantities),
        Dropout = p.Dropout is null ? null : new { p.Report.Dropout?.Model, p.Dropout.Concentration, p.Dropout.Intercept, p.Dropout.ProductVariance, p.Dropout.CustomerVariance },
        p.Report,
    };

    private static object? Activity(ActivityModel? a) => a is null ? null : new
    {
        a.Model,
        a.Why,
        a.Variant,
        a.Parameters,
        a.Report,
        Fallback = a.Fallback is { } f
            ? new { f.DropoutModel, f.Dropout.Concentration, MeanDropout = f.Dropout.MeanDropout(0, 0), Gaps = f.Gaps is null ? null : Hyper(f.Gaps) }
            : null,
    };

    private static object Hyper(LogNormalHierarchy h) => new { h.Mean, h.PairVariance, h.ProductVariance, h.CustomerVariance, h.WithinScale, h.WithinDf };

    /// <summary>
    /// Rolling-origin check: fit on what was known <paramref name="horizon"/> days before the as-of day, predict every
    /// pair, and score against the orders that came in those days (rule: P(order in the window) &gt;= 0.5).
    /// </summary>
    internal static object Backtest(IReadOnlyList<PairHistory> pairs, DateOnly asOf, int horizon, ReorderModelOptions? modelOptions = null)
    {
        var cutoff = asOf.DayNumber - horizon;
        var known = pairs.Where(p => p.OrderDays[0] <= cutoff).ToList();
        if (known.Count == 0 || known.All(p => p.OrderCount < 2))
            return new { Backtest = "skipped: too little history before " + DateOnly.FromDayNumber(cutoff).ToString("yyyy-MM-dd") };
        var model = ReorderModel.Fit(known, cutoff, modelOptions);
        var customers = OrderActivity.ByCustomer(known.Select(p => p.Through(cutoff)!));
        var outcomes = known.Select(p =>
        {
            var call = ReorderCall.From(model.Predict(p, horizon, customers[p.Customer]));
            int? first = p.OrderDays.Where(d => d > cutoff).Select(d => (int?)d).FirstOrDefault();
            return ((ReorderCall?)call, first);
        }).ToList();
        var score = ReorderScore.Compute(outcomes);
        return new
        {
            Backtest = $"fitted on orders to {DateOnly.FromDayNumber(cutoff):yyyy-MM-dd}, scored on {DateOnly.FromDayNumber(cutoff + 1):yyyy-MM-dd}..{asOf:yyyy-MM-dd}",
            Rule = "predict an order when P(order in the window) >= 0.5",
            score.Pairs,
            score.Reordered,
            score.Predicted,
            score.Precision,
            score.Recall,
            score.Coverage80,
            score.Coverage50,
            score.MeanAbsoluteErrorDays,
            score.BrierScore,
            score.MeanProbability,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fitting the reorder model as of {AsOf} on {Pairs} customer x product pairs ({Lines} order lines)")]
    private static partial void LogFitting(ILogger logger, DateOnly asOf, int pairs, long lines);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored reorder model version {Version} as of {AsOf}")]
    private static partial void LogStored(ILogger logger, int version, DateOnly asOf);
}
