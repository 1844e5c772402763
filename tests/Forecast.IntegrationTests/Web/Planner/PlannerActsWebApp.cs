using Forecast.Core.Access;
using Forecast.Core.Demand;
using Forecast.DemoWorld;
using Forecast.Core.Inventory;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Forecast.IntegrationTests.Web.Planner;

/// <summary>
/// The web app over a small demo world with the stages the planner's pages need run once (customers, win probability,
/// demand, inventory), for tests that change things (settings, overrides): unlike <see cref="DemoWebApp"/> it is not
/// read-only, so each test takes its own product (<see cref="Product"/>) and never another test's.
/// </summary>
public sealed class PlannerActsWebApp : IAsyncLifetime
{
    private static readonly string[] Stages = ["customers", "win-probability", "demand", "inventory"];

    public WebApp App { get; } = new();
    public DemoWorld.DemoWorld World { get; } = DemoWorldGenerator.Generate(new DemoWorldOptions { Customers = 40, Products = 20, Years = 2 });
    /// <summary>Products with a plan and a model forecast that expects demand, by id.</summary>
    public IReadOnlyList<long> Products { get; private set; } = [];
    public string RepToken { get; private set; } = "";
    /// <summary>A product with a suggested order that no other test changes (not in the first eight of <see cref="Products"/>).</summary>
    public long ProductToOrder { get; private set; }

    /// <summary>A page signed in as the planner, in <paramref name="culture"/> (en or zh-TW) at <paramref name="width"/> px.</summary>
    public Task<IPage> PlannerPageAsync(Browser browser, string culture = "en", int width = 1400) =>
        browser.SignedInPageAsync(App.BaseAddress, App.Logins[Roles.Planner].Email, App.Logins[Roles.Planner].Password, culture, width);

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        await using (var db = App.Database.CreateContext())
            await DemoWorldSeeder.SeedAsync(db, World, DemoSeedParts.All);
        var run = await PipelineRunner.RunAsync(App.Database, World.Options.AsOf, Stages);
        if (run.Status != RunStatus.Succeeded)
            throw new InvalidOperationException($"The demo pipeline ended {run.Status}: the planner tests need its numbers.");

        await using (var db = App.Database.CreateContext())
        {
            var inventory = await PredictionRuns.LatestSucceeded(db, InventoryStage.RunKind, null).SingleAsync();
            var demand = await PredictionRuns.LatestSucceeded(db, DemandForecastJob.Kind, null).SingleAsync();
            var planned = await db.InventoryPlans.Where(p => p.PredictionRunId == inventory.Id).Select(p => p.ProductId).ToListAsync();
            Products = await db.DemandForecasts.Where(f => f.PredictionRunId == demand.Id && planned.Contains(f.ProductId))
                .GroupBy(f => f.ProductId).Where(g => g.Min(f => f.Mean) > 0.5).Select(g => g.Key).OrderBy(id => id).ToListAsync();
            if (Products.Count < 8)
                throw new InvalidOperationException($"Only {Products.Count} products have a forecast with demand every week: the planner tests need 8.");
            var taken = Products.Take(8).ToList();
            ProductToOrder = await db.InventoryPlans.Where(p => p.PredictionRunId == inventory.Id && p.SuggestedOrderQuantity > 0 && !taken.Contains(p.ProductId))
                .OrderBy(p => p.ProductId).Select(p => p.ProductId).FirstOrDefaultAsync();
            if (ProductToOrder == 0)
                throw new InvalidOperationException("No product with a suggested order is left for the purchase-proposal test.");
            var rep = await db.UnifiedCustomers.Where(c => c.OwnerRepId != null).Select(c => c.OwnerRepId!.Value).FirstAsync();
            RepToken = await App.IssueTokenAsync(Roles.Rep, rep);
        }
    }

    /// <summary>The product a test works on: each test its own index, so tests do not see each other's changes.</summary>
    public long Product(int index) => Products[index];

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>The product's plan in the latest published inventory run.</summary>
    public async Task<InventoryPlan> PlanAsync(long productId)
    {
        await using var db = App.Database.CreateContext();
        var run = await PredictionRuns.LatestSucceeded(db, InventoryStage.RunKind, null).FirstAsync();
        return await db.InventoryPlans.AsNoTracking().SingleAsync(p => p.PredictionRunId == run.Id && p.ProductId == productId);
    }

    /// <summary>The product's projected periods in the latest published inventory run.</summary>
    public async Task<List<StockProjection>> ProjectionAsync(long productId)
    {
        await using var db = App.Database.CreateContext();
        var run = await PredictionRuns.LatestSucceeded(db, InventoryStage.RunKind, null).FirstAsync();
        return await db.StockProjections.AsNoTracking().Where(p => p.PredictionRunId == run.Id && p.ProductId == productId).OrderBy(p => p.PeriodStart).ToListAsync();
    }

    /// <summary>The model's forecast weeks of the product (latest demand run), first first.</summary>
    public async Task<List<DemandForecast>> ForecastAsync(long productId)
    {
        await using var db = App.Database.CreateContext();
        var run = await PredictionRuns.LatestSucceeded(db, DemandForecastJob.Kind, null).FirstAsync();
        return await db.DemandForecasts.AsNoTracking().Where(f => f.PredictionRunId == run.Id && f.ProductId == productId).OrderBy(f => f.PeriodStart).ToListAsync();
    }

    /// <summary>The product's weekly demand as the models see it, for weeks complete by the world's as-of date.</summary>
    public async Task<DemandSeries> HistoryAsync(long productId)
    {
        await using var db = App.Database.CreateContext();
        return (await DemandSeriesBuilder.BuildAsync(db, [productId], World.Options.AsOf, new DemandOptions(), default)).Single();
    }

    public Task DisposeAsync() => App.DisposeAsync();
}
