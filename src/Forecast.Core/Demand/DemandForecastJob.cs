using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.Modeling.Models;
using Forecast.Modeling.Models.Auto;
using Forecast.Modeling.Pipeline;
using Forecast.Modeling.Series;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Forecast.Core.Demand;

/// <summary>
/// The nightly demand stage for one partition of the products (product id mod <c>partitionCount</c> = <c>partition</c>),
/// so several workers can share a night: builds each product's demand series as of a date, forecasts it with
/// <see cref="AutoModel"/> and replaces the partition's rows of the pipeline run's <c>demand</c> prediction run.
/// Idempotent: running the same partition again leaves the same rows. The run is published (and summarised) by
/// <see cref="CompleteAsync"/> once every partition is done.
/// </summary>
public sealed partial class DemandForecastJob(ForecastDbContext db, PredictionRuns runs, IOptions<DemandOptions> options, ILogger<DemandForecastJob> logger)
{
    /// <summary>The <see cref="PredictionRun.Kind"/> of demand runs.</summary>
    public const string Kind = "demand";

    private static readonly double[] Levels = [50, 80];

    /// <summary>Runs one partition; returns the prediction run id.</summary>
    public async Task<long> RunAsync(PipelineRunContext pipelineRun, int partition, int partitionCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipelineRun);
        if (partitionCount < 1 || partition < 0 || partition >= partitionCount)
            throw new ArgumentOutOfRangeException(nameof(partition), $"Partition {partition} of {partitionCount}: need 0 ≤ partition < count.");
        var o = options.Value;
        var asOf = pipelineRun.AsOf;
        var runId = (await runs.ForStageAsync(Kind, pipelineRun, cancellationToken)).Id;
        var productIds = await db.Products.Where(p => p.Id % partitionCount == partition).Select(p => p.Id).ToListAsync(cancellationToken);
        var layers = o.UsePipeline ? await LoadLayersAsync(db, productIds, asOf, o, cancellationToken) : null;
        var series = await DemandSeriesBuilder.BuildAsync(db, productIds, asOf, o, cancellationToken, layers?.DealOrderLineIds);
        var started = Stopwatch.GetTimestamp();
        var (rows, cvRows) = Forecast(series, layers, asOf, o, o.PersistCvRows, cancellationToken);
        var forecastTime = Stopwatch.GetElapsedTime(started);
        foreach (var row in rows)
            row.PredictionRunId = runId;

