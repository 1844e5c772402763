using Forecast.Core.Customers;
using Forecast.Core.Data;
using Forecast.Core.Ingest;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.DemoWorld;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace Forecast.IntegrationTests.EndToEnd;

/// <summary>
/// The demo's path with nothing short-cut: the generator writes ERP and CRM exports, the shipped mappings import them,
/// the nightly pipeline runs every stage, and the results are compared with the generator's ground truth.
/// </summary>
public sealed class DemoWorldEndToEndTests(TestDatabase database, ITestOutputHelper output) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("forecast-e2e-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task NightlyPipeline_RecoversTheDemoWorldsTruth_WhenItsExportsAreImported()
    {
        await database.ResetAsync();
        var world = DemoWorldGenerator.Generate(new DemoWorldOptions());
        DemoWorldWriter.Write(world, _folder);

        var inline = new InlineStageDispatcher();
        using var host = TestHost.CreateBuilder(database, s => s.AddSingleton<IStageDispatcher>(inline), new Dictionary<string, string?>
        {
            // Several partitions, as on a bigger installation.
            ["Demand:ProductsPerPartition"] = "80",
        }).Build();

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var imports = scope.ServiceProvider.GetRequiredService<ImportService>();
            foreach (var (system, mapping) in new[] { ("erp", "demo-erp"), ("crm", "demo-crm") })
            {
                var result = await imports.ImportAsync(ImportMappings.Load(mapping), Path.Combine(_folder, system), null, default);
                Assert.True(result.Status == ImportStatus.Succeeded, $"{system} import {result.Status}: {result.Report.ToJson()}");
                output.WriteLine($"{system}: {result.Report.Inserted} rows inserted");
            }
            await scope.ServiceProvider.GetRequiredService<PipelineCoordinator>()
                .StartAsync(world.Options.AsOf, PipelineCoordinator.NightlyStages, "test", default);
        }
        while (inline.TryTake(out var item))
        {
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<PipelineCoordinator>().RunPartitionAsync(item.RunId, item.Stage, item.Partition, default);
        }

        await using var db = database.CreateContext();
        var run = await db.PipelineRuns.SingleAsync();
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.True(await db.StagePartitions.CountAsync(p => p.Stage == "demand") >= 3, "demand fanned out into partitions");

        // One customer across ERP and CRM, through the real import path.
        var truthLinks = ReadTruth("customer_links.csv").ToDictionary(r => r[0], r => r[1]);
        var autoLinks = await db.CustomerMatchCandidates.Where(c => c.Decision == MatchDecision.AutoLinked)
            .Select(c => new { Account = c.CrmAccount!.SourceKey, Customer = c.ErpCustomer!.Code }).ToListAsync();
        var correct = autoLinks.Count(l => truthLinks[l.Account] == l.Customer);
        var precision = correct / (double)autoLinks.Count;
        var recall = correct / (double)truthLinks.Values.Count(v => v != "");
        output.WriteLine($"matching: precision {precision:0.000}, recall {recall:0.000}");
        Assert.True(precision >= 0.95 && recall >= 0.90, $"precision {precision:0.000}, recall {recall:0.000}");

        // Purchase cycles: the reorder model recovers each regular pair's true cycle and tells churned pairs apart.
        var predictions = await db.Set<Forecast.Core.Reorder.ReorderPrediction>().AsNoTracking()
            .Select(r => new { Customer = r.Customer!.Code, Product = r.Product!.Sku, r.OrderCount, r.TypicalCycleDays, Alive = r.ProbabilityPairActive * r.ProbabilityCustomerActive })
            .ToDictionaryAsync(r => (r.Customer, r.Product));
        var regular = new List<double>();
        double aliveActive = 0, aliveChurned = 0;
        int active = 0, churned = 0;
        foreach (var row in ReadTruth("reorder_cycles.csv"))
        {
            if (!predictions.TryGetValue((row[0], row[1]), out var p) || p.OrderCount < 5)
                continue;
            if (row[8] is "Consumable" or "Component")
                regular.Add(Math.Abs(p.TypicalCycleDays / double.Parse(row[2], System.Globalization.CultureInfo.InvariantCulture) - 1));
            if (row[6] == "") { aliveActive += p.Alive; active++; }
            else { aliveChurned += p.Alive; churned++; }
        }
        var within30 = regular.Count(e => e < 0.3) / (double)regular.Count;
        output.WriteLine($"reorder: {regular.Count} regular pairs, {within30:P1} within 30% of the true cycle; mean P(still buying) {aliveActive / active:0.00} active vs {aliveChurned / churned:0.00} churned");
        Assert.True(regular.Count > 500);
        Assert.True(within30 >= 0.85, $"{within30:P1} of regular pairs within 30% of their true cycle");
        Assert.True(aliveActive / active > 0.9 && aliveChurned / churned < 0.4);

        // Win probability of open deals follows the generator's true probability.
        var truthWin = ReadTruth("opportunities.csv").ToDictionary(r => r[0], r => double.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture));
        var scored = await db.Set<Forecast.Core.Opportunities.OpportunityScore>().AsNoTracking()
            .Join(db.Opportunities, s => s.OpportunityId, o => o.Id, (s, o) => new { o.SourceKey, s.Probability }).ToListAsync();
        var correlation = Forecast.IntegrationTests.SecondWorld.TruthFigures.Pearson(scored.Select(s => s.Probability).ToArray(), scored.Select(s => truthWin[s.SourceKey]).ToArray());
        output.WriteLine($"win probability: {scored.Count} open deals, correlation with the truth {correlation:0.000}");
        Assert.True(scored.Count > 20 && correlation > 0.6, $"correlation {correlation:0.000}");

        // The dated cost changes arrive, each on its product and day, at its cost.
        var truthCosts = ReadTruth("cost_changes.csv").Select(r => (Sku: r[0], Day: DateOnly.ParseExact(r[1], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Cost: decimal.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture))).ToHashSet();
        var storedCosts = (await db.ProductCostChanges.AsNoTracking().Select(c => new { c.Product!.Sku, c.EffectiveOn, c.UnitCost }).ToListAsync())
            .Select(c => (c.Sku, Day: c.EffectiveOn, Cost: c.UnitCost)).ToHashSet();
        Assert.True(truthCosts.Count > 0 && truthCosts.SetEquals(storedCosts), $"{truthCosts.Count} cost changes generated, {storedCosts.Count} stored");

        // Every product gets demand forecasts (if it sold) and a stock plan.
        var products = await db.Products.CountAsync();
        Assert.Equal(products, await db.InventoryPlans.Select(p => p.ProductId).Distinct().CountAsync());
        Assert.True(await db.Set<Forecast.Core.Demand.DemandForecast>().Select(f => f.ProductId).Distinct().CountAsync() >= products * 0.95);
    }

    private IEnumerable<string[]> ReadTruth(string file) =>
        File.ReadLines(Path.Combine(_folder, "truth", file)).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','));
}
