using Forecast.Core.Jobs;

namespace Forecast.Core.Customers;

/// <summary>The nightly "one customer across ERP and CRM" stage: one partition, as of the run's date.</summary>
public sealed class CustomersStage(CustomerUnification unification) : IPipelineStage
{
    public const string StageName = "customers";

    public string Name => StageName;
    public string Description => "Match CRM accounts to ERP customers, one owning rep each, report two-rep conflicts.";

    public Task<int> PlanPartitionsAsync(PipelineRunContext run, CancellationToken cancellationToken) => Task.FromResult(1);

    public Task RunPartitionAsync(PipelineRunContext run, int partition, int partitionCount, CancellationToken cancellationToken) =>
        unification.RunAsync(run.AsOf, cancellationToken);
}
