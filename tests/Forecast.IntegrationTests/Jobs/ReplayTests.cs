using Forecast.Core.Jobs;
using Forecast.Core.Outreach.Reminders;
using Forecast.DemoWorld;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Forecast.IntegrationTests.Jobs;

/// <summary>
/// Replay = live: every stage run as of day D on the data of day D gives the same predictions whatever the machine clock
/// says, whether the clock reads the next morning (live) or a year later (a replay).
/// </summary>
public sealed class ReplayTests(TestDatabase database, ITestOutputHelper output) : IClassFixture<TestDatabase>
{
    private static readonly DemoWorldOptions World = new() { Seed = 11, Customers = 70, Products = 30 };

    /// <summary>What the stages write, without run ids, row ids and timestamps: (table, rows as JSON, sorted).</summary>
    private static readonly (string Table, string Exclude, string Order)[] Outputs =
    [
        ("core.unified_customers", "'updated_at'", "id"),
        ("core.customer_account_links", "'__none'", "crm_account_id"),
        ("core.opportunity_observations", "'__none'", "opportunity_id, observed_on"),
        ("core.opportunity_scores", "'id' - 'run_id'", "opportunity_id"),
        ("core.pipeline_demand", "'id' - 'run_id'", "product_id, period_start"),
        ("core.demand_forecasts", "'id' - 'prediction_run_id'", "product_id, period_start"),
        ("core.demand_cv_rows", "'prediction_run_id'", "product_id, candidate, cutoff, step, is_outer"),
        ("core.reorder_predictions", "'id' - 'prediction_run_id' - 'model_version_id'", "customer_id, product_id"),
        ("core.inventory_plans", "'id' - 'prediction_run_id'", "product_id"),
        ("core.stock_projections", "'id' - 'prediction_run_id'", "product_id, period_start"),
        ("core.supply_messages", "'id' - 'prediction_run_id'", "product_id, purchase_order_number, line_number"),
        ("outreach.reminders", "'id' - 'created_at' - 'updated_at'", "unified_customer_id, kind, topic_key, cycle_date"),
    ];

    [Fact]
    public async Task EveryStage_GivesTheSamePredictions_WhetherRunLiveOrReplayedAYearLater()
    {
        var live = await RunWorldAsync(World.AsOf.AddDays(1));
        var replay = await RunWorldAsync(World.AsOf.AddDays(400));

        foreach (var (table, _, _) in Outputs)
        {
            output.WriteLine($"{table}: {live[table].Count} rows live, {replay[table].Count} replayed");
            Assert.True(live[table].Count > 0, $"{table} is empty: the comparison would prove nothing");
            Assert.Equal(live[table].Count, replay[table].Count);
            for (var i = 0; i < live[table].Count; i++)
                Assert.True(live[table][i] == replay[table][i], $"{table}, row {i}:\nlive   {live[table][i]}\nreplay {replay[table][i]}");
        }
    }

    /// <summary>A fresh copy of the world, the nightly stages and the reminders as of the world's last day, at 02:00 Taipei on <paramref name="machineDay"/>.</summary>
    private async Task<Dictionary<string, List<string>>> RunWorldAsync(DateOnly machineDay)
    {
        await database.ResetAsync();
        await using (var db = database.CreateContext())
            await DemoWorldSeeder.SeedAsync(db, DemoWorldGenerator.Generate(World), DemoSeedParts.All);
        var clock = new FakeTimeProvider(new DateTimeOffset(machineDay.ToDateTime(new TimeOnly(2, 0)), TimeSpan.FromHours(8)).ToUniversalTime());
        using var host = PipelineRunner.CreateHost(database, clock, new Dictionary<string, string?> { ["Demand:BacktestWindows"] = "1" });
        // No --as-of: the day comes from the data, not from the clock.
        var nightly = await PipelineRunner.RunAsync(host, null, ["customers", "win-probability", "demand", "reorder", "inventory"]);
        Assert.Equal(World.AsOf, nightly.AsOf);
        var morning = await PipelineRunner.RunAsync(host, null, [RemindersStage.StageName]);
        Assert.Equal(World.AsOf, morning.AsOf);

        var snapshot = new Dictionary<string, List<string>>();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        foreach (var (table, exclude, order) in Outputs)
        {
            await using var command = new NpgsqlCommand($"SELECT (to_jsonb(t) - {exclude})::text FROM {table} t ORDER BY {order}", connection);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
                rows.Add(reader.GetString(0));
            snapshot[table] = rows;
        }
        return snapshot;
    }
}
