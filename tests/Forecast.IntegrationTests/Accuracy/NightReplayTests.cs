using Forecast.Core.Accuracy;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.DemoWorld;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.IntegrationTests.Accuracy;

/// <summary>
/// The demo's first night: with past nights replayed before it (as <c>forecast replay</c> does in scripts/demo.sh), the
/// accuracy stage has past forecasts to score, so the accuracy page shows numbers instead of nothing.
/// </summary>
public sealed class NightReplayTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Demand:Horizon"] = "4",
        ["Demand:BacktestWindows"] = "1",
    };

    public Task InitializeAsync() => database.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ReplayedPastNights_AreScoredByTheNextRun_AndTheAccuracyOverviewHasRows()
    {
        var world = DemoWorldGenerator.Generate(new DemoWorldOptions { Customers = 30, Products = 20, Years = 2 });
        await using (var db = database.CreateContext())
            await DemoWorldSeeder.SeedAsync(db, world, DemoSeedParts.All);
        var asOf = world.Options.AsOf;
        using var host = PipelineRunner.CreateHost(database, settings: Settings);

        var nights = new List<ReplayedNight>();
        var replayed = await host.Services.GetRequiredService<NightReplay>().ReplayAsync(
            asOf, 2, 7, ["customers", "win-probability", "demand"], nights.Add, null, default);

        Assert.Equal([asOf.AddDays(-14), asOf.AddDays(-7)], replayed.Select(r => r.AsOf));
        Assert.All(replayed, r => Assert.Equal(RunStatus.Succeeded, r.Status));
        Assert.Equal([new ReplayedNight(1, 2, asOf.AddDays(-14)), new ReplayedNight(2, 2, asOf.AddDays(-7))], nights);

        var tonight = await PipelineRunner.RunAsync(host, asOf, ["customers", "win-probability", "demand", "accuracy"]);
        Assert.Equal(RunStatus.Succeeded, tonight.Status);

        await using (var db = database.CreateContext())
        {
            var scoredFrom = await db.Set<ForecastScore>().Select(s => s.ForecastAsOf).Distinct().ToListAsync();
            Assert.Contains(asOf.AddDays(-14), scoredFrom);
            Assert.All(scoredFrom, d => Assert.True(d < asOf));
        }
        await using var scope = host.Services.CreateAsyncScope();
        var overview = await scope.ServiceProvider.GetRequiredService<AccuracyQueries>().OverviewAsync(1, 13, 10, default);
        Assert.NotEmpty(overview.Weeks);
        Assert.True(overview.Overall.Total.Count > 0);
    }

    [Fact]
    public async Task Replay_RefusesAnAbsurdNumberOfNights()
    {
        using var host = PipelineRunner.CreateHost(database, settings: Settings);
        var replay = host.Services.GetRequiredService<NightReplay>();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => replay.ReplayAsync(null, 53, 7, ["demand"], null, null, default));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => replay.ReplayAsync(null, 2, 0, ["demand"], null, null, default));
    }
}
