using System.Text.Json;
using Forecast.Core.Customers;
using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.Core.Opportunities;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Forecast.IntegrationTests.Opportunities;

public sealed class WinProbabilityJobTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly DateOnly AsOf = PipelineSeed.AsOf;
    // The seed's data reach one day past its as-of date (an order placed the next day): the nightly run is as of that day.
    private static readonly DateOnly ScoredOn = PipelineSeed.AsOf.AddDays(1);
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);

    /// <summary>The stage run by hand: one partition and its completion, under a new pipeline run, at the clock given.</summary>
    private async Task<WinProbabilityRunResult> ScoreAsync(DateOnly asOf, DateTimeOffset? now = null)
    {
        using var host = PipelineRunner.CreateHost(database, new FakeTimeProvider(now ?? Now));
        long pipelineRunId;
        await using (var db = database.CreateContext())
        {
            var run = new PipelineRun { AsOf = asOf, Stages = [WinProbabilityStage.StageName], Trigger = "test", StartedAt = now ?? Now, Status = RunStatus.Running };
            db.PipelineRuns.Add(run);
            await db.SaveChangesAsync();
            pipelineRunId = run.Id;
        }
        var context = new PipelineRunContext(pipelineRunId, asOf);
        await using var scope = host.Services.CreateAsyncScope();
        var job = scope.ServiceProvider.GetRequiredService<WinProbabilityJob>();
        var result = await job.RunAsync(context, CancellationToken.None);
        await job.CompleteAsync(context, CancellationToken.None);
        return result;
    }

    [Fact]
    public async Task RunAsync_ScoresWithTheLowDataRates_WhenFewDealsClosed()
    {
        await database.ResetAsync();
        await using (var db = database.CreateContext())
            await PipelineSeed.SeedAsync(db, closedDeals: 12, openDeals: 6, seed: 1);

        await using (var db = database.CreateContext())
        {
            var result = await ScoreAsync(ScoredOn);
            Assert.Equal(Forecast.Modeling.WinRates.ScoreMode.LowData, result.Mode);
            Assert.Null(result.ModelVersionId);
            Assert.Equal(6, result.Scored);
        }

        await using (var db = database.CreateContext())
        {
            var run = await db.PredictionRuns.SingleAsync();
            Assert.Equal(RunStatus.Succeeded, run.Status);
            Assert.Equal(WinProbabilityJob.Kind, run.Kind);
            Assert.Equal(6, run.Items);
            var scores = await db.OpportunityScores.ToListAsync();
            Assert.Equal(6, scores.Count);
            Assert.All(scores, s =>
            {
                Assert.InRange(s.Probability, 0, 1);
                Assert.Equal("low-data", s.Model);
                Assert.Null(s.ClassifierProbability);
                Assert.Equal(run.Id, s.RunId);
                Assert.Equal(ScoredOn, s.AsOf);
            });
            // The stage prior shows: Negotiation deals score above Prospecting ones of the same rep mix.
            var stageOf = await db.Opportunities.ToDictionaryAsync(o => o.Id, o => o.Stage);
            Assert.True(
                scores.Where(s => stageOf[s.OpportunityId] == "Negotiation").Average(s => s.Probability)
                > scores.Where(s => stageOf[s.OpportunityId] == "Prospecting").Average(s => s.Probability));
            Assert.Contains(scores, s => s.FactorsText.Contains("stage Negotiation (typically 60% won)", StringComparison.Ordinal));
            Assert.Empty(await db.ModelVersions.ToListAsync());
        }
    }

    [Fact]
    public async Task RunAsync_UsesTheCalibratedClassifierAndStoresIt_WhenManyDealsClosed()
    {
        await database.ResetAsync();
        await using (var db = database.CreateContext())
            await PipelineSeed.SeedAsync(db, closedDeals: 700, openDeals: 25, seed: 2);

        await using (var db = database.CreateContext())
        {
            var result = await ScoreAsync(ScoredOn);
            Assert.Equal(Forecast.Modeling.WinRates.ScoreMode.Classifier, result.Mode);
            Assert.False(result.ModelReused);
            Assert.NotNull(result.ModelVersionId);
        }

        await using (var db = database.CreateContext())
        {
            var version = await db.ModelVersions.SingleAsync();
            Assert.Equal(WinProbabilityJob.Kind, version.Kind);
            Assert.True(version.IsCurrent);
            Assert.Equal(1, version.Version);
            Assert.NotEmpty(version.Artefact!);
            Assert.Equal(42, version.Seed);
            Assert.Equal(ScoredOn, version.TrainedTo);
            using (var manifest = JsonDocument.Parse(version.ManifestJson))
            {
                Assert.Equal(64, manifest.RootElement.GetProperty("fingerprint").GetString()!.Length);
                Assert.True(manifest.RootElement.GetProperty("calibrationFolds").GetArrayLength() >= 1);
            }
            using (var metrics = JsonDocument.Parse(version.MetricsJson))
                Assert.InRange(metrics.RootElement.GetProperty("auc").GetDouble(), 0, 1);

            var run = await db.PredictionRuns.SingleAsync();
            Assert.Equal(version.Id, run.ModelVersionId);
            var scores = await db.OpportunityScores.ToListAsync();
            Assert.Equal(25, scores.Count);
            Assert.All(scores, s =>
            {
                Assert.InRange(s.Probability, 0, 1);
                Assert.Equal("classifier", s.Model);
                Assert.Equal(s.ClassifierProbability!.Value, s.Probability, 12);
            });
            Assert.Contains(scores, s => s.FactorsText.Contains("pts: ", StringComparison.Ordinal));

            // Pipeline demand: no more than the open lines' units, each period's variance non-negative.
            var demand = await db.PipelineDemand.ToListAsync();
            Assert.NotEmpty(demand);
            var openUnits = await db.OpportunityLines.Where(l => l.Opportunity!.Outcome == OpportunityOutcome.Open).SumAsync(l => l.Quantity);
            Assert.InRange(demand.Sum(d => d.ExpectedUnits), 0.01, (double)openUnits);
            Assert.All(demand, d => Assert.True(d.Variance >= 0 && d.PeriodStart.DayOfWeek == DayOfWeek.Monday));
            // Linked customers keep buying three of the four products: those lines are repeat business, the rest new.
            Assert.All(demand, d => Assert.InRange(d.NewBusinessUnits, 0, d.ExpectedUnits + 1e-9));
            Assert.InRange(demand.Sum(d => d.NewBusinessUnits), 0.01, demand.Sum(d => d.ExpectedUnits) - 0.01);
        }
    }

    [Fact]
    public async Task RunAsync_ReplacesTheDaysRowsAndReusesTheModel_WhenRunTwice()
    {
        await database.ResetAsync();
        await using (var db = database.CreateContext())
            await PipelineSeed.SeedAsync(db, closedDeals: 700, openDeals: 10, seed: 3);

        WinProbabilityRunResult first, second;
        first = await ScoreAsync(ScoredOn);
        second = await ScoreAsync(ScoredOn);

        Assert.True(second.ModelReused);
        Assert.Equal(first.ModelVersionId, second.ModelVersionId);
        await using (var db = database.CreateContext())
        {
            var run = await db.PredictionRuns.SingleAsync();
            Assert.Equal(second.RunId, run.Id);
            Assert.Equal(10, await db.OpportunityScores.CountAsync());
            Assert.All(await db.OpportunityScores.ToListAsync(), s => Assert.Equal(second.RunId, s.RunId));
            Assert.Equal(first.DemandRows, await db.PipelineDemand.CountAsync());
            Assert.Single(await db.ModelVersions.ToListAsync());
            // One observation per open deal for the day, however often the job runs.
            Assert.Equal(10, await db.OpportunityObservations.CountAsync());
            Assert.Equal(10, await db.OpportunityObservations.CountAsync(o => o.ObservedOn == ScoredOn));
        }
    }

    [Fact]
    public async Task RunAsync_RecordsAStageOnlyWhenItChanges_WhenRunOnLaterDays()
    {
        await database.ResetAsync();
        await using (var db = database.CreateContext())
            await PipelineSeed.SeedAsync(db, closedDeals: 12, openDeals: 4, seed: 5);

        await ScoreAsync(ScoredOn, Now);
        long movedId;
        await using (var db = database.CreateContext())
        {
            var moved = await db.Opportunities.FirstAsync(o => o.Outcome == OpportunityOutcome.Open && o.Stage != "Negotiation");
            moved.Stage = "Negotiation";
            movedId = moved.Id;
            await db.SaveChangesAsync();
        }
        await ScoreAsync(ScoredOn.AddDays(1), Now.AddDays(1));

        await using (var db = database.CreateContext())
        {
            // The nightly run as of yesterday dates what it sees that day.
            Assert.Equal(4, await db.OpportunityObservations.CountAsync(o => o.ObservedOn == ScoredOn));
            var second = await db.OpportunityObservations.Where(o => o.ObservedOn == ScoredOn.AddDays(1)).ToListAsync();
            var row = Assert.Single(second);
            Assert.Equal(movedId, row.OpportunityId);
            Assert.Equal("Negotiation", row.Stage);
            // Both days' runs are kept: a run replaces only its own day.
            Assert.Equal(2, await db.PredictionRuns.CountAsync());
        }

        // Scoring a day before the data end records nothing: the CRM's current stages were not that day's.
        await ScoreAsync(ScoredOn.AddDays(-30), Now.AddDays(1));
        await using (var db = database.CreateContext())
            Assert.Equal(5, await db.OpportunityObservations.CountAsync());
    }

    [Fact]
    public async Task LoadAsync_ReadsErpHistoryThroughCustomerLinks_AndNothingAfterTheDay()
    {
        await database.ResetAsync();
        await using (var db = database.CreateContext())
            await PipelineSeed.SeedAsync(db, closedDeals: 12, openDeals: 3, seed: 4);

        await using (var db = database.CreateContext())
        {
            var linked = await db.CustomerAccountLinks.Include(l => l.UnifiedCustomer).FirstAsync(l => l.UnifiedCustomer!.ErpCustomerId != null);
            var loaded = await OpportunityHistoryLoader.LoadAsync(db, AsOf, CancellationToken.None);
            var key = $"u:{linked.UnifiedCustomerId}";
            Assert.Contains(key, loaded.Data.ErpLinkedAccounts);
            Assert.Contains(loaded.Data.Orders, o => o.AccountKey == key);
            Assert.All(loaded.Data.Orders, o => Assert.True(o.OrderedOn <= AsOf));
            Assert.All(loaded.Data.Activities, a => Assert.True(a.OccurredOn <= AsOf));
            var dealsOfAccount = await db.Opportunities.Where(o => o.AccountId == linked.CrmAccountId).Select(o => o.Id.ToString()).ToListAsync();
            Assert.All(loaded.Data.Deals.Where(d => dealsOfAccount.Contains(d.Id)), d => Assert.Equal(key, d.AccountKey));
            // The seed has an order dated after the as-of day; the ERP sum must not include it.
            var orderAfter = await db.SalesOrders.CountAsync(o => o.OrderDate > AsOf);
            Assert.True(orderAfter > 0);
            Assert.Equal(await db.SalesOrders.CountAsync(o => o.OrderDate <= AsOf), loaded.Data.Orders.Count);
        }
    }
}