        await using (var tx = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.DemandForecasts.Where(f => f.PredictionRunId == runId && productIds.Contains(f.ProductId)).ExecuteDeleteAsync(cancellationToken);
            // Deleted even when rows are no longer kept, so a retry after the option changed leaves no earlier attempt's.
            await db.DemandCvRows.Where(r => r.PredictionRunId == runId && productIds.Contains(r.ProductId)).ExecuteDeleteAsync(cancellationToken);
            db.DemandForecasts.AddRange(rows);
            await db.SaveChangesAsync(cancellationToken);
            await CopyCvRowsAsync(runId, cvRows, cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        db.ChangeTracker.Clear();
        LogPartitionDone(logger, partition, partitionCount, asOf, series.Count, runId, cvRows.Count,
            forecastTime.TotalSeconds, (Stopwatch.GetElapsedTime(started) - forecastTime).TotalSeconds);
        return runId;
    }

    /// <summary>
    /// Binary COPY into <c>core.demand_cv_rows</c> inside the open transaction: a partition of 500 products writes
    /// tens of thousands of rows, which change tracking would insert one statement batch at a time.
    /// </summary>
    private async Task CopyCvRowsAsync(long runId, IReadOnlyList<DemandCvRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
            return;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY core.demand_cv_rows (prediction_run_id, product_id, candidate, cutoff, step, target, actual, forecast, is_outer) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        // Synchronous writes into the importer's buffer (it flushes to the server as it fills): an awaited call per
        // cell cost more than the copy itself at a million cells.
        foreach (var r in rows)
        {
            writer.StartRow();
            writer.Write(runId, NpgsqlDbType.Bigint);
            writer.Write(r.ProductId, NpgsqlDbType.Bigint);
            writer.Write(r.Candidate, NpgsqlDbType.Varchar);
            writer.Write(r.Cutoff, NpgsqlDbType.Date);
            writer.Write(r.Step, NpgsqlDbType.Integer);
            writer.Write(r.Target, NpgsqlDbType.Date);
            writer.Write(r.Actual, NpgsqlDbType.Double);
            if (r.Forecast is { } f)
                writer.Write(f, NpgsqlDbType.Double);
            else
                writer.WriteNull();
            writer.Write(r.IsOuter, NpgsqlDbType.Boolean);
        }
        await writer.CompleteAsync(cancellationToken);
    }

    /// <summary>The forecast periods' first days as of <paramref name="asOf"/>, and the day after the last one.</summary>
    public static (DateOnly[] Starts, DateOnly End) Periods(DateOnly asOf, DemandOptions o)
    {
        var first = DemandSeriesBuilder.FirstForecastPeriod(asOf, o.Granularity);
        var starts = Enumerable.Range(0, o.Horizon).Select(k => DemandSeriesBuilder.Next(first, o.Granularity, k)).ToArray();
        return (starts, DemandSeriesBuilder.Next(first, o.Granularity, o.Horizon));
    }

    /// <summary>The pipeline layers of <paramref name="productIds"/> on the demand stage's period grid (null without a same-day win-probability run).</summary>
    public static Task<PipelineLayers?> LoadLayersAsync(ForecastDbContext db, IReadOnlyCollection<long> productIds, DateOnly asOf, DemandOptions o, CancellationToken cancellationToken)
    {
        var (starts, end) = Periods(asOf, o);
        return PipelineLayerLoader.LoadAsync(db, productIds, asOf, DemandSeriesBuilder.HistoryStart(asOf, o), starts, end, o.Granularity, cancellationToken);
    }

    /// <summary>
    /// Forecasts each series with <c>auto</c> and adds its product's pipeline layer (means add, intervals widen by the
    /// layer's variance, <see cref="ForecastLayers"/>); a product with a layer but no order history gets the layer alone.
    /// Rows have no run id yet.
    /// </summary>
    public static List<DemandForecast> Forecast(IReadOnlyList<DemandSeries> series, PipelineLayers? layers, DateOnly asOf, DemandOptions o, CancellationToken cancellationToken) =>
        Forecast(series, layers, asOf, o, keepCvRows: false, cancellationToken).Forecasts;

    /// <summary>
    /// As <see cref="Forecast(IReadOnlyList{DemandSeries}, PipelineLayers?, DateOnly, DemandOptions, CancellationToken)"/>,
    /// and with <paramref name="keepCvRows"/> each series' cross-validation rows on its own period dates (no run id yet).
    /// </summary>
    public static (List<DemandForecast> Forecasts, List<DemandCvRow> CvRows) Forecast(
        IReadOnlyList<DemandSeries> series, PipelineLayers? layers, DateOnly asOf, DemandOptions o, bool keepCvRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(o);
        var m = o.Granularity == DemandGranularity.Month ? 12 : 52;
        var model = new AutoModel
        {
            Horizon = o.Horizon, Windows = o.BacktestWindows, IntermittentWindows = o.IntermittentBacktestWindows, NonNegative = true, KeepCvRows = keepCvRows,
        };
        var (starts, _) = Periods(asOf, o);
        var rows = new ConcurrentBag<DemandForecast>();
        var cvRows = new ConcurrentBag<List<DemandCvRow>>();
        var work = series.Select(s => (s.ProductId, Series: (DemandSeries?)s)).ToList();
        if (layers is not null)
            work.AddRange(layers.Layers.Keys.Except(series.Select(s => s.ProductId)).Order().Select(p => (p, (DemandSeries?)null)));
        Parallel.ForEach(work, new ParallelOptions { MaxDegreeOfParallelism = o.Parallelism, CancellationToken = cancellationToken }, item =>
        {
            ForecastResult baseline;
            string description;
            double? mase = null;
            var demandClass = "";
            if (item.Series is { } s)
            {
                var regular = new RegularSeries(s.Quantities, m, s.ProductId.ToString(System.Globalization.CultureInfo.InvariantCulture));
                var fit = model.FitAuto(regular);
                if (fit.CvRows.Count > 0)
                {
                    // Model indices count from the first observed period (leading gaps are dropped).
                    DateOnly Period(int index) => DemandSeriesBuilder.Next(s.FirstPeriod, o.Granularity, regular.LeadingMissing + index);
                    cvRows.Add([.. fit.CvRows.Select(r => new DemandCvRow
                    {
                        ProductId = s.ProductId,
                        Candidate = r.Candidate,
                        Cutoff = Period(r.Cutoff - 1),
                        Step = r.Step,
                        Target = Period(r.Target),
                        Actual = r.Actual,
                        Forecast = double.IsFinite(r.Forecast) ? r.Forecast : null,
                        IsOuter = r.Role == CvRowRole.Outer,
                    })]);
                }
                baseline = fit.Predict(o.Horizon, Levels);
                description = fit.Description;
                mase = double.IsFinite(fit.CvMase) ? fit.CvMase : null;
                demandClass = fit.Profile.Pattern.ToString();
            }
            else
            {
                baseline = new ForecastResult(new double[o.Horizon], [.. Levels.Select(l => new PredictionInterval(l, new double[o.Horizon], new double[o.Horizon]))]);
                description = "none";
            }
            var layer = layers?.Layers.GetValueOrDefault(item.ProductId);
            var f = baseline;
            var pipelineMean = new double[o.Horizon];
            var baselineMean = baseline.Mean;
            if (layer is not null)
            {
                f = ForecastLayers.Add(baseline, layer.Mean, layer.Variance);
                pipelineMean = layer.PipelineMean;
                baselineMean = [.. baseline.Mean.Select((v, k) => v + layer.FutureDealMean[k])];
                description += "+pipeline";
            }
            var i50 = f.Interval(50)!;
            var i80 = f.Interval(80)!;
            for (var k = 0; k < o.Horizon; k++)
            {
                rows.Add(new DemandForecast
                {
                    ProductId = item.ProductId,
                    PeriodStart = starts[k],
                    Step = k + 1,
                    Mean = f.Mean[k],
                    BaselineMean = baselineMean[k],
                    PipelineMean = pipelineMean[k],
                    P10 = i80.Lower[k],
                    P25 = i50.Lower[k],
                    P75 = i50.Upper[k],
                    P90 = i80.Upper[k],
                    Model = description,
                    BacktestMase = mase,
                    DemandClass = demandClass,
                });
            }
        });
        return ([.. rows], [.. cvRows.SelectMany(r => r)]);
    }

    /// <summary>Publishes the pipeline run's demand run with its summary: how many products, how well they backtested.</summary>
    public async Task CompleteAsync(PipelineRunContext pipelineRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipelineRun);
        var run = await runs.OfPipelineRunAsync(Kind, pipelineRun.RunId, cancellationToken);
        if (run is null)
            return;
        var firstSteps = await db.DemandForecasts.Where(f => f.PredictionRunId == run.Id && f.Step == 1)
            .Select(f => new { f.BacktestMase, f.DemandClass }).ToListAsync(cancellationToken);
        var mase = firstSteps.Where(f => f.BacktestMase is not null).Select(f => f.BacktestMase!.Value).OrderBy(v => v).ToList();
        var metrics = new
        {
            products = firstSteps.Count,
            backtested = mase.Count,
            meanBacktestMase = mase.Count > 0 ? mase.Average() : (double?)null,
            medianBacktestMase = mase.Count > 0 ? mase[mase.Count / 2] : (double?)null,
            // Products with no order history (only pipeline demand) have no class: named, not shown as an empty key.
            byClass = firstSteps.GroupBy(f => string.IsNullOrEmpty(f.DemandClass) ? "pipeline only" : f.DemandClass).ToDictionary(g => g.Key, g => g.Count()),
        };
        await runs.SucceedAsync(run.Id, firstSteps.Count, JsonSerializer.Serialize(metrics), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demand partition {Partition}/{Count} as of {AsOf}: {Products} products forecast, {CvRows} CV rows kept (run {RunId}); forecasting {ForecastSeconds:0.00} s, writing {WriteSeconds:0.00} s")]
    private static partial void LogPartitionDone(ILogger logger, int partition, int count, DateOnly asOf, int products, long runId, int cvRows, double forecastSeconds, double writeSeconds);
}
