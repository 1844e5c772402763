using System.CommandLine;
using System.Diagnostics;
using Forecast.Core;
using Forecast.Core.Customers;
using Forecast.Core.Demand;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.Core.Opportunities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Forecast.Cli.Pipeline;

/// <summary><c>forecast run</c> (a stage or the nightly pipeline, in this process or enqueued) and <c>forecast worker</c>.</summary>
internal static class PipelineCommands
{
    public static IEnumerable<Command> Create()
    {
        var stages = new Argument<string[]>("stage")
        {
            Description = $"Stages to run, in order (default: the nightly pipeline: {string.Join(" ", PipelineCoordinator.NightlyStages)}).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var asOf = AsOfOption.Create($"Business date to predict as of (yyyy-MM-dd). {AsOfOption.DefaultText}");
        var enqueue = new Option<bool>("--enqueue") { Description = "Hand the run to the Hangfire workers instead of running it in this process." };
        var run = new Command("run", "Run pipeline stages now: the same code the scheduler runs.") { stages, asOf, enqueue };
        run.SetAction((parse, ct) => RunAsync(parse.GetValue(stages) ?? [], parse.GetValue(asOf), parse.GetValue(enqueue), ct));

        var replayStages = new Argument<string[]>("stage")
        {
            Description = $"Stages to replay each night (default: {string.Join(" ", ReplayedStages)}: what the accuracy stage scores later).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var nights = new Option<int>("--nights") { Description = "How many past nights (0..52).", DefaultValueFactory = _ => 4 };
        var every = new Option<int>("--every") { Description = "Days between two replayed nights (1..28; 7: weekly, as forecasts are weekly).", DefaultValueFactory = _ => 7 };
        var replayAsOf = AsOfOption.Create($"The night after the last replayed one (yyyy-MM-dd); nights are replayed before it. {AsOfOption.DefaultText}");
        var replay = new Command("replay", "Run stages as of past business dates, oldest first, as if the service had run those nights: a new database then has past forecasts to score.")
        {
            replayStages, nights, every, replayAsOf,
        };
        replay.SetAction((parse, ct) => ReplayAsync(parse.GetValue(replayStages) ?? [], parse.GetValue(nights), parse.GetValue(every), parse.GetValue(replayAsOf), ct));

        var worker = new Command("worker", "Execute scheduled and enqueued jobs until stopped (Ctrl+C). Start several, on several machines, against one database.");
        worker.SetAction((_, ct) => WorkerAsync(ct));
        return [run, replay, worker];
    }

    /// <summary>The stages behind a night's forecast: customers and win probability feed the demand stage's pipeline layer.</summary>
    private static readonly string[] ReplayedStages = [CustomersStage.StageName, WinProbabilityStage.StageName, DemandStage.StageName];

    private static async Task<int> ReplayAsync(string[] stageNames, int nights, int every, DateOnly? asOf, CancellationToken cancellationToken)
    {
        if (nights is < 0 or > 52 || every is < 1 or > 28)
        {
            await Console.Error.WriteLineAsync("error: --nights must be from 0 to 52 and --every from 1 to 28.");
            return 1;
        }
        var builder = CliHost.CreateBuilder();
        InlinePipeline.Register(builder.Services);
        using var host = builder.Build();
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var runs = await host.Services.GetRequiredService<NightReplay>().ReplayAsync(asOf, nights, every, stageNames.Length == 0 ? ReplayedStages : stageNames,
                night => Console.WriteLine($"Replaying night {night.Night}/{night.Nights} as of {night.AsOf:yyyy-MM-dd} ({stopwatch.Elapsed.TotalSeconds:F0} s so far)"),
                done => Console.WriteLine($"  {done.Stage,-16} partition {done.Partition + 1,3}/{done.PartitionCount,-3} {done.Elapsed.TotalSeconds,7:F1} s"),
                cancellationToken);
            Console.WriteLine($"Replayed {runs.Count} night(s) in {stopwatch.Elapsed.TotalSeconds:F1} s");
            return runs.All(r => r.Status == RunStatus.Succeeded) ? 0 : 1;
        }
        catch (Exception ex) when (ex is PipelineBusyException or AsOfDateException or ArgumentException or PartitionFailedException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> RunAsync(string[] stageNames, DateOnly? asOf, bool enqueue, CancellationToken cancellationToken)
    {
        var builder = CliHost.CreateBuilder();
        if (!enqueue)
            InlinePipeline.Register(builder.Services);
        using var host = builder.Build();
        var names = stageNames.Length == 0 ? PipelineCoordinator.NightlyStages : stageNames;

        if (enqueue)
        {
            await using var scope = host.Services.CreateAsyncScope();
            try
            {
                var started = await scope.ServiceProvider.GetRequiredService<PipelineCoordinator>().StartAsync(asOf, names, "manual", cancellationToken);
                Console.WriteLine($"Run {started.Id} as of {started.AsOf:yyyy-MM-dd}: {string.Join(" -> ", started.Stages)}");
            }
            catch (Exception ex) when (ex is PipelineBusyException or AsOfDateException or ArgumentException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return 1;
            }
            Console.WriteLine("Enqueued: the workers (forecast worker, or the web app) will run it. Follow it on the Hangfire dashboard.");
            return 0;
        }

        var stopwatch = Stopwatch.StartNew();
        var stageSeconds = new Dictionary<string, double>();
        PipelineRun finished;
        try
        {
            finished = await host.Services.GetRequiredService<InlinePipeline>().RunAsync(asOf, names, "cli",
                started => Console.WriteLine($"Run {started.Id} as of {started.AsOf:yyyy-MM-dd}{(started.AsOfFromData ? " (or the last day the imported data reach)" : "")}: {string.Join(" -> ", started.Stages)}"),
                done =>
                {
                    stageSeconds[done.Stage] = stageSeconds.GetValueOrDefault(done.Stage) + done.Elapsed.TotalSeconds;
                    Console.WriteLine($"  {done.Stage,-16} partition {done.Partition + 1,3}/{done.PartitionCount,-3} {done.Elapsed.TotalSeconds,7:F1} s");
                },
                cancellationToken);
        }
        catch (Exception ex) when (ex is PipelineBusyException or AsOfDateException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
        catch (PartitionFailedException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            await Console.Error.WriteLineAsync($"Run {ex.RunId} is marked failed (the next run need not wait); fix the cause and run the stage again (forecast run {ex.Stage}).");
            return 1;
        }

        Console.WriteLine();
        Console.WriteLine($"Run {finished.Id} as of {finished.AsOf:yyyy-MM-dd}: {finished.Status} in {stopwatch.Elapsed.TotalSeconds:F1} s");
        foreach (var (stage, seconds) in stageSeconds)
            Console.WriteLine($"  {stage,-16} {seconds,7:F1} s");
        return finished.Status == RunStatus.Succeeded ? 0 : 1;
    }

    private static async Task<int> WorkerAsync(CancellationToken cancellationToken)
    {
        var builder = CliHost.CreateBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.AddForecastWorker();
        using var host = builder.Build();
        Console.WriteLine($"Worker {Environment.MachineName}:{Environment.ProcessId} started; Ctrl+C to stop.");
        await host.RunAsync(cancellationToken);
        return 0;
    }
}