/// <summary>
/// Seeds a small company: two teams of reps, CRM accounts (half linked to ERP customers with orders and an
/// unpaid invoice), closed deals whose win chance rises with recent customer activity, and open deals with
/// stages and product lines.
/// </summary>
internal static class PipelineSeed
{
    public static readonly DateOnly AsOf = new(2026, 11, 26);
    private static readonly string[] Stages = ["Prospecting", "Qualification", "Proposal", "Negotiation"];

    public static async Task SeedAsync(ForecastDbContext db, int closedDeals, int openDeals, int seed)
    {
        var random = new Random(seed);
        var now = new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);
        T Sourced<T>(T row, string key) where T : SourcedRow
        {
            row.SourceSystem = "test";
            row.SourceKey = key;
            row.UpdatedAt = now;
            return row;
        }

        var reps = Enumerable.Range(0, 6).Select(i => Sourced(new Rep { Name = $"Rep {i}", Email = $"rep{i}@example.com", Team = i < 3 ? "North" : "South" }, $"rep{i}")).ToList();
        var products = Enumerable.Range(0, 4).Select(i => Sourced(new Product { Sku = $"CN-{1000 + i}", Name = $"Part {i}", Family = i < 2 ? "Connectors" : "Bearings", LeadTimeDays = 14 + (7 * i) }, $"p{i}")).ToList();
        var accounts = Enumerable.Range(0, 40).Select(i => Sourced(new CrmAccount { Name = $"Account {i}", Country = i % 3 == 0 ? "JP" : "TW" }, $"a{i}")).ToList();
        var customers = Enumerable.Range(0, 20).Select(i => Sourced(new ErpCustomer { Code = $"C{i:000}", Name = $"Customer {i}" }, $"c{i}")).ToList();
        db.AddRange(reps);
        db.AddRange(products);
        db.AddRange(accounts);
        db.AddRange(customers);
        await db.SaveChangesAsync();

