using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Forecast.Core;
using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Microsoft.EntityFrameworkCore;
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
        var asOf = new Option<string?>("--as-of") { Description = "Business date to predict as of (yyyy-MM-dd). Default: the last day with data." };
        var enqueue = new Option<bool>("--enqueue") { Description = "Hand the run to the Hangfire workers instead of running it in this process." };
        var run = new Command("run", "Run pipeline stages now: the same code the scheduler runs.") { stages, asOf, enqueue };
        run.SetAction((parse, ct) => RunAsync(parse.GetValue(stages) ?? [], parse.GetValue(asOf), parse.GetValue(enqueue), ct));

        var worker = new Command("worker", "Execute scheduled and enqueued jobs until stopped (Ctrl+C). Start several, on several machines, against one database.");
        worker.SetAction((_, ct) => WorkerAsync(ct));
        return [run, worker];
    }

    private static async Task<int> RunAsync(string[] stageNames, string? asOfText, bool enqueue, CancellationToken cancellationToken)
    {
        DateOnly? asOf = null;
        if (asOfText is not null)
        {
            if (!DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                await Console.Error.WriteLineAsync($"error: --as-of '{asOfText}' is not a date like 2026-11-27.");
                return 2;
            }
            asOf = parsed;
        }

        var builder = CliHost.CreateBuilder();
        var inline = new InlineStageDispatcher();
        if (!enqueue)
            builder.Services.AddSingleton<IStageDispatcher>(inline);
        using var host = builder.Build();

        PipelineRun started;
        var stopwatch = Stopwatch.StartNew();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var coordinator = scope.ServiceProvider.GetRequiredService<PipelineCoordinator>();
            var names = stageNames.Length == 0 ? PipelineCoordinator.NightlyStages : stageNames;
            var date = asOf ?? await coordinator.DefaultAsOfAsync(cancellationToken);
            try
            {
                started = await coordinator.StartAsync(date, names, enqueue ? "manual" : "cli", cancellationToken);
            }
            catch (Exception ex) when (ex is PipelineBusyException or ArgumentException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return 1;
            }
            Console.WriteLine($"Run {started.Id} as of {started.AsOf:yyyy-MM-dd}: {string.Join(" -> ", started.Stages)}");
        }
        if (enqueue)
        {
            Console.WriteLine("Enqueued: the workers (forecast worker, or the web app) will run it. Follow it on the Hangfire dashboard.");
            return 0;
        }

        var stageSeconds = new Dictionary<string, double>();
        while (inline.TryTake(out var item))
        {
            await using var scope = host.Services.CreateAsyncScope();
            var coordinator = scope.ServiceProvider.GetRequiredService<PipelineCoordinator>();
            var partitionClock = Stopwatch.StartNew();
            try
            {
                await coordinator.RunPartitionAsync(item.RunId, item.Stage, item.Partition, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await Console.Error.WriteLineAsync($"error: stage {item.Stage}, partition {item.Partition} failed: {ex.Message}");
                await Console.Error.WriteLineAsync("The run is kept; fix the cause and run the stage again (forecast run <stage>).");
                return 1;
            }
            stageSeconds[item.Stage] = stageSeconds.GetValueOrDefault(item.Stage) + partitionClock.Elapsed.TotalSeconds;
            Console.WriteLine($"  {item.Stage,-16} partition {item.Partition + 1,3}  {partitionClock.Elapsed.TotalSeconds,7:F1} s");
        }

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ForecastDbContext>();
            var finished = await db.PipelineRuns.AsNoTracking().SingleAsync(r => r.Id == started.Id, cancellationToken);
            Console.WriteLine();
            Console.WriteLine($"Run {finished.Id}: {finished.Status} in {stopwatch.Elapsed.TotalSeconds:F1} s");
            foreach (var (stage, seconds) in stageSeconds)
                Console.WriteLine($"  {stage,-16} {seconds,7:F1} s");
            return finished.Status == RunStatus.Succeeded ? 0 : 1;
        }
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
