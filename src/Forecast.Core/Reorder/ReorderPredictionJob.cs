using System.Text.Json;
using System.Text.Json.Nodes;
using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.Modeling.Reorder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Forecast.Core.Reorder;

/// <summary>
/// Writes next-reorder predictions for one partition of ERP customers (customer id mod <c>partitionCount</c> =
/// <c>partition</c>) as of a day, under the pipeline run's <see cref="PredictionRun"/> of kind <c>reorder</c>. All
/// partitions share one fitted model (<see cref="ReorderModelJob"/>, fitted by whichever partition comes first).
/// Idempotent: a re-run replaces the partition's rows of the same run; the run is published by <see cref="CompleteAsync"/>
/// when every partition has finished.
/// </summary>
public sealed partial class ReorderPredictionJob(
    ForecastDbContext db,
    ReorderModelJob modelJob,
    PredictionRuns runs,
    IEnumerable<IReorderFeedback> feedback,
    IOptions<ReorderOptions> options,
    ILogger<ReorderPredictionJob> logger)
{
    /// <returns>The number of predictions written for the partition.</returns>
    public async Task<int> RunAsync(PipelineRunContext pipelineRun, int partition, int partitionCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipelineRun);
        var asOf = pipelineRun.AsOf;
        if (partitionCount < 1)
            throw new ArgumentOutOfRangeException(nameof(partitionCount), partitionCount, "At least one partition.");
        if (partition < 0 || partition >= partitionCount)
            throw new ArgumentOutOfRangeException(nameof(partition), partition, $"A partition is in 0..{partitionCount - 1}.");

        var version = await modelJob.RunAsync(asOf, cancellationToken);
        var model = ReorderModelJob.Load(version);
        var run = await runs.ForStageAsync(ReorderModelJob.Kind, pipelineRun, cancellationToken);
        if (run.ModelVersionId != version.Id)
        {
            await db.PredictionRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.ModelVersionId, version.Id), cancellationToken);
            run.ModelVersionId = version.Id;
        }
        var horizon = options.Value.HorizonDays;
        var (pairs, _) = await ReorderHistory.LoadAsync(db, asOf, partition, partitionCount, cancellationToken);
        var customers = OrderActivity.ByCustomer(pairs);
        var dismissals = await DismissalsAsync(asOf, partition, partitionCount, cancellationToken);
        var retained = options.Value.DismissalRetainedShare;
        // Each pair's forecast reads only the shared model: a partition predicts on every core, in the pairs' order.
        var rows = pairs.AsParallel().AsOrdered().WithCancellation(cancellationToken).Select(p =>
        {
            var forecast = model.Predict(p, horizon, customers[p.Customer]);
            if (!dismissals.TryGetValue((p.Customer, p.Product), out var dismissal) || !DismissalAdjustment.IsInForce(forecast, dismissal.Date.DayNumber))
                return ToRow(forecast, run, asOf);
            var row = ToRow(DismissalAdjustment.Apply(forecast, dismissal.Date.DayNumber, retained), run, asOf);
            row.DismissalReason = dismissal.Reason;
            row.DismissalDate = dismissal.Date;
            return row;
        }).ToList();

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.Set<ReorderPrediction>()
                .Where(r => r.PredictionRunId == run.Id && r.CustomerId % partitionCount == partition)
                .ExecuteDeleteAsync(cancellationToken);
            await CopyAsync(rows, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        db.ChangeTracker.Clear();
        LogPartition(logger, partition, partitionCount, asOf, rows.Count);
        return rows.Count;
    }

    /// <summary>The latest dismissal per pair known on <paramref name="asOf"/>, from every registered source (the later wins).</summary>
    private async Task<Dictionary<(long Customer, long Product), PairDismissal>> DismissalsAsync(DateOnly asOf, int partition, int partitionCount, CancellationToken cancellationToken)
    {
        var all = new Dictionary<(long Customer, long Product), PairDismissal>();
        foreach (var source in feedback)
            foreach (var (key, dismissal) in await source.DismissalsAsync(asOf, partition, partitionCount, cancellationToken))
                if (dismissal.Date <= asOf && (!all.TryGetValue(key, out var known) || known.Date < dismissal.Date))
                    all[key] = dismissal;
        return all;
    }

    private static ReorderPrediction ToRow(ReorderForecast f, PredictionRun run, DateOnly asOf) => new()
    {
        PredictionRunId = run.Id,
        ModelVersionId = run.ModelVersionId,
        AsOf = asOf,
        CustomerId = f.Customer,
        ProductId = f.Product,
        LastOrderDate = DateOnly.FromDayNumber(f.LastOrderDay),
        OrderCount = f.OrderCount,
        DaysSinceLastOrder = f.DaysSinceLastOrder,
        MeanGapDays = f.MeanGapDays,
        MedianGapDays = f.MedianGapDays,
        TypicalCycleDays = f.TypicalCycleDays,
        PredictedDate = Date(f.PredictedDay),
        P10Date = Date(f.P10Day),
        P25Date = Date(f.P25Day),
        P75Date = Date(f.P75Day),
        P90Date = Date(f.P90Day),
        CycleP90Date = Date(f.CycleP90Day),
        HorizonDays = f.HorizonDays,
        ProbabilityWithinHorizon = f.ProbabilityWithinHorizon,
        ProbabilityCustomerActive = f.ProbabilityCustomerActive,
        ProbabilityProductActive = f.ProbabilityProductActive,
        ProbabilityPairActive = f.ProbabilityPairActive,
        ExpectedQuantity = Quantity(f.ExpectedQuantity),
        UsualQuantity = Quantity(f.UsualQuantity),
    };

    /// <summary>
    /// Binary COPY into <c>core.reorder_predictions</c> inside the open transaction: a partition writes hundreds of
    /// thousands of rows, which change tracking would insert one statement batch at a time.
    /// </summary>
    private async Task CopyAsync(IReadOnlyList<ReorderPrediction> rows, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY core.reorder_predictions (prediction_run_id, model_version_id, as_of, customer_id, product_id, last_order_date, " +
            "order_count, days_since_last_order, mean_gap_days, median_gap_days, typical_cycle_days, predicted_date, p10_date, " +
            "p25_date, p75_date, p90_date, cycle_p90_date, horizon_days, probability_within_horizon, probability_customer_active, " +
            "probability_product_active, probability_pair_active, expected_quantity, usual_quantity, dismissal_reason, dismissal_date) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        foreach (var r in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(r.PredictionRunId, NpgsqlDbType.Bigint, cancellationToken);
            await WriteNullableAsync(writer, r.ModelVersionId, NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteAsync(r.AsOf, NpgsqlDbType.Date, cancellationToken);
            await writer.WriteAsync(r.CustomerId, NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteAsync(r.ProductId, NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteAsync(r.LastOrderDate, NpgsqlDbType.Date, cancellationToken);
            await writer.WriteAsync(r.OrderCount, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(r.DaysSinceLastOrder, NpgsqlDbType.Integer, cancellationToken);
            await WriteNullableAsync(writer, r.MeanGapDays, NpgsqlDbType.Double, cancellationToken);
            await WriteNullableAsync(writer, r.MedianGapDays, NpgsqlDbType.Double, cancellationToken);
            await writer.WriteAsync(r.TypicalCycleDays, NpgsqlDbType.Double, cancellationToken);
            await WriteNullableAsync(writer, r.PredictedDate, NpgsqlDbType.Date, cancellationToken);
            await WriteNullableAsync(writer, r.P10Date, NpgsqlDbType.Date, cancellationToken);
            await WriteNullableAsync(writer, r.P25Date, NpgsqlDbType.Date, cancellationToken);
            await WriteNullableAsync(writer, r.P75Date, NpgsqlDbType.Date, cancellationToken);
            await WriteNullableAsync(writer, r.P90Date, NpgsqlDbType.Date, cancellationToken);
            await WriteNullableAsync(writer, r.CycleP90Date, NpgsqlDbType.Date, cancellationToken);
            await writer.WriteAsync(r.HorizonDays, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(r.ProbabilityWithinHorizon, NpgsqlDbType.Double, cancellationToken);
            await writer.WriteAsync(r.ProbabilityCustomerActive, NpgsqlDbType.Double, cancellationToken);
            await writer.WriteAsync(r.ProbabilityProductActive, NpgsqlDbType.Double, cancellationToken);
            await writer.WriteAsync(r.ProbabilityPairActive, NpgsqlDbType.Double, cancellationToken);
            await writer.WriteAsync(r.ExpectedQuantity, NpgsqlDbType.Numeric, cancellationToken);
            await writer.WriteAsync(r.UsualQuantity, NpgsqlDbType.Numeric, cancellationToken);
            if (r.DismissalReason is null)
                await writer.WriteNullAsync(cancellationToken);
            else
                await writer.WriteAsync(r.DismissalReason, NpgsqlDbType.Varchar, cancellationToken);
            await WriteNullableAsync(writer, r.DismissalDate, NpgsqlDbType.Date, cancellationToken);
        }
        await writer.CompleteAsync(cancellationToken);
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct
    {
        if (value is { } v)
            await writer.WriteAsync(v, type, cancellationToken);
        else
            await writer.WriteNullAsync(cancellationToken);
    }

    /// <summary>A model day as a date; null stays null ("not expected").</summary>
    private static DateOnly? Date(int? day) => day is { } d ? DateOnly.FromDayNumber(d) : null;

    private static decimal Quantity(double q) => double.IsFinite(q) ? (decimal)Math.Round(Math.Min(q, 1e12), 4) : 0;

    /// <summary>Publishes the pipeline run's reorder run with its summary (pairs, P(order within the horizon)).</summary>
    public async Task CompleteAsync(PipelineRunContext pipelineRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipelineRun);
        var run = await runs.OfPipelineRunAsync(ReorderModelJob.Kind, pipelineRun.RunId, cancellationToken);
        if (run is null)
            return;
        var rows = db.Set<ReorderPrediction>().Where(r => r.PredictionRunId == run.Id);
        var items = await rows.LongCountAsync(cancellationToken);
        var metrics = new JsonObject { ["horizonDays"] = options.Value.HorizonDays };
        if (items > 0)
        {
            metrics["meanProbabilityWithinHorizon"] = await rows.AverageAsync(r => r.ProbabilityWithinHorizon, cancellationToken);
            metrics["expectedOrdersWithinHorizon"] = await rows.SumAsync(r => r.ProbabilityWithinHorizon, cancellationToken);
        }
        await runs.SucceedAsync(run.Id, items, metrics.ToJsonString(), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reorder partition {Partition}/{PartitionCount} as of {AsOf}: {Rows} predictions")]
    private static partial void LogPartition(ILogger logger, int partition, int partitionCount, DateOnly asOf, int rows);
}