        for (var i = 0; i < customers.Count; i++)
        {
            var unified = new UnifiedCustomer { DisplayName = customers[i].Name, ErpCustomerId = customers[i].Id, UpdatedAt = now };
            unified.Accounts.Add(new CustomerAccountLink { CrmAccountId = accounts[i].Id, CrmAccount = accounts[i], Method = "tax-id", Score = 1 });
            db.UnifiedCustomers.Add(unified);
            for (var k = 0; k < 6; k++)
            {
                var order = Sourced(new SalesOrder { OrderNumber = $"SO{i}-{k}", CustomerId = customers[i].Id, OrderDate = new DateOnly(2025, 1, 10).AddDays((k * 120) + i), Status = SalesOrderStatus.Invoiced }, $"so{i}-{k}");
                order.Lines.Add(Sourced(new SalesOrderLine { LineNumber = 1, ProductId = products[k % 4].Id, Quantity = 10 + k, UnitPrice = 25 }, $"sol{i}-{k}"));
                db.SalesOrders.Add(order);
            }
            db.Invoices.Add(Sourced(new Invoice { InvoiceNumber = $"INV{i}", CustomerId = customers[i].Id, InvoiceDate = new DateOnly(2026, 8, 1), DueDate = new DateOnly(2026, 9, 1), Amount = 1000, PaidAmount = i % 2 == 0 ? 1000 : 200 }, $"inv{i}"));
        }

