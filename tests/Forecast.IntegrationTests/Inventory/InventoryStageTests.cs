using System.Text.Json;
using Forecast.Core.Data;
using Forecast.Core.Inventory;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.IntegrationTests.Infrastructure;
using Forecast.Modeling.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Forecast.IntegrationTests.Inventory;

/// <summary>Forecasts handed in by the test, by product id: the seam the demand stage fills in production.</summary>
internal sealed class FixedDemandSource : IDemandForecastSource
{
    public Dictionary<long, ProductDemandForecast> Forecasts { get; } = [];

    public Task<IReadOnlyDictionary<long, ProductDemandForecast>> GetForecastsAsync(IReadOnlyCollection<long> productIds, DateOnly asOf, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<long, ProductDemandForecast>>(
            Forecasts.Where(f => productIds.Contains(f.Key)).ToDictionary(f => f.Key, f => f.Value));
}

public sealed class InventoryStageTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DateOnly AsOf = new(2026, 11, 27);
    private static readonly DateOnly First = AsOf.AddDays(1);
    private static readonly double[] Levels = [0.1, 0.25, 0.5, 0.75, 0.9];
    private readonly FixedDemandSource _demand = new();

    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private IHost BuildHost(IStageDispatcher dispatcher, int partitionSize = 500, bool fixedDemand = true) =>
        TestHost.CreateBuilder(database, services =>
        {
            services.AddSingleton(dispatcher);
            if (fixedDemand)
                services.AddSingleton<IDemandForecastSource>(_demand);
        }, new Dictionary<string, string?>
        {
            ["Inventory:PartitionSize"] = partitionSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Inventory:ReviewPeriodDays"] = "7",
            ["Inventory:SimulationPaths"] = "1000",
        }).Build();

    /// <summary>Starts the inventory stage as the pipeline does and drains its partitions in this process.</summary>
    private static async Task<long> RunInventoryAsync(IHost host, InlineStageDispatcher inline)
    {
        long runId;
        await using (var scope = host.Services.CreateAsyncScope())
            runId = (await scope.ServiceProvider.GetRequiredService<PipelineCoordinator>().StartAsync(AsOf, [InventoryStage.StageName], "test", default)).Id;
        while (inline.TryTake(out var item))
        {
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<PipelineCoordinator>().RunPartitionAsync(item.RunId, item.Stage, item.Partition, default);
        }
        return runId;
    }

    private static ProductDemandForecast Constant(double perWeek, int weeks = 4) => new(
        [.. Enumerable.Range(0, weeks).Select(w => First.AddDays(7 * w))], First.AddDays(7 * weeks),
        [.. Enumerable.Repeat(perWeek, weeks)], Levels,
        [.. Enumerable.Repeat<IReadOnlyList<double>>([perWeek, perWeek, perWeek, perWeek, perWeek], weeks)],
        "test-constant", "MASE", 0.8);

    private static Product NewProduct(string sku, string family, string supplier, int leadTime, decimal moq = 0, decimal pack = 1) => new()
    {
        SourceSystem = "erp", SourceKey = sku, Sku = sku, Name = $"Part {sku}", Family = family, Supplier = supplier,
        LeadTimeDays = leadTime, Moq = moq, PackSize = pack, UpdatedAt = DateTimeOffset.UtcNow,
    };

    private static StockOnHand Stock(Product product, string warehouse, decimal quantity, DateOnly asOf) => new()
    {
        SourceSystem = "erp", SourceKey = $"{product.Sku}|{warehouse}", Product = product, Warehouse = warehouse, Quantity = quantity, AsOf = asOf, UpdatedAt = DateTimeOffset.UtcNow,
    };

    private static IncomingSupply Po(Product product, string po, decimal quantity, DateOnly eta) => new()
    {
        SourceSystem = "erp", SourceKey = $"{po}|1", PurchaseOrderNumber = po, LineNumber = 1, Product = product, Quantity = quantity, ExpectedDate = eta,
        Supplier = product.Supplier, UpdatedAt = DateTimeOffset.UtcNow,
    };

