using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Demand;

/// <summary>The nightly demand stage: products split into partitions of <see cref="DemandOptions.ProductsPerPartition"/>.</summary>
public sealed class DemandStage(DemandForecastJob job, ForecastDbContext db, IOptions<DemandOptions> options) : IPipelineStage
{
    public const string StageName = "demand";

    public string Name => StageName;
    public string Description => "Forecast weekly demand per product (auto: ETS, Theta, intermittent models) with intervals.";

    public async Task<int> PlanPartitionsAsync(PipelineRunContext run, CancellationToken cancellationToken)
    {
        var products = await db.Products.CountAsync(cancellationToken);
        return Math.Max(1, (int)Math.Ceiling(products / (double)options.Value.ProductsPerPartition));
    }

    public Task RunPartitionAsync(PipelineRunContext run, int partition, int partitionCount, CancellationToken cancellationToken) =>
        job.RunAsync(run, partition, partitionCount, cancellationToken);

    public Task CompleteAsync(PipelineRunContext run, CancellationToken cancellationToken) => job.CompleteAsync(run, cancellationToken);
}
