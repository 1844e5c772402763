using Forecast.Core.Data;
using Forecast.Core.Demand;
using Forecast.Core.Ingest;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.DemoWorld;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Forecast.IntegrationTests.Jobs;

/// <summary>Inserts an order dated the day after the data's end: stands in for the night's import.</summary>
internal sealed class OneDayImportStage(ForecastDbContext db, DateOnly orderDate) : IPipelineStage
{
    public string Name => PipelineCoordinator.ImportStage;
    public string Description => "test import";
    public Task<int> PlanPartitionsAsync(PipelineRunContext run, CancellationToken cancellationToken) => Task.FromResult(1);

    public async Task RunPartitionAsync(PipelineRunContext run, int partition, int partitionCount, CancellationToken cancellationToken)
    {
        var customer = await db.ErpCustomers.OrderBy(c => c.Id).FirstAsync(cancellationToken);
        var product = await db.Products.OrderBy(p => p.Id).FirstAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        db.SalesOrders.Add(new SalesOrder
        {
            SourceSystem = "test", SourceKey = "night", OrderNumber = "NIGHT-1", CustomerId = customer.Id, OrderDate = orderDate,
            Status = SalesOrderStatus.Open, UpdatedAt = now,
            Lines = [new SalesOrderLine { SourceSystem = "test", SourceKey = "night/1", LineNumber = 1, ProductId = product.Id, Quantity = 1, UnitPrice = 1, UpdatedAt = now }],
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>The run lifecycle: one business date, and prediction runs that readers see only when whole.</summary>
public sealed class RunLifecycleTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DemoWorldOptions World = new() { Seed = 7, Customers = 40, Products = 24 };
    // 02:00 in Taipei on the morning after the world's last day.
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(World.AsOf.AddDays(1).ToDateTime(new TimeOnly(2, 0)), TimeSpan.FromHours(8)).ToUniversalTime());

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        await using var db = database.CreateContext();
        await DemoWorldSeeder.SeedAsync(db, DemoWorldGenerator.Generate(World), DemoSeedParts.All);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static void ReplaceImport(IServiceCollection services, DateOnly orderDate)
    {
        foreach (var drop in services.Where(d => d.ServiceType == typeof(IPipelineStage) && d.ImplementationType == typeof(DropFolderStage)).ToList())
            services.Remove(drop);
        services.AddScoped<IPipelineStage>(sp => new OneDayImportStage(sp.GetRequiredService<ForecastDbContext>(), orderDate));
    }

    [Fact]
    public async Task LatestSucceeded_ShowsTheDemandRun_OnlyOnceItsLastPartitionIsDone()
    {
        using var host = PipelineRunner.CreateHost(database, Clock, new Dictionary<string, string?>
        {
            ["Demand:ProductsPerPartition"] = "10",
            ["Demand:BacktestWindows"] = "1",
        });
        var queue = host.Services.GetRequiredService<InlineStageDispatcher>();
        long runId;
        await using (var scope = host.Services.CreateAsyncScope())
            runId = (await scope.ServiceProvider.GetRequiredService<PipelineCoordinator>().StartAsync(World.AsOf, ["demand"], "test", default)).Id;

        var partitions = new List<(long RunId, string Stage, int Partition)>();
        while (queue.TryTake(out var item))
            partitions.Add(item);
        Assert.Equal(3, partitions.Count);
        for (var i = 0; i < partitions.Count; i++)
        {
            await using (var scope = host.Services.CreateAsyncScope())
                await scope.ServiceProvider.GetRequiredService<PipelineCoordinator>().RunPartitionAsync(partitions[i].RunId, partitions[i].Stage, partitions[i].Partition, default);

            await using var db = database.CreateContext();
            var run = await db.PredictionRuns.SingleAsync(r => r.PipelineRunId == runId);
            var visible = await PredictionRuns.LatestSucceeded(db, DemandForecastJob.Kind, null).SingleOrDefaultAsync();
            if (i < partitions.Count - 1)
            {
                // Rows of the first partitions are written, but nobody reads a run that is still being written.
                Assert.Equal(RunStatus.Running, run.Status);
                Assert.True(await db.DemandForecasts.AnyAsync(f => f.PredictionRunId == run.Id));
                Assert.Null(visible);
            }
            else
            {
                Assert.Equal(RunStatus.Succeeded, run.Status);
                Assert.Equal(run.Id, visible?.Id);
                Assert.Equal(World.Products, run.Items);
                Assert.Contains("meanBacktestMase", run.MetricsJson, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task DefaultAsOf_IsTheLastDayWithData_AndIgnoresRowsDatedAfterToday()
    {
        await using (var db = database.CreateContext())
        {
            var customer = await db.ErpCustomers.FirstAsync();
            db.SalesOrders.Add(new SalesOrder
            {
                SourceSystem = "test", SourceKey = "typo", OrderNumber = "TYPO", CustomerId = customer.Id, OrderDate = new DateOnly(9999, 1, 1),
                Status = SalesOrderStatus.Open, UpdatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        using var host = PipelineRunner.CreateHost(database, Clock);
        await using var scope = host.Services.CreateAsyncScope();
        var calendar = scope.ServiceProvider.GetRequiredService<BusinessCalendar>();

        Assert.Equal(World.AsOf.AddDays(1), calendar.Today());
        Assert.Equal(World.AsOf, await calendar.DefaultAsOfAsync(default));
    }

    [Fact]
    public async Task StartAsync_RefusesAnAsOfDateAfterToday_InTheBusinessTimeZone()
    {
        using var host = PipelineRunner.CreateHost(database, Clock);
        await using var scope = host.Services.CreateAsyncScope();
        var coordinator = scope.ServiceProvider.GetRequiredService<PipelineCoordinator>();

        var error = await Assert.ThrowsAsync<AsOfDateException>(() => coordinator.StartAsync(World.AsOf.AddDays(2), ["demand"], "test", default));
        Assert.Contains("after today", error.Message, StringComparison.Ordinal);
        await using var db = database.CreateContext();
        Assert.False(await db.PipelineRuns.AnyAsync());
    }

    [Fact]
    public async Task StartAsync_TakesTheAsOfDateFromTheImportedData_WhenTheRunImportsFirst()
    {
        var nextDay = World.AsOf.AddDays(1);
        using var host = PipelineRunner.CreateHost(database, Clock, configure: services => ReplaceImport(services, nextDay));

        var run = await PipelineRunner.RunAsync(host, null, [PipelineCoordinator.ImportStage, "customers"]);

        // Started as of the last day before the import; the night's export reaches one day further.
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(nextDay, run.AsOf);
        Assert.False(run.AsOfFromData);
    }

    [Fact]
    public async Task StartAsync_KeepsTheAsOfDateGiven_WhenTheRunImportsFirst()
    {
        var nextDay = World.AsOf.AddDays(1);
        using var host = PipelineRunner.CreateHost(database, Clock, configure: services => ReplaceImport(services, nextDay));

        var run = await PipelineRunner.RunAsync(host, World.AsOf.AddDays(-10), [PipelineCoordinator.ImportStage, "customers"]);

        Assert.Equal(World.AsOf.AddDays(-10), run.AsOf);
    }
}