    /// <summary>
    /// Three products whose plans are computed by hand (certain demand):
    /// A: 10 a day, 60 + 40 on hand, 70 arriving 2026-12-07, lead time 7, MOQ 50, packs of 12;
    /// C: 5 a day, 300 on hand, 100 arriving 2026-12-17, lead time 10;
    /// D: 10 a day, 10 on hand, lead time 14 — short on the second day.
    /// </summary>
    private async Task<(Product A, Product C, Product D, Product NoForecast)> SeedHandComputedAsync()
    {
        await using var db = database.CreateContext();
        var a = NewProduct("BR-100", "Bearings", "Acme", leadTime: 7, moq: 50, pack: 12);
        var c = NewProduct("BR-200", "Bearings", "Formosa", leadTime: 10);
        var d = NewProduct("GR-300", "Gears", "Acme", leadTime: 14);
        var none = NewProduct("GR-400", "Gears", "Acme", leadTime: 14);
        db.AddRange(a, c, d, none);
        db.AddRange(
            Stock(a, "TPE", 60, AsOf), Stock(a, "TXG", 40, AsOf),
            Stock(a, "OLD", 500, AsOf.AddDays(-10)),  // an older count: only the latest day's counts are summed
            Stock(a, "FUT", 900, AsOf.AddDays(3)),    // counted after the as-of date: not yet known then
            Stock(c, "TPE", 300, AsOf), Stock(d, "TPE", 10, AsOf), Stock(none, "TPE", 5, AsOf));
        db.AddRange(
            Po(a, "PO-1", 70, new DateOnly(2026, 12, 7)),
            Po(a, "PO-0", 999, AsOf.AddDays(-3)),     // overdue: not counted, but noted
            Po(c, "PO-2", 100, AsOf.AddDays(20)));
        await db.SaveChangesAsync();
        _demand.Forecasts[a.Id] = Constant(70);
        _demand.Forecasts[c.Id] = Constant(35);
        _demand.Forecasts[d.Id] = Constant(70);
        return (a, c, d, none);
    }

    [Fact]
    public async Task RunPartitionAsync_WritesTheHandComputedPlanAndPeriods_WhenDemandIsCertain()
    {
        var (a, _, _, none) = await SeedHandComputedAsync();
        var inline = new InlineStageDispatcher();
        using var host = BuildHost(inline);

        await RunInventoryAsync(host, inline);

        await using var db = database.CreateContext();
        var run = await db.PredictionRuns.SingleAsync(r => r.Kind == InventoryStage.RunKind);
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(3, run.Items);
        using (var metrics = JsonDocument.Parse(run.MetricsJson))
            Assert.Equal(1, metrics.RootElement.GetProperty("withoutPlan").GetInt32());
        Assert.False(await db.InventoryPlans.AnyAsync(p => p.ProductId == none.Id));

        var plan = await db.InventoryPlans.SingleAsync(p => p.ProductId == a.Id);
        Assert.Equal(100m, plan.OnHand);
        Assert.Equal(AsOf, plan.StockCountedOn);
        Assert.Equal(70m, plan.IncomingTotal);
        Assert.Equal(10, plan.DaysOfCover);
        Assert.Equal(0, plan.StockoutProbabilityWithinLeadTime);
        Assert.Equal(new DateOnly(2026, 12, 15), plan.ProjectedStockoutDate); // 170 − 10(k+1) < 0 first at k = 17
        Assert.Equal(140m, plan.ReorderPoint);                                // 14 days (lead 7 + review 7) × 10
        Assert.Equal(0m, plan.SafetyStock);
        Assert.Equal(210m, plan.OrderUpToLevel);                              // 140 + max(7 × 10, MOQ 50)
        Assert.Equal(new DateOnly(2026, 12, 1), plan.OrderByDate);            // position 170 − 40 = 130 < 140
        Assert.Equal(84m, plan.SuggestedOrderQuantity);                       // 210 − 130 = 80 → 7 packs of 12
        Assert.Equal("test-constant", plan.DemandModel);
        Assert.Equal("MASE 0.8", plan.DemandAccuracy);
        Assert.Contains("not counted", plan.MethodNotes, StringComparison.Ordinal);

        var periods = await db.StockProjections.Where(p => p.ProductId == a.Id).OrderBy(p => p.PeriodStart).ToListAsync();
        Assert.Equal([First, First.AddDays(7), First.AddDays(14), First.AddDays(21)], periods.Select(p => p.PeriodStart));
        Assert.Equal(First.AddDays(6), periods[0].PeriodEnd);
        Assert.Equal([30m, 30m, -40m, -110m], periods.Select(p => p.StockP50));
        Assert.Equal([0, 0, 1, 1], periods.Select(p => p.StockoutProbability));
        Assert.Equal([0m, 70m, 0m, 0m], periods.Select(p => p.Incoming));
        Assert.All(periods, p => Assert.Equal(run.Id, p.PredictionRunId));
    }

