using System.Diagnostics;
using System.Globalization;
using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.DemoWorld;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Forecast.IntegrationTests.Jobs;

/// <summary>
/// Two real <c>forecast worker</c> processes share one database and run the nightly pipeline split in small partitions;
/// a second database with the same world runs it in one process (<c>forecast run</c>). Each partition must be processed
/// exactly once, and the predictions must be the same.
/// </summary>
public sealed class TwoWorkerPipelineTests(TestDatabase database, ITestOutputHelper output) : IClassFixture<TestDatabase>
{
    private static readonly DemoWorldOptions WorldOptions = new() { Customers = 30, Products = 24, Years = 2 };

    private static Dictionary<string, string> Environment(TestDatabase db) => new()
    {
        ["ConnectionStrings__Forecast"] = db.ConnectionString,
        ["DOTNET_ENVIRONMENT"] = "Testing",
    };

    [Fact]
    public async Task NightlyPipeline_ProcessesEachPartitionOnce_AndMatchesASingleProcessRun_WhenTwoWorkersShareTheDatabase()
    {
        await database.ResetAsync();
        await using var single = new TestDatabase();
        await single.InitializeAsync();
        var world = DemoWorldGenerator.Generate(WorldOptions);
        foreach (var target in new[] { database, single })
        {
            await using var db = target.CreateContext();
            await DemoWorldSeeder.SeedAsync(db, world, DemoSeedParts.All);
        }
        var asOf = world.Options.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // Small partitions: several per stage, so the two workers share the work.
        var shared = Environment(database);
        shared["Schedule__WorkerCount"] = "1";
        shared["Demand__ProductsPerPartition"] = "3";
        shared["Reorder__CustomersPerPartition"] = "4";
        shared["Inventory__PartitionSize"] = "4";
        var workers = new[] { CliProcess.Start(shared, "worker"), CliProcess.Start(shared, "worker") };
        var workerNames = workers.Select(w => $"{System.Environment.MachineName}:{w.Id}").ToHashSet();
        // Read the workers' output as it comes (a full pipe would block them).
        var logs = workers.Select(w => (Out: w.StandardOutput.ReadToEndAsync(), Err: w.StandardError.ReadToEndAsync())).ToList();
        try
        {
            var (exit, text) = await CliProcess.RunAsync(shared, TimeSpan.FromMinutes(2), "run", "--enqueue", "--as-of", asOf);
            Assert.True(exit == 0, text);
            var run = await WaitForRunAsync(TimeSpan.FromMinutes(8));
            Assert.True(run.Status == RunStatus.Succeeded, $"run {run.Id}: {run.Status} {run.Error}");
        }
        finally
        {
            for (var i = 0; i < workers.Length; i++)
            {
                var alive = !workers[i].HasExited;
                if (alive)
                    workers[i].Kill(entireProcessTree: true);
                await workers[i].WaitForExitAsync();
                output.WriteLine($"worker {workers[i].Id} (alive until the end: {alive}):");
                foreach (var line in (await logs[i].Out + await logs[i].Err).Split('\n').Where(l => l.Contains("partition", StringComparison.Ordinal) || l.Contains("fail", StringComparison.Ordinal)))
                    output.WriteLine(line.TrimEnd());
                workers[i].Dispose();
            }
        }

        var (singleExit, singleText) = await CliProcess.RunAsync(Environment(single), TimeSpan.FromMinutes(8), "run", "--as-of", asOf);
        Assert.True(singleExit == 0, singleText);

        await using (var db = database.CreateContext())
        {
            var partitions = await db.StagePartitions.AsNoTracking().ToListAsync();
            foreach (var stage in partitions.GroupBy(p => p.Stage))
                output.WriteLine($"{stage.Key}: {stage.Count()} partition(s), workers {string.Join(", ", stage.Select(p => p.ClaimedBy).Distinct())}");
            // One row per stage and partition, each finished, claimed by one worker, in one attempt.
            Assert.Equal(partitions.Count, partitions.Select(p => (p.Stage, p.Partition)).Distinct().Count());
            Assert.All(partitions, p => Assert.Equal(PartitionStatus.Done, p.Status));
            Assert.All(partitions, p => Assert.Equal(1, p.Attempts));
            Assert.All(partitions, p => Assert.False(string.IsNullOrEmpty(p.ClaimedBy)));
            Assert.True(partitions.Count(p => p.Stage == "demand") >= 4, "demand in several partitions");
            Assert.True(partitions.Count(p => p.Stage == "reorder") >= 4, "reorder in several partitions");
            // Only our two workers ran partitions (which one took how many is up to Hangfire's polling; the output shows it).
            Assert.Subset(workerNames, partitions.Select(p => p.ClaimedBy!).ToHashSet());
        }

        var (sharedReorder, singleReorder) = (await ReorderRowsAsync(database), await ReorderRowsAsync(single));
        Assert.NotEmpty(sharedReorder);
        Assert.Equal(singleReorder, sharedReorder);
        var (sharedDemand, singleDemand) = (await DemandRowsAsync(database), await DemandRowsAsync(single));
        Assert.NotEmpty(sharedDemand);
        Assert.Equal(singleDemand, sharedDemand);
        Assert.Equal(await StockRowsAsync(single), await StockRowsAsync(database));
        Assert.Equal(await ScoreRowsAsync(single), await ScoreRowsAsync(database));
    }

