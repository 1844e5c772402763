using System.Text.Json;
using Forecast.Core.Accuracy;
using Forecast.Core.Data;
using Forecast.Core.Demand;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Forecast.IntegrationTests.Accuracy;

/// <summary>
/// Every night's demand forecast is kept and scored once its week is over: two nightly runs on successive business
/// dates, the second scoring the first's forecast against the demand of the week that closed in between.
/// </summary>
public sealed class ForecastScoringTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    // Saturday: the week of Monday 2026-11-23 is not over, so it is the first run's step 1. Sunday closes it.
    private static readonly DateOnly Saturday = new(2026, 11, 28);
    private static readonly DateOnly Sunday = new(2026, 11, 29);
    private static readonly DateOnly Week = new(2026, 11, 23);
    private static readonly DateOnly FirstWeek = new(2026, 4, 27);

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Demand:Horizon"] = "4",
        ["Demand:Parallelism"] = "2",
        ["Demand:BacktestWindows"] = "1",
    };

    public Task InitializeAsync() => database.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static FakeTimeProvider ClockOn(DateOnly day) => new(new DateTimeOffset(day.ToDateTime(new TimeOnly(20, 0)), TimeSpan.Zero));

    private sealed record World(long Bearing, long Gear, ErpCustomer Customer);

    /// <summary>
    /// A bearing sold 10, 12, 10, 12… a week (30 weeks before the scored one: lag-1 naive error exactly 2) and a gear
    /// sold 4 every week (a flat history: no MASE scale). In the scored week, 7 bearings and 4 gears on Wednesday.
    /// </summary>
    private async Task<World> SeedAsync()
    {
        await using var db = database.CreateContext();
        var now = DateTimeOffset.UtcNow;
        var customer = new ErpCustomer { SourceSystem = "erp", SourceKey = "C1", Code = "C1", Name = "大同精密", UpdatedAt = now };
        var bearing = new Product { SourceSystem = "erp", SourceKey = "P1", Sku = "BR-1", Name = "Bearing", Family = "Bearings", UpdatedAt = now };
        var gear = new Product { SourceSystem = "erp", SourceKey = "P2", Sku = "GR-1", Name = "Gear", Family = "Gears", UpdatedAt = now };
        db.AddRange(customer, bearing, gear);
        await db.SaveChangesAsync();
        for (var week = 0; FirstWeek.AddDays(7 * week) < Week; week++)
        {
            var wednesday = FirstWeek.AddDays(7 * week + 2);
            db.SalesOrders.Add(Order(customer, $"H{week}", wednesday, SalesOrderStatus.Invoiced, (bearing.Id, 10 + 2 * (week % 2), false), (gear.Id, 4, false)));
        }
        db.SalesOrders.Add(Order(customer, "W1", Week.AddDays(2), SalesOrderStatus.Open, (bearing.Id, 7, false), (gear.Id, 4, false)));
        await db.SaveChangesAsync();
        return new World(bearing.Id, gear.Id, customer);
    }

    private static SalesOrder Order(ErpCustomer customer, string key, DateOnly date, SalesOrderStatus status, params (long Product, decimal Quantity, bool IsReturn)[] lines)
    {
        var now = DateTimeOffset.UtcNow;
        return new SalesOrder
        {
            SourceSystem = "erp", SourceKey = key, OrderNumber = key, CustomerId = customer.Id, OrderDate = date, Status = status, UpdatedAt = now,
            Lines = [.. lines.Select((l, i) => new SalesOrderLine
            {
                SourceSystem = "erp", SourceKey = $"{key}-{i + 1}", LineNumber = i + 1, ProductId = l.Product, Quantity = l.Quantity, IsReturn = l.IsReturn, UnitPrice = 1, UpdatedAt = now,
            })],
        };
    }

    /// <summary>What the night's import brings after the Saturday run: Sunday's order of 5 bearings, a return of 2 and a cancelled 100.</summary>
    private async Task ImportSundayAsync(World world)
    {
        await using var db = database.CreateContext();
        db.SalesOrders.Add(Order(world.Customer, "S1", Sunday, SalesOrderStatus.Open, (world.Bearing, 5, false)));
        db.SalesOrders.Add(Order(world.Customer, "S2", Sunday, SalesOrderStatus.Invoiced, (world.Bearing, -2, true)));
        db.SalesOrders.Add(Order(world.Customer, "S3", Week.AddDays(4), SalesOrderStatus.Cancelled, (world.Bearing, 100, false)));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task SecondNight_ScoresTheFirstNightsForecast_AgainstTheWeekItImported()
    {
        var world = await SeedAsync();
        await PipelineRunner.RunAsync(database, Saturday, ["demand", "accuracy"], ClockOn(Saturday), Settings);
        await ImportSundayAsync(world);
        await PipelineRunner.RunAsync(database, Sunday, ["demand", "accuracy"], ClockOn(Sunday), Settings);

        await using var db = database.CreateContext();
        var saturdayRun = await db.PredictionRuns.SingleAsync(r => r.Kind == DemandForecastJob.Kind && r.AsOf == Saturday);
        Assert.Equal(RunStatus.Succeeded, saturdayRun.Status);
        Assert.True(await db.PredictionRuns.AnyAsync(r => r.Kind == DemandForecastJob.Kind && r.AsOf == Sunday), "the second night's forecast is kept too");
        var forecasts = await db.DemandForecasts.Where(f => f.PredictionRunId == saturdayRun.Id && f.PeriodStart == Week).ToDictionaryAsync(f => f.ProductId);
        var scores = await db.Set<ForecastScore>().OrderBy(s => s.ProductId).ToListAsync();

        // Only the week that closed is scored, once per product, with the Saturday run's own forecast.
        Assert.Equal(2, scores.Count);
        Assert.All(scores, s =>
        {
            Assert.Equal(saturdayRun.Id, s.ForecastRunId);
            Assert.Equal(Saturday, s.ForecastAsOf);
            Assert.Equal(Week, s.PeriodStart);
            Assert.Equal(1, s.Step);
            Assert.Equal(Sunday, s.ScoredAsOf);
            Assert.Equal(forecasts[s.ProductId].Mean, s.Forecast, 9);
            Assert.Equal(forecasts[s.ProductId].P10, s.P10, 9);
            Assert.Equal(forecasts[s.ProductId].P90, s.P90, 9);
        });
        var bearing = scores.Single(s => s.ProductId == world.Bearing);
        var gear = scores.Single(s => s.ProductId == world.Gear);
        Assert.Equal(7 + 5 - 2, bearing.Actual); // the cancelled 100 is not demand
        Assert.Equal(2, bearing.NaiveScale!.Value, 9); // |12 − 10| every week
        Assert.Equal(4, gear.Actual);
        Assert.Null(gear.NaiveScale); // a flat history has no naive error to scale by

        // The page's numbers for that week, by hand from the two rows.
        using var host = PipelineRunner.CreateHost(database, ClockOn(Sunday), Settings);
        await using var scope = host.Services.CreateAsyncScope();
        var overview = await scope.ServiceProvider.GetRequiredService<AccuracyQueries>().OverviewAsync(1, 4, 10, default);
        Assert.Equal(Sunday, overview.AsOf);
        var week = overview.Overall.Weeks.Single(w => w.PeriodStart == Week).Measures;
        var bearingError = bearing.Forecast - 10;
        var gearError = gear.Forecast - 4;
        Assert.Equal(2, week.Count);
        Assert.Equal((bearingError + gearError) / 2, week.Bias!.Value, 9);
        Assert.Equal((bearingError + gearError) / 14, week.BiasPercent!.Value, 9);
        Assert.Equal((Math.Abs(bearingError) + Math.Abs(gearError)) / 2, week.Mae!.Value, 9);
        Assert.Equal(Math.Abs(bearingError) / 2, week.Mase!.Value, 9); // the gear has no scale, so only the bearing counts
        var covered = (bearing.P10 <= 10 && 10 <= bearing.P90 ? 1 : 0) + (gear.P10 <= 4 && 4 <= gear.P90 ? 1 : 0);
        Assert.Equal(covered / 2.0, week.Coverage80!.Value, 9);
        Assert.Equal(Math.Abs(bearingError) / 2, overview.Families.Single(f => f.Family == "Bearings").Total.Mase!.Value, 9);
        Assert.Null(overview.Families.Single(f => f.Family == "Gears").Total.Mase);
        Assert.Equal(world.Bearing, Assert.Single(overview.Worst).ProductId);

        var accuracyRun = await db.PredictionRuns.SingleAsync(r => r.Kind == AccuracyStage.RunKind && r.AsOf == Sunday);
        Assert.Equal(RunStatus.Succeeded, accuracyRun.Status);
    }

    [Fact]
    public async Task ScoringAgain_AddsNothing_WhenTheSameDayIsRunTwice()
    {
        var world = await SeedAsync();
        await PipelineRunner.RunAsync(database, Saturday, ["demand"], ClockOn(Saturday), Settings);
        await ImportSundayAsync(world);
        await PipelineRunner.RunAsync(database, Sunday, ["accuracy"], ClockOn(Sunday), Settings);
        var first = await SnapshotAsync();
        await PipelineRunner.RunAsync(database, Sunday, ["accuracy"], ClockOn(Sunday.AddDays(1)), Settings);

        Assert.Equal(2, first.Count);
        Assert.Equal(first, await SnapshotAsync());
    }

    [Fact]
    public async Task ScoringAsOfADay_GivesTheSameRows_WhateverTheClockSays()
    {
        var world = await SeedAsync();
        await PipelineRunner.RunAsync(database, Saturday, ["demand"], ClockOn(Saturday), Settings);
        await ImportSundayAsync(world);
        // Data past the scoring day (a Monday order, a week later) must not change what Sunday's scoring says.
        await using (var db = database.CreateContext())
        {
            db.SalesOrders.Add(Order(world.Customer, "M1", Sunday.AddDays(1), SalesOrderStatus.Open, (world.Bearing, 500, false)));
            await db.SaveChangesAsync();
        }

        await PipelineRunner.RunAsync(database, Sunday, ["accuracy"], ClockOn(Sunday), Settings);
        var live = await SnapshotAsync();
        var liveMetrics = await AccuracyMetricsAsync();
        await using (var db = database.CreateContext())
        {
            await db.Set<ForecastScore>().ExecuteDeleteAsync();
            await db.PredictionRuns.Where(r => r.Kind == AccuracyStage.RunKind).ExecuteDeleteAsync();
        }
        await PipelineRunner.RunAsync(database, Sunday, ["accuracy"], ClockOn(Sunday.AddDays(400)), Settings);

        Assert.Equal(2, live.Count);
        Assert.Equal(live, await SnapshotAsync());
        Assert.Equal(liveMetrics, await AccuracyMetricsAsync());
    }

    private async Task<List<string>> SnapshotAsync()
    {
        await using var db = database.CreateContext();
        var rows = await db.Set<ForecastScore>().AsNoTracking().OrderBy(s => s.ForecastRunId).ThenBy(s => s.ProductId).ThenBy(s => s.PeriodStart).ToListAsync();
        return rows.Select(s => JsonSerializer.Serialize(new { s.ForecastRunId, s.ForecastAsOf, s.ProductId, s.PeriodStart, s.Step, s.Forecast, s.P10, s.P90, s.Actual, s.NaiveScale, s.ScoredAsOf })).ToList();
    }

    private async Task<string> AccuracyMetricsAsync()
    {
        await using var db = database.CreateContext();
        return await db.PredictionRuns.Where(r => r.Kind == AccuracyStage.RunKind && r.Status == RunStatus.Succeeded).Select(r => r.MetricsJson).SingleAsync();
    }
}
