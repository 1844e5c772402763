using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Reorder;

/// <summary>
/// The nightly reorder stage: customers split into partitions of <see cref="ReorderOptions.CustomersPerPartition"/> (1,000). The first partition to start fits the shared
/// model (customer activity, pooled priors) under an advisory lock; the others reuse it.
/// </summary>
public sealed class ReorderStage(ReorderPredictionJob job, ForecastDbContext db, IOptions<ReorderOptions> options) : IPipelineStage
{
    public const string StageName = "reorder";

    public string Name => StageName;
    public string Description => "Predict each customer's next order of each product they buy, with intervals and P(order soon).";

    public async Task<int> PlanPartitionsAsync(PipelineRunContext run, CancellationToken cancellationToken)
    {
        var customers = await db.ErpCustomers.CountAsync(cancellationToken);
        return Math.Max(1, (int)Math.Ceiling(customers / (double)options.Value.CustomersPerPartition));
    }

    public Task RunPartitionAsync(PipelineRunContext run, int partition, int partitionCount, CancellationToken cancellationToken) =>
        job.RunAsync(run, partition, partitionCount, cancellationToken);

    public Task CompleteAsync(PipelineRunContext run, CancellationToken cancellationToken) => job.CompleteAsync(run, cancellationToken);
}