        var start = new DateOnly(2024, 11, 1);
        var span = AsOf.DayNumber - start.DayNumber - 100;
        for (var i = 0; i < closedDeals + openDeals; i++)
        {
            var open = i >= closedDeals;
            var account = accounts[random.Next(accounts.Count)];
            var rep = reps[random.Next(reps.Count)];
            var created = open ? AsOf.AddDays(-random.Next(5, 80)) : start.AddDays(random.Next(span));
            var duration = 15 + random.Next(75);
            var engaged = random.NextDouble() < 0.5;
            var won = random.NextDouble() < (engaged ? 0.7 : 0.3);
            var opportunity = Sourced(new Opportunity
            {
                AccountId = account.Id,
                OwnerRepId = rep.Id,
                Name = $"Deal {i}",
                Amount = 1000 + random.Next(20000),
                CreatedOn = created,
                ExpectedClose = created.AddDays(duration),
                ClosedOn = open ? null : created.AddDays(duration + random.Next(-5, 20)),
                Outcome = open ? OpportunityOutcome.Open : won ? OpportunityOutcome.Won : OpportunityOutcome.Lost,
                Stage = open ? Stages[i % Stages.Length] : won ? "Closed Won" : "Closed Lost",
                LeadSource = random.Next(2) == 0 ? "Referral" : "Trade show",
            }, $"o{i}");
            opportunity.Lines.Add(Sourced(new OpportunityLine { ProductId = products[random.Next(products.Count)].Id, Quantity = 10 + random.Next(90), UnitPrice = 30 }, $"ol{i}"));
            db.Opportunities.Add(opportunity);
            var until = opportunity.ClosedOn ?? AsOf;
            for (var day = created; day < until; day = day.AddDays(engaged ? 4 + random.Next(6) : 45))
                db.Activities.Add(Sourced(new Activity { AccountId = account.Id, RepId = rep.Id, Kind = (ActivityKind)random.Next(4), OccurredOn = day }, $"act{i}-{day.DayNumber}"));
        }
        // An order after the as-of day: the job must not see it.
        db.SalesOrders.Add(Sourced(new SalesOrder { OrderNumber = "SO-LATE", CustomerId = customers[0].Id, OrderDate = AsOf.AddDays(1), Status = SalesOrderStatus.Open }, "so-late"));
        await db.SaveChangesAsync();
    }
}