    private async Task<PipelineRun> WaitForRunAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await using var db = database.CreateContext();
            var run = await db.PipelineRuns.AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync();
            if (run is not null && run.Status != RunStatus.Running)
                return run;
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"the pipeline run did not finish in {timeout}: {run?.Status}");
            await Task.Delay(500);
        }
    }

    private static string N(double value) => value.ToString("G10", CultureInfo.InvariantCulture);

    private static async Task<List<string>> ReorderRowsAsync(TestDatabase target)
    {
        await using var db = target.CreateContext();
        return (await db.ReorderPredictions.AsNoTracking().ToListAsync())
            .Select(r => $"{r.CustomerId}/{r.ProductId} {r.AsOf} {r.PredictedDate} {r.P10Date}..{r.P90Date} {r.CycleP90Date} {N(r.TypicalCycleDays)} " +
                         $"{N(r.ProbabilityWithinHorizon)} {N(r.ProbabilityCustomerActive)} {N(r.ProbabilityPairActive)} {r.UsualQuantity}")
            .Order(StringComparer.Ordinal).ToList();
    }

    private static async Task<List<string>> DemandRowsAsync(TestDatabase target)
    {
        await using var db = target.CreateContext();
        return (await db.DemandForecasts.AsNoTracking().ToListAsync())
            .Select(f => $"{f.ProductId} {f.PeriodStart} {f.Step} {f.Model} {N(f.Mean)} {N(f.P10)} {N(f.P25)} {N(f.P75)} {N(f.P90)}")
            .Order(StringComparer.Ordinal).ToList();
    }

    private static async Task<List<string>> StockRowsAsync(TestDatabase target)
    {
        await using var db = target.CreateContext();
        return (await db.StockProjections.AsNoTracking().ToListAsync())
            .Select(p => $"{p.ProductId} {p.PeriodStart} {p.MeanDemand} {p.Incoming} {p.StockP10} {p.StockP50} {p.StockP90}")
            .Order(StringComparer.Ordinal).ToList();
    }

    private static async Task<List<string>> ScoreRowsAsync(TestDatabase target)
    {
        await using var db = target.CreateContext();
        return (await db.OpportunityScores.AsNoTracking().ToListAsync())
            .Select(s => $"{s.OpportunityId} {s.AsOf} {s.Model} {N(s.Probability)}")
            .Order(StringComparer.Ordinal).ToList();
    }
}
