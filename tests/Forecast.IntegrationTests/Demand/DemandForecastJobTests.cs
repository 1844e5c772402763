using Forecast.Core.Data;
using Forecast.Core.Demand;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Forecast.IntegrationTests.Demand;

public sealed class DemandForecastJobTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    // Sunday: the week Monday 2026-11-23 .. Sunday 2026-11-29 is complete, so forecasts start on Monday 2026-11-30.
    private static readonly DateOnly AsOf = new(2026, 11, 29);
    private static readonly DateOnly FirstWeek = new(2025, 6, 2);

    public Task InitializeAsync() => database.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));

    private static Dictionary<string, string?> Settings(int horizon = 8) => new()
    {
        ["Demand:Horizon"] = horizon.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Demand:Parallelism"] = "2",
        ["Demand:Granularity"] = "Week",
    };

    private sealed record Seeded(long Steady, long Sparse, long Unsold);

    /// <summary>
    /// A steady product ordered every week (10 + week mod 3 units), a sparse one every fifth week, one never sold; plus a
    /// cancelled order of 1,000 and a return of 4 in week 10 of the steady product.
    /// </summary>
    private async Task<Seeded> SeedAsync()
    {
        await using var db = database.CreateContext();
        var now = DateTimeOffset.UtcNow;
        var customer = new ErpCustomer { SourceSystem = "erp", SourceKey = "C1", Code = "C1", Name = "大同精密", UpdatedAt = now };
        var steady = new Product { SourceSystem = "erp", SourceKey = "P1", Sku = "CN-1001", Name = "Bearing", UpdatedAt = now };
        var sparse = new Product { SourceSystem = "erp", SourceKey = "P2", Sku = "CN-1002", Name = "Spindle", UpdatedAt = now };
        var unsold = new Product { SourceSystem = "erp", SourceKey = "P3", Sku = "CN-1003", Name = "Gear", UpdatedAt = now };
        db.AddRange(customer, steady, sparse, unsold);
        await db.SaveChangesAsync();
        var n = 0;
        SalesOrder Order(DateOnly date, SalesOrderStatus status, params SalesOrderLine[] lines)
        {
            n++;
            foreach (var (line, i) in lines.Select((l, i) => (l, i)))
            {
                line.SourceSystem = "erp";
                line.SourceKey = $"SO{n}-{i + 1}";
                line.LineNumber = i + 1;
                line.UpdatedAt = now;
            }
            return new SalesOrder { SourceSystem = "erp", SourceKey = $"SO{n}", OrderNumber = $"SO{n}", CustomerId = customer.Id, OrderDate = date, Status = status, UpdatedAt = now, Lines = [.. lines] };
        }
        for (var week = 0; FirstWeek.AddDays(7 * week) <= AsOf; week++)
        {
            var wednesday = FirstWeek.AddDays(7 * week + 2);
            if (wednesday > AsOf)
                break;
            db.SalesOrders.Add(Order(wednesday, SalesOrderStatus.Invoiced, new SalesOrderLine { ProductId = steady.Id, Quantity = 10 + week % 3, UnitPrice = 5 }));
            if (week % 5 == 0)
                db.SalesOrders.Add(Order(wednesday, SalesOrderStatus.Shipped, new SalesOrderLine { ProductId = sparse.Id, Quantity = 3, UnitPrice = 50 }));
        }
        var week10 = FirstWeek.AddDays(7 * 10 + 4);
        db.SalesOrders.Add(Order(week10, SalesOrderStatus.Cancelled, new SalesOrderLine { ProductId = steady.Id, Quantity = 1000, UnitPrice = 5 }));
        db.SalesOrders.Add(Order(week10, SalesOrderStatus.Invoiced, new SalesOrderLine { ProductId = steady.Id, Quantity = -4, UnitPrice = 5, IsReturn = true }));
        // After the as-of date: must not be seen.
        db.SalesOrders.Add(Order(AsOf.AddDays(1), SalesOrderStatus.Open, new SalesOrderLine { ProductId = steady.Id, Quantity = 500, UnitPrice = 5 }));
        await db.SaveChangesAsync();
        return new Seeded(steady.Id, sparse.Id, unsold.Id);
    }

    [Fact]
    public async Task BuildAsync_SumsWeeksWithExplicitZeros_IgnoringCancelledAndSubtractingReturns()
    {
        var seeded = await SeedAsync();
        await using var db = database.CreateContext();
        var series = await DemandSeriesBuilder.BuildAsync(db, [seeded.Steady, seeded.Sparse, seeded.Unsold], AsOf, new DemandOptions { MaxHistoryPeriods = 520 }, default);
        var steady = series.Single(s => s.ProductId == seeded.Steady);
        var sparse = series.Single(s => s.ProductId == seeded.Sparse);
        Assert.DoesNotContain(series, s => s.ProductId == seeded.Unsold);
        Assert.Equal(FirstWeek, steady.FirstPeriod);
        // Weeks from 2025-06-02 to the week starting 2026-11-23 inclusive.
        var weeks = (new DateOnly(2026, 11, 23).DayNumber - FirstWeek.DayNumber) / 7 + 1;
        Assert.Equal(weeks, steady.Quantities.Length);
        Assert.Equal(10 + 10 % 3 - 4, steady.Quantities[10]);
        Assert.Equal(10 + 11 % 3, steady.Quantities[11]);
        Assert.Equal(10 + (weeks - 1) % 3, steady.Quantities[^1]);
        Assert.Equal(weeks, sparse.Quantities.Length);
        Assert.Equal([3.0, 0, 0, 0, 0, 3.0], sparse.Quantities[..6]);
    }

    [Fact]
    public async Task RunAsync_WritesOrderedQuantilesPerProductAndWeek_WhenRunOnce()
    {
        var seeded = await SeedAsync();
        var pipelineRun = await PipelineRunner.RunAsync(database, AsOf, ["demand"], Clock, Settings());
        long runId;
        await using (var db = database.CreateContext())
            runId = await db.PredictionRuns.Where(r => r.PipelineRunId == pipelineRun.Id && r.Kind == DemandForecastJob.Kind).Select(r => r.Id).SingleAsync();

        await using var check = database.CreateContext();
        var rows = await check.DemandForecasts.Where(f => f.PredictionRunId == runId).OrderBy(f => f.ProductId).ThenBy(f => f.Step).ToListAsync();
        Assert.Equal(16, rows.Count);
        Assert.Equal([seeded.Steady, seeded.Sparse], rows.Select(r => r.ProductId).Distinct());
        Assert.Equal(new DateOnly(2026, 11, 30), rows.First(r => r.ProductId == seeded.Steady && r.Step == 1).PeriodStart);
        Assert.Equal(new DateOnly(2026, 12, 7), rows.First(r => r.ProductId == seeded.Steady && r.Step == 2).PeriodStart);
        Assert.All(rows, r =>
        {
            Assert.True(r.P10 >= 0);
            Assert.True(r.P10 <= r.P25 && r.P25 <= r.Mean && r.Mean <= r.P75 && r.P75 <= r.P90, $"{r.P10} {r.P25} {r.Mean} {r.P75} {r.P90}");
            Assert.False(string.IsNullOrEmpty(r.Model));
        });
        // The steady product sells 10-12 a week: its forecast must be in that range, not pulled up by the cancelled 1,000 or the later 500.
        Assert.All(rows.Where(r => r.ProductId == seeded.Steady), r => Assert.InRange(r.Mean, 9, 13));
        Assert.Equal("Intermittent", rows.First(r => r.ProductId == seeded.Sparse).DemandClass);
        Assert.NotNull(rows.First(r => r.ProductId == seeded.Steady).BacktestMase);
        var run = await check.PredictionRuns.SingleAsync(r => r.Id == runId);
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(2, run.Items);
        Assert.Contains("meanBacktestMase", run.MetricsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ReplacesThePartitionsRows_WhenAPartitionRunsAgain()
    {
        await SeedAsync();
        using var host = PipelineRunner.CreateHost(database, Clock, Settings(horizon: 8));
        long pipelineRunId;
        await using (var db = database.CreateContext())
        {
            var run = new PipelineRun { AsOf = AsOf, Stages = ["demand"], Trigger = "test", StartedAt = Clock.GetUtcNow(), Status = RunStatus.Running };
            db.PipelineRuns.Add(run);
            await db.SaveChangesAsync();
            pipelineRunId = run.Id;
        }
        var context = new PipelineRunContext(pipelineRunId, AsOf);
        long first, second;
        await using (var scope = host.Services.CreateAsyncScope())
            first = await scope.ServiceProvider.GetRequiredService<DemandForecastJob>().RunAsync(context, 0, 1, default);
        // A crash and a retry: the same partition of the same run, written again.
        await using (var scope = host.Services.CreateAsyncScope())
            second = await scope.ServiceProvider.GetRequiredService<DemandForecastJob>().RunAsync(context, 0, 1, default);

        Assert.Equal(first, second);
        await using var check = database.CreateContext();
        Assert.Equal(16, await check.DemandForecasts.CountAsync(f => f.PredictionRunId == first));
        // Not published until the coordinator completes the stage: no reader sees it yet.
        Assert.Equal(RunStatus.Running, (await check.PredictionRuns.SingleAsync(r => r.Id == first)).Status);
    }

    [Fact]
    public async Task RunAsync_ReplacesTheDaysEarlierRun_WhenTheStageRunsAgainForTheSameDay()
    {
        await SeedAsync();
        var first = await PipelineRunner.RunAsync(database, AsOf, ["demand"], Clock, Settings(horizon: 8));
        var second = await PipelineRunner.RunAsync(database, AsOf, ["demand"], Clock, Settings(horizon: 4));

        await using var check = database.CreateContext();
        var runs = await check.PredictionRuns.Where(r => r.Kind == DemandForecastJob.Kind && r.AsOf == AsOf).ToListAsync();
        var run = Assert.Single(runs);
        Assert.Equal(second.Id, run.PipelineRunId);
        Assert.NotEqual(first.Id, second.Id);
        // The horizon-4 run replaced the horizon-8 one whole: nothing of the first is left to mix in.
        Assert.Equal(8, await check.DemandForecasts.CountAsync());
        Assert.Equal(4, await check.DemandForecasts.MaxAsync(f => f.Step));
    }
}