    [Fact]
    public async Task RunPartitionAsync_ReplacesItsOwnRows_WhenThePartitionRunsAgain()
    {
        var (a, _, _, _) = await SeedHandComputedAsync();
        var inline = new InlineStageDispatcher();
        using var host = BuildHost(inline);
        var pipelineRunId = await RunInventoryAsync(host, inline);
        await using (var db = database.CreateContext())
            await db.StockOnHand.Where(s => s.ProductId == a.Id && s.Warehouse == "TPE").ExecuteUpdateAsync(s => s.SetProperty(x => x.Quantity, 160m));

        // Hangfire delivers at least once: the same partition of the same pipeline run executes again.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var stage = scope.ServiceProvider.GetRequiredService<InventoryStage>();
            await stage.RunPartitionAsync(new PipelineRunContext(pipelineRunId, AsOf), 0, 1, default);
        }

        await using var check = database.CreateContext();
        Assert.Equal(1, await check.PredictionRuns.CountAsync(r => r.Kind == InventoryStage.RunKind));
        Assert.Equal(3, await check.InventoryPlans.CountAsync());
        Assert.Equal(3 * 4, await check.StockProjections.CountAsync());
        var plan = await check.InventoryPlans.SingleAsync(p => p.ProductId == a.Id);
        Assert.Equal(200m, plan.OnHand);
        Assert.Equal(new DateOnly(2026, 12, 11), plan.OrderByDate); // position 200 + 70: 270 − 10(k+1) < 140 first at k = 13
        Assert.Equal(RunStatus.Succeeded, (await check.PredictionRuns.SingleAsync()).Status);
    }

    [Fact]
    public async Task Partitions_TogetherGiveTheSameRowsAsOnePartition_WhenDemandIsUncertain()
    {
        await using (var db = database.CreateContext())
        {
            var random = new Random(4);
            for (var i = 0; i < 12; i++)
            {
                var product = NewProduct($"P-{i:00}", i % 2 == 0 ? "Bearings" : "Gears", "Acme", leadTime: 7 + 3 * i, moq: 10 * i, pack: 1 + i % 4);
                db.Add(product);
                db.Add(Stock(product, "TPE", random.Next(0, 200), AsOf));
                if (i % 3 == 0)
                    db.Add(Po(product, $"PO-{i}", 50, AsOf.AddDays(5 + i)));
                await db.SaveChangesAsync();
                var scale = 5 + random.NextDouble() * 40;
                _demand.Forecasts[product.Id] = new ProductDemandForecast(
                    [.. Enumerable.Range(0, 8).Select(w => First.AddDays(7 * w))], First.AddDays(56),
                    [.. Enumerable.Repeat(scale, 8)], Levels,
                    [.. Enumerable.Repeat<IReadOnlyList<double>>([0, scale * 0.4, scale * 0.9, scale * 1.4, scale * 2.1], 8)]);
            }
        }

        var single = new InlineStageDispatcher();
        using (var host = BuildHost(single, partitionSize: 100))
            await RunInventoryAsync(host, single);
        // The second run as of the same day replaces the first once published: keep what the first one wrote.
        List<string> one, onePeriods;
        await using (var first = database.CreateContext())
        {
            one = (await first.InventoryPlans.OrderBy(p => p.ProductId).ToListAsync()).Select(Comparable).ToList();
            onePeriods = (await first.StockProjections.OrderBy(p => p.ProductId).ThenBy(p => p.PeriodStart).ToListAsync()).Select(Comparable).ToList();
        }
        var split = new InlineStageDispatcher();
        long splitRun;
        using (var host = BuildHost(split, partitionSize: 5))
            splitRun = await RunInventoryAsync(host, split);

        await using var check = database.CreateContext();
        Assert.Equal(3, await check.StagePartitions.CountAsync(p => p.PipelineRunId == splitRun));
        var run = Assert.Single(await check.PredictionRuns.Where(r => r.Kind == InventoryStage.RunKind).ToListAsync());
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(splitRun, run.PipelineRunId);
        var many = (await check.InventoryPlans.OrderBy(p => p.ProductId).ToListAsync()).Select(Comparable).ToList();
        Assert.Equal(12, one.Count);
        Assert.Equal(one, many);
        var periods = await check.StockProjections.ToListAsync();
        Assert.Equal(onePeriods, periods.OrderBy(p => p.ProductId).ThenBy(p => p.PeriodStart).Select(Comparable));
        // Uncertain demand really was simulated: some probabilities strictly between 0 and 1.
        Assert.Contains(periods, p => p.StockoutProbability is > 0 and < 1);
    }

    /// <summary>Every column except the row and run ids, as one string.</summary>
    private static string Comparable(InventoryPlan p) => JsonSerializer.Serialize(new
    {
        p.ProductId, p.OnHand, p.IncomingTotal, p.DaysOfCover, p.StockoutProbabilityWithinLeadTime, p.ProjectedStockoutDate, p.ReorderPoint,
        p.SafetyStock, p.OrderUpToLevel, p.NormalApproximationReorderPoint, p.SuggestedOrderQuantity, p.OrderByDate, p.ExpectedFillRate,
        p.MethodNotes, p.AvailableToPromiseJson,
    });

    private static string Comparable(StockProjection p) => JsonSerializer.Serialize(new
    {
        p.ProductId, p.PeriodStart, p.PeriodEnd, p.MeanDemand, p.Incoming, p.StockP10, p.StockP50, p.StockP90, p.StockoutProbability, p.AvailableToPromise,
    });

    [Fact]
    public async Task Queries_ListAtRiskFirst_FilterByFamilyAndSupplier_AndAnswerShipDates()
    {
        var (a, c, d, _) = await SeedHandComputedAsync();
        await using (var db = database.CreateContext())
        {
            var customer = new ErpCustomer { SourceSystem = "erp", SourceKey = "C1", Code = "C1", Name = "Buyer", UpdatedAt = DateTimeOffset.UtcNow };
            db.Add(customer);
            await db.SaveChangesAsync();
            SalesOrder Order(string number, SalesOrderStatus status, DateOnly ordered, DateOnly? requested, decimal quantity) => new()
            {
                SourceSystem = "erp", SourceKey = number, OrderNumber = number, CustomerId = customer.Id, OrderDate = ordered, RequestedDate = requested,
                Status = status, UpdatedAt = DateTimeOffset.UtcNow,
                Lines = [new SalesOrderLine { SourceSystem = "erp", SourceKey = $"{number}/1", LineNumber = 1, ProductId = c.Id, Quantity = quantity, UnitPrice = 1, UpdatedAt = DateTimeOffset.UtcNow }],
            };
            db.AddRange(
                Order("SO-OPEN", SalesOrderStatus.Open, AsOf.AddDays(-2), AsOf.AddDays(10), 120),    // taken, ships on day 10: reserved
                Order("SO-SHIPPED", SalesOrderStatus.Shipped, AsOf.AddDays(-5), AsOf.AddDays(-1), 80), // gone already: in the count, not reserved
                Order("SO-LATER", SalesOrderStatus.Open, AsOf.AddDays(2), AsOf.AddDays(12), 90));      // taken after the as-of date: unknown then
            await db.SaveChangesAsync();
        }
        var inline = new InlineStageDispatcher();
        using var host = BuildHost(inline);
        await RunInventoryAsync(host, inline);
        await using var scope = host.Services.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<InventoryQueries>();

        var all = await queries.AtRiskAsync(new AtRiskFilter(), default);
        // D runs short on day 2 (certain); A and C are safe within their lead times, A runs out on 2026-12-15, C never.
        Assert.Equal([d.Id, a.Id, c.Id], all.Items.Select(i => i.ProductId));
        Assert.Equal(3, all.Total);
        Assert.Equal(AsOf, all.AsOf);
        Assert.Equal(1, all.Items[0].StockoutProbabilityWithinLeadTime);
        Assert.Equal(AsOf.AddDays(2), all.Items[0].ProjectedStockoutDate);
        Assert.Equal(AsOf, all.Items[0].OrderByDate);
        Assert.Equal([a.Id, c.Id], (await queries.AtRiskAsync(new AtRiskFilter(Family: "Bearings"), default)).Items.Select(i => i.ProductId));
        Assert.Equal([d.Id, a.Id], (await queries.AtRiskAsync(new AtRiskFilter(Supplier: "Acme"), default)).Items.Select(i => i.ProductId));
        Assert.Equal([d.Id], (await queries.AtRiskAsync(new AtRiskFilter(OrderDueBy: AsOf), default)).Items.Select(i => i.ProductId));
        var page = await queries.AtRiskAsync(new AtRiskFilter(Skip: 1, Take: 1), default);
        Assert.Equal((3, a.Id), (page.Total, page.Items.Single().ProductId));

        // C: 300 on hand, 100 arriving on day 20, an order of 120 taken and due on day 10. Stock not promised to that order
        // may be promised, whatever the forecast of new orders: 180 from now, 280 once the supply is in.
        var now = await queries.EarliestShipDateAsync(c.Id, 150, default);
        Assert.Equal((First, ShipDateBasis.AvailableNow, 180m), (now!.Date, now.Basis, now.AvailableOnDate));
        var later = await queries.EarliestShipDateAsync(c.Id, 250, default);
        Assert.Equal((AsOf.AddDays(20), ShipDateBasis.AfterScheduledSupply, 280m), (later!.Date, later.Basis, later.AvailableOnDate));
        var tooMuch = await queries.EarliestShipDateAsync(c.Id, 400, default);
        Assert.Equal((AsOf.AddDays(11), ShipDateBasis.NeedsNewReplenishment), (tooMuch!.Date, tooMuch.Basis));
        // D runs out within days by the forecast, but its 10 on the shelf are promised to nobody: 1 ships now, 20 cannot.
        var fromShelf = await queries.EarliestShipDateAsync(d.Id, 1, default);
        Assert.Equal((First, ShipDateBasis.AvailableNow), (fromShelf!.Date, fromShelf.Basis));
        var shortItem = await queries.EarliestShipDateAsync(d.Id, 20, default);
        Assert.Equal((AsOf.AddDays(15), ShipDateBasis.NeedsNewReplenishment), (shortItem!.Date, shortItem.Basis));

        var view = await queries.ProductAsync(a.Id, default);
        Assert.NotNull(view);
        Assert.Equal("BR-100", view.Sku);
        Assert.Equal(4, view.Periods.Count);
        Assert.Equal([("PO-0", false), ("PO-1", true)], view.Incoming.Select(i => (i.PurchaseOrderNumber, i.Counted)));
        Assert.Null(await queries.ProductAsync(-1, default));
    }

    [Fact]
    public async Task Queries_ShowNothing_UntilARunHasCompleted()
    {
        await SeedHandComputedAsync();
        var inline = new InlineStageDispatcher();
        using var host = BuildHost(inline);
        await using (var scope = host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<PipelineCoordinator>().StartAsync(AsOf, [InventoryStage.StageName], "test", default);
        // Started, but no partition has run yet.
        await using var queryScope = host.Services.CreateAsyncScope();
        var queries = queryScope.ServiceProvider.GetRequiredService<InventoryQueries>();

        var list = await queries.AtRiskAsync(new AtRiskFilter(), default);

        Assert.Null(list.PredictionRunId);
        Assert.Empty(list.Items);
    }

    [Fact]
    public async Task OrderHistoryDemandSource_TakesTheWeeklyTotalsOfTheHistory_AsEveryFutureWeeksDistribution()
    {
        await using (var db = database.CreateContext())
        {
            var customer = new ErpCustomer { SourceSystem = "erp", SourceKey = "C1", Code = "C1", Name = "大同精密", UpdatedAt = DateTimeOffset.UtcNow };
            var product = NewProduct("CN-1001", "Connectors", "Acme", leadTime: 14);
            db.AddRange(customer, product, Stock(product, "TPE", 40, AsOf));
            var n = 0;
            void Order(DateOnly date, decimal quantity, SalesOrderStatus status = SalesOrderStatus.Invoiced) => db.Add(new SalesOrder
            {
                SourceSystem = "erp", SourceKey = $"SO-{++n}", OrderNumber = $"SO-{n}", Customer = customer, OrderDate = date, Status = status, UpdatedAt = DateTimeOffset.UtcNow,
                Lines = [new SalesOrderLine { SourceSystem = "erp", SourceKey = $"SO-{n}|1", LineNumber = 1, Product = product, Quantity = quantity, IsReturn = quantity < 0, UpdatedAt = DateTimeOffset.UtcNow }],
            });
            // Four weeks of history ending on the as-of date: week totals 10 (10 + 5 − 5 returned), 0, 20, 40.
            Order(AsOf, 10);
            Order(AsOf.AddDays(-6), 5);
            Order(AsOf.AddDays(-2), -5);
            Order(AsOf.AddDays(-9), 100, SalesOrderStatus.Cancelled);
            Order(AsOf.AddDays(-14), 20);
            Order(AsOf.AddDays(-27), 40);
            Order(AsOf.AddDays(-40), 70); // before the window: only tells that the product sold before
            await db.SaveChangesAsync();
        }
        var inline = new InlineStageDispatcher();
        using var host = TestHost.CreateBuilder(database, s => s.AddSingleton<IStageDispatcher>(inline), new Dictionary<string, string?>
        {
            ["Inventory:HistoryWeeks"] = "4",
            ["Inventory:HorizonWeeks"] = "6",
        }).Build();

        await using (var scope = host.Services.CreateAsyncScope())
        {
            // The production source: with no demand-stage forecast yet, it falls back to order history.
            var source = scope.ServiceProvider.GetRequiredService<IDemandForecastSource>();
            var db = scope.ServiceProvider.GetRequiredService<ForecastDbContext>();
            var id = await db.Products.Select(p => p.Id).SingleAsync();
            var forecast = (await source.GetForecastsAsync([id], AsOf, default))[id];
            Assert.Equal(OrderHistoryDemandSource.ModelName, forecast.Model);

            // Sorted totals 0, 10, 20, 40; R's quantile type 7: p10 = 3, p25 = 7.5, p50 = 15, p75 = 25, p90 = 34.
            Assert.Equal([3, 7.5, 15, 25, 34], forecast.Quantiles[0].Select(q => Math.Round(q, 9)));
            Assert.Equal(17.5, forecast.Means[5], 9);
            Assert.Equal(6, forecast.PeriodStarts.Count);
            Assert.Equal(First, forecast.PeriodStarts[0]);
            Assert.Equal(First.AddDays(42), forecast.HorizonEnd);
        }

        await RunInventoryAsync(host, inline);
        await using var check = database.CreateContext();
        var plan = await check.InventoryPlans.SingleAsync();
        Assert.Equal(OrderHistoryDemandSource.ModelName, plan.DemandModel);
        Assert.Equal(40m, plan.OnHand);
        Assert.Equal(40 / 2.5, plan.DaysOfCover!.Value, 6); // 17.5 a week = 2.5 a day
    }
}
