using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.Core.Opportunities;
using Forecast.Core.Reorder;
using Forecast.IntegrationTests.Infrastructure;
using Forecast.IntegrationTests.Outreach;
using Microsoft.EntityFrameworkCore;

namespace Forecast.IntegrationTests.Cli;

/// <summary>
/// <c>forecast reorder predict</c> and <c>forecast opportunities score</c> run the nightly stage through the coordinator
/// (issue 14: one implementation, no bypass): a pipeline run of that one stage, its partitions claimed and done, and
/// the prediction run published by the coordinator under it, as <c>forecast run STAGE</c> and the scheduler make.
/// </summary>
public sealed class StageCommandsTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DateOnly AsOf = new(2026, 6, 1);
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        await using var db = database.CreateContext();
        var w = new ReminderWorld(db, AsOf);
        var amy = await w.RepAsync("Amy Lin", "amy@example.com");
        var bearing = await w.ProductAsync("Bearing 6204");
        var bolt = await w.ProductAsync("Bolt M8");
        foreach (var name in new[] { "Acme Ltd", "Bolt Co", "Cobalt Inc" })
        {
            var customer = await w.CustomerAsync(name, amy);
            for (var daysAgo = 360; daysAgo > 0; daysAgo -= 30)
            {
                await w.OrderAsync(customer, bearing, daysAgo, 40, 100);
                await w.OrderAsync(customer, bolt, daysAgo + 5, 200, 2);
            }
            // An open deal, not scored yet (the world's DealAsync would add a scoring run of its own).
            db.Opportunities.Add(new Opportunity
            {
                AccountId = customer.Account.Id, OwnerRepId = amy.Id, Name = $"{name} bearings", Stage = "Proposal", Amount = 50_000,
                CreatedOn = AsOf.AddDays(-60), ExpectedClose = AsOf.AddDays(30), Outcome = OpportunityOutcome.Open,
                SourceSystem = "crm", SourceKey = $"o-{customer.Account.Id}", UpdatedAt = DateTimeOffset.UtcNow,
            });
        }
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Dictionary<string, string> Environment() => new()
    {
        ["ConnectionStrings__Forecast"] = database.ConnectionString,
        ["DOTNET_ENVIRONMENT"] = "Testing",
    };

    [Theory]
    [InlineData("reorder", "predict", ReorderStage.StageName, ReorderModelJob.Kind)]
    [InlineData("opportunities", "score", WinProbabilityStage.StageName, WinProbabilityJob.Kind)]
    public async Task OneStageCommand_RunsTheStageThroughTheCoordinator_AndPublishesItsRunUnderThePipelineRun(
        string group, string command, string stage, string kind)
    {
        await using (var db = database.CreateContext())
            Assert.Empty(await db.PipelineRuns.ToListAsync());

        var (exit, output) = await CliProcess.RunAsync(Environment(), Timeout, group, command, "--as-of", "2026-06-01");

        Assert.True(exit == 0, output);
        await using var check = database.CreateContext();
        var run = Assert.Single(await check.PipelineRuns.AsNoTracking().ToListAsync());
        Assert.Equal([stage], run.Stages);
        Assert.Equal("cli", run.Trigger);
        Assert.Equal(AsOf, run.AsOf);
        Assert.Equal(RunStatus.Succeeded, run.Status);
        var partitions = await check.StagePartitions.AsNoTracking().Where(p => p.PipelineRunId == run.Id).ToListAsync();
        Assert.NotEmpty(partitions);
        Assert.All(partitions, p => Assert.Equal((stage, PartitionStatus.Done), (p.Stage, p.Status)));
        var published = Assert.Single(await check.PredictionRuns.AsNoTracking().Where(r => r.Kind == kind).ToListAsync());
        Assert.Equal(run.Id, published.PipelineRunId);
        Assert.Equal(RunStatus.Succeeded, published.Status);
        Assert.True(published.Items > 0, output);
    }
}
