using Forecast.Benchmarks;
using Forecast.Core.Data;
using Forecast.Core.Demand;
using Forecast.Core.Opportunities;
using Forecast.DemoWorld;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Forecast.IntegrationTests.Demand;

/// <summary>
/// The pipeline layer of the demand stage on a small demo world (seeded once for the class): the stage's rows keep baseline
/// and pipeline apart, and the time-ordered backtest shows the direction issue 4 asks for.
/// </summary>
public sealed class PipelineDemandTests(TestDatabase database, ITestOutputHelper output) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DemoWorldOptions World = new() { Seed = 3, Customers = 150, Products = 60 };
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(World.AsOf.AddDays(2).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        await using var db = database.CreateContext();
        if (await db.Products.AnyAsync())
            return;
        await DemoWorldSeeder.SeedAsync(db, DemoWorldGenerator.Generate(World), DemoSeedParts.All);
        await PipelineRunner.RunAsync(database, World.AsOf, ["customers"], Clock);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task RunAsync_AddsThePipelineApartFromTheBaseline_WhenTheSameDaysWinProbabilityRunExists()
    {
        var asOf = new DateOnly(2026, 8, 23);
        var options = new DemandOptions { Horizon = 13, Parallelism = 2, BacktestWindows = 1 };
        var settings = new Dictionary<string, string?> { ["Demand:Horizon"] = "13", ["Demand:Parallelism"] = "2", ["Demand:BacktestWindows"] = "1" };
        await using var db = database.CreateContext();

        var withoutPipeline = await PipelineRunner.RunAsync(database, asOf, ["demand"], Clock, settings);
        var before = await db.PredictionRuns.Where(r => r.PipelineRunId == withoutPipeline.Id).Select(r => r.Id).SingleAsync();
        var plain = await db.DemandForecasts.AsNoTracking().Where(f => f.PredictionRunId == before).ToListAsync();
        Assert.All(plain, r => Assert.Equal((r.BaselineMean, 0.0), (r.Mean, r.PipelineMean)));

        var withPipeline = await PipelineRunner.RunAsync(database, asOf, ["win-probability", "demand"], Clock, settings);
        var runId = await db.PredictionRuns.Where(r => r.PipelineRunId == withPipeline.Id && r.Kind == DemandForecastJob.Kind).Select(r => r.Id).SingleAsync();
        // The same day's newer run replaced the one without the pipeline.
        Assert.False(await db.PredictionRuns.AnyAsync(r => r.Id == before));
        var rows = await db.DemandForecasts.AsNoTracking().Where(f => f.PredictionRunId == runId).ToListAsync();
        Assert.All(rows, r =>
        {
            Assert.Equal(r.BaselineMean + r.PipelineMean, r.Mean, 9);
            Assert.True(r.P10 <= r.P25 && r.P25 <= r.Mean && r.Mean <= r.P75 && r.P75 <= r.P90 && r.P10 >= 0, $"quantiles of product {r.ProductId} week {r.Step}");
        });
        Assert.Contains(rows, r => r.Model.EndsWith("+pipeline", StringComparison.Ordinal));

        // The layer holds at most what the open deals could bring: Σ quantity × P(win), plus won deals still to be ordered.
        var layers = (await DemandForecastJob.LoadLayersAsync(db, [.. rows.Select(r => r.ProductId).Distinct()], asOf, options, default))!;
        Assert.True(layers.Matches > 0.9 * layers.WonDealLines, $"{layers.Matches} of {layers.WonDealLines} won deal lines matched to orders");
        var scored = await db.OpportunityScores.Where(s => s.AsOf == asOf)
            .SelectMany(s => s.Opportunity!.Lines.Select(l => (double)l.Quantity * s.Probability)).ToListAsync();
        var recentlyWon = await db.Opportunities.Where(o => o.Outcome == OpportunityOutcome.Won && o.ClosedOn > asOf.AddDays(-45) && o.ClosedOn <= asOf)
            .SelectMany(o => o.Lines.Select(l => (double)l.Quantity)).ToListAsync();
        var pipelineUnits = rows.Sum(r => r.PipelineMean);
        Assert.True(pipelineUnits > 0);
        Assert.Equal(layers.Layers.Values.Sum(l => l.PipelineMean.Sum()), pipelineUnits, 6);
        Assert.True(pipelineUnits <= scored.Sum() + recentlyWon.Sum() + 1e-6, $"{pipelineUnits} pipeline units, {scored.Sum()} weighted open, {recentlyWon.Sum()} recently won");

        // Matched deal orders leave the baseline's history: the run-rate series hold less than the whole history.
        var products = rows.Select(r => r.ProductId).Distinct().ToArray();
        var full = await DemandSeriesBuilder.BuildAsync(db, products, asOf, options, default);
        var runRate = await DemandSeriesBuilder.BuildAsync(db, products, asOf, options, default, layers.DealOrderLineIds);
        Assert.True(runRate.Sum(s => s.Quantities.Sum()) < full.Sum(s => s.Quantities.Sum()));
    }

    [Fact]
    public async Task Backtest_ImprovesLargePipelinesAndHarmsNothingElse_WhenScoredInTimeOrder()
    {
        using var host = PipelineRunner.CreateHost(database, Clock);
        await using var scope = host.Services.CreateAsyncScope();
        var backtest = ActivatorUtilities.CreateInstance<PipelineBacktest>(scope.ServiceProvider);
        var result = await backtest.RunAsync(World.AsOf, new PipelineBacktestOptions { Origins = 4, Parallelism = 2 }, null, default);
        foreach (var g in new[] { result.Large, result.Rest })
        {
            output.WriteLine($"{g.Group}: {g.Forecasts} forecasts; MASE {g.MeanMaseWith:0.000} vs {g.MeanMaseWithout:0.000}, RMSSE {g.MeanRmsseWith:0.000} vs {g.MeanRmsseWithout:0.000}, " +
                $"total error {g.MeanTotalErrorWith:0.000} vs {g.MeanTotalErrorWithout:0.000}, bias {g.BiasWith:P1} vs {g.BiasWithout:P1}");
        }
        Assert.Equal(4, result.Origins.Count);
        Assert.True(result.Large.Forecasts >= 10, $"{result.Large.Forecasts} forecasts with a large pipeline");

        // Large open pipelines: the horizon's total and its bias are clearly better, the weekly RMSSE no worse.
        Assert.True(result.Large.MeanTotalErrorWith < 0.9 * result.Large.MeanTotalErrorWithout);
        Assert.True(Math.Abs(result.Large.BiasWith) < Math.Abs(result.Large.BiasWithout) - 0.1);
        Assert.True(result.Large.MeanRmsseWith <= 1.02 * result.Large.MeanRmsseWithout);
        // Elsewhere: no harm.
        Assert.True(result.Rest.MeanRmsseWith <= 1.02 * result.Rest.MeanRmsseWithout);
        Assert.True(result.Rest.MeanMaseWith <= 1.02 * result.Rest.MeanMaseWithout);
        Assert.True(result.Rest.MeanTotalErrorWith <= 1.02 * result.Rest.MeanTotalErrorWithout);
    }
}
