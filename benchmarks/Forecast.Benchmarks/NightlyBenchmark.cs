using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Forecast.Cli;
using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.Core.Outreach.Reminders;
using Forecast.DemoWorld;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Spectre.Console;

namespace Forecast.Benchmarks;

/// <summary>
/// <c>forecast-bench benchmark nightly</c>: the whole night at a chosen size, as production runs it. A demo world of
/// N customers × M products is generated and left in a drop folder; real <c>forecast worker</c> processes (Hangfire on
/// PostgreSQL) then run each stage, import first and the morning reminders last, enqueued one stage at a time so each
/// stage's figures are its own: wall seconds, CPU seconds of the workers and of the database backends serving them,
/// how busy the cores were, the workers' peak memory and the rows the stage left in the database.
/// Modes: one process on every core (the nightly figure); one process on one core and two processes on a core each
/// (two machines simulated on one, for the scale-out figure; PostgreSQL is not pinned and serves both).
/// </summary>
internal static class NightlyBenchmark
{
    private const string Database = "forecast_bench_nightly";
    private static readonly string[] Stages = [.. PipelineCoordinator.NightlyStages, RemindersStage.StageName];
    private static readonly string[] KnownModes = ["one", "one-core", "two-cores"];

    public static Command Create()
    {
        var customers = new Option<int>("--customers") { Description = "ERP customers in the generated world.", DefaultValueFactory = _ => 2_000 };
        var products = new Option<int>("--products") { Description = "Products in the generated world.", DefaultValueFactory = _ => 500 };
        var years = new Option<int>("--years") { Description = "Years of history.", DefaultValueFactory = _ => 3 };
        var seed = new Option<int>("--seed") { Description = "Seed of the generated world.", DefaultValueFactory = _ => 42 };
        var modes = new Option<string>("--modes")
        {
            Description = "Comma-separated: one (one worker process, every core), one-core (one process pinned to core 0), two-cores (two processes, each pinned to its own core).",
            DefaultValueFactory = _ => "one,one-core,two-cores",
        };
        var work = new Option<string>("--work") { Description = "Folder for the generated world and the drop folders.", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "forecast-bench-nightly") };
        var output = new Option<string?>("--out") { Description = "Folder to write nightly-<customers>x<products>.json and .md into." };
        var command = new Command("nightly", "The whole nightly pipeline (import → reminders) at a chosen size on real worker processes: per-stage wall and CPU seconds, peak memory, rows.")
        {
            customers, products, years, seed, modes, work, output,
        };
        command.SetAction((parse, ct) => RunAsync(
            new DemoWorldOptions { Customers = parse.GetValue(customers), Products = parse.GetValue(products), Years = parse.GetValue(years), Seed = parse.GetValue(seed) },
            parse.GetValue(modes)!, parse.GetValue(work)!, parse.GetValue(output), ct));
        return command;
    }

    private static async Task<int> RunAsync(DemoWorldOptions world, string modeList, string work, string? output, CancellationToken cancellationToken)
    {
        var invalid = world.Validate();
        var modes = modeList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = modes.Where(m => !KnownModes.Contains(m)).ToList();
        if (invalid is not null || unknown.Count > 0 || modes.Length == 0)
        {
            await Console.Error.WriteLineAsync(invalid ?? $"error: unknown mode(s) {string.Join(", ", unknown)}; use {string.Join(", ", KnownModes)}.");
            return 2;
        }
        var cli = Path.Combine(AppContext.BaseDirectory, "forecast.dll");
        if (!File.Exists(cli))
        {
            await Console.Error.WriteLineAsync($"error: {cli} is missing; build benchmarks/Forecast.Benchmarks (it copies the forecast CLI next to itself).");
            return 1;
        }

        string serverConnection;
        using (var host = CliHost.Build())
            serverConnection = host.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString;
        var bench = new NpgsqlConnectionStringBuilder(serverConnection) { Database = Database };

        var worldFolder = Path.Combine(work, "world");
        var generated = Stopwatch.StartNew();
        var summary = DemoWorldWriter.Write(DemoWorldGenerator.Generate(world), worldFolder, null, cancellationToken);
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"Generated {world.Customers:N0} customers × {world.Products:N0} products × {world.Years} years: {summary.TotalRows:N0} rows in {generated.Elapsed.TotalSeconds:N1} s ({worldFolder})");

        var loadBefore = BenchDatabase.LoadAverage();
        var results = new List<ModeResult>();
        foreach (var mode in modes)
        {
            var drop = Path.Combine(work, $"drop-{mode}");
            if (Directory.Exists(drop))
                Directory.Delete(drop, recursive: true);
            foreach (var system in new[] { "erp", "crm" })
                CopyFolder(Path.Combine(worldFolder, system), Path.Combine(drop, system));

            await BenchDatabase.RecreateAsync(serverConnection, Database, cancellationToken);
            Environment.SetEnvironmentVariable("ConnectionStrings__Forecast", bench.ConnectionString);
            using var host = CliHost.Build();
            await using (var scope = host.Services.CreateAsyncScope())
                await scope.ServiceProvider.GetRequiredService<ForecastDbContext>().Database.MigrateAsync(cancellationToken);

            AnsiConsole.MarkupLineInterpolated($"[bold]Mode {mode}[/] (load average {BenchDatabase.LoadAverage()})");
            var workers = StartWorkers(cli, mode, bench.ConnectionString, drop);
            try
            {
                await WaitForWorkersAsync(bench.ConnectionString, workers.Count, workers, cancellationToken);
                var stages = new List<StageResult>();
                foreach (var stage in Stages)
                {
                    var result = await RunStageAsync(host, bench.ConnectionString, workers, stage, world.AsOf, cancellationToken);
                    stages.Add(result);
                    // Plain text: piped to a log, Spectre would wrap the line at 80 columns.
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {stage,-16} {result.Status,-9} {result.WallSeconds,7:N1} s  CPU {result.WorkerCpuSeconds,6:N1} + {result.DatabaseCpuSeconds,5:N1} s db  busy {result.CoresBusy,4:N2}  {result.PeakWorkerMb,5:N0} MB {result.Rows,10:N0} rows"));
                }
                var peak = workers.Select(w => w.PeakMb()).DefaultIfEmpty(0).Max();
                results.Add(new ModeResult(mode, workers.Count, workers.Select(w => w.Threads).Sum(), stages, Math.Round(stages.Sum(s => s.WallSeconds), 1), Math.Round(peak)));
            }
            finally
            {
                // The stages' per-step seconds are in the workers' logs: where a stage's time goes, next to its totals.
                for (var i = 0; i < workers.Count; i++)
                    await File.WriteAllTextAsync(Path.Combine(work, $"worker-{mode}-{i + 1}.log"), workers[i].Output, CancellationToken.None);
                foreach (var worker in workers)
                    worker.Dispose();
            }
            await BenchDatabase.DropAsync(serverConnection, Database, cancellationToken);
        }

        var report = new NightlyReport(world.Customers, world.Products, world.Years, world.Seed, summary.TotalRows, results,
            Scaleout(results), new Machine(Environment.ProcessorCount, Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
                loadBefore, BenchDatabase.LoadAverage(), await BenchDatabase.ScalarAsync(serverConnection, "SHOW server_version", cancellationToken),
                Environment.OSVersion.VersionString, DateTimeOffset.UtcNow));
        var markdown = Markdown(report);
        AnsiConsole.WriteLine();
        Console.WriteLine(markdown);
        if (output is not null)
        {
            Directory.CreateDirectory(output);
            var name = Path.Combine(output, $"nightly-{world.Customers}x{world.Products}");
            await File.WriteAllTextAsync(name + ".json", JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }), cancellationToken);
            await File.WriteAllTextAsync(name + ".md", markdown, cancellationToken);
            Console.WriteLine($"Results written to {name}.json and {name}.md");
        }
        return results.All(r => r.Stages.All(s => s.Status == nameof(RunStatus.Succeeded))) ? 0 : 1;
    }

    /// <summary>Two processes on a core each against one process on one core: how far a second machine would carry.</summary>
    private static double? Scaleout(List<ModeResult> results)
    {
        var one = results.FirstOrDefault(r => r.Mode == "one-core");
        var two = results.FirstOrDefault(r => r.Mode == "two-cores");
        return one is null || two is null || two.WallSeconds <= 0 ? null : Math.Round(one.WallSeconds / two.WallSeconds, 2);
    }

    private static List<WorkerProcess> StartWorkers(string cli, string mode, string connectionString, string drop)
    {
        var cores = Environment.ProcessorCount;
        return mode switch
        {
            "one" => [WorkerProcess.Start(cli, connectionString, drop, core: null, threads: cores)],
            "one-core" => [WorkerProcess.Start(cli, connectionString, drop, core: 0, threads: 1)],
            _ => [WorkerProcess.Start(cli, connectionString, drop, core: 0, threads: 1), WorkerProcess.Start(cli, connectionString, drop, core: 1 % cores, threads: 1)],
        };
    }

    private static async Task WaitForWorkersAsync(string connectionString, int count, List<WorkerProcess> workers, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (workers.FirstOrDefault(w => w.HasExited) is { } dead)
                throw new InvalidOperationException($"A worker process exited at start: {dead.Output}");
            try
            {
                if (int.Parse(await BenchDatabase.ScalarAsync(connectionString, "SELECT count(*) FROM hangfire.server", cancellationToken), CultureInfo.InvariantCulture) >= count)
                    return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // The first worker has not installed Hangfire's schema yet.
            }
            if (deadline.Elapsed > TimeSpan.FromMinutes(2))
                throw new TimeoutException("The worker processes did not register with Hangfire within 2 minutes.");
            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>One stage as a run of its own, so what it costs is not mixed with its neighbours'.</summary>
    private static async Task<StageResult> RunStageAsync(IHost host, string connectionString, List<WorkerProcess> workers, string stage, DateOnly asOf, CancellationToken cancellationToken)
    {
        var rowsBefore = await CountRowsAsync(connectionString, cancellationToken);
        var database = new BackendCpu(connectionString);
        await database.SampleAsync(cancellationToken);
        var cpuBefore = workers.Sum(w => w.CpuSeconds());
        foreach (var worker in workers)
            worker.ResetStagePeak();

        var wall = Stopwatch.StartNew();
        long runId;
        await using (var scope = host.Services.CreateAsyncScope())
            runId = (await scope.ServiceProvider.GetRequiredService<PipelineCoordinator>().StartAsync(asOf, [stage], "benchmark", cancellationToken)).Id;
        PipelineRun run;
        while (true)
        {
            await Task.Delay(200, cancellationToken);
            foreach (var worker in workers)
                worker.Sample();
            await database.SampleAsync(cancellationToken);
            await using var scope = host.Services.CreateAsyncScope();
            run = await scope.ServiceProvider.GetRequiredService<PipelineCoordinator>().FindAsync(runId, cancellationToken);
            if (run.Status != RunStatus.Running)
                break;
            if (workers.FirstOrDefault(w => w.HasExited) is { } dead)
                throw new InvalidOperationException($"A worker process died during {stage}: {dead.Output}");
        }
        wall.Stop();
        var workerCpu = workers.Sum(w => w.CpuSeconds()) - cpuBefore;
        var databaseCpu = database.Seconds;
        var rows = await CountRowsAsync(connectionString, cancellationToken);
        var written = rows.Sum(r => Math.Max(0, r.Value - rowsBefore.GetValueOrDefault(r.Key)));
        var seconds = wall.Elapsed.TotalSeconds;
        return new StageResult(stage, run.Status.ToString(), run.Error, Math.Round(seconds, 2), Math.Round(workerCpu, 2), Math.Round(databaseCpu, 2),
            Math.Round((workerCpu + databaseCpu) / seconds, 2), Math.Round(workers.Max(w => w.StagePeakMb)), written);
    }

    /// <summary>Exact row counts of every table the product owns (not Hangfire's), so a stage's rows are what it left.</summary>
    private static async Task<Dictionary<string, long>> CountRowsAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(relname) FROM pg_stat_user_tables WHERE schemaname <> 'hangfire' ORDER BY 1", connection))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                tables.Add(reader.GetString(0));
        }
        var counts = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection) { CommandTimeout = 0 };
            counts[table] = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }
        return counts;
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
    }

    private static string Markdown(NightlyReport report)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"# Nightly pipeline: {report.Customers:N0} customers × {report.Products:N0} products × {report.Years} years (seed {report.Seed}, {report.InputRows:N0} input rows)");
        text.AppendLine();
        var modes = string.Join(",", report.Modes.Select(m => m.Mode));
        var command = $"benchmarks/nightly/run.sh --customers {report.Customers} --products {report.Products}" +
                      (report.Years == 3 ? "" : $" --years {report.Years}") + (modes == string.Join(",", KnownModes) ? "" : $" --modes {modes}");
        text.AppendLine(c, $"`{command}`, {report.Machine.MeasuredAt:yyyy-MM-dd HH:mm} UTC; " +
                           $"{report.Machine.Cores} cores, {report.Machine.MemoryGiB} GiB, PostgreSQL {report.Machine.Postgres} on the same machine; load average {report.Machine.LoadAverageBefore} before, {report.Machine.LoadAverageAfter} after.");
        text.AppendLine("Each stage is enqueued as a run of its own on real `forecast worker` processes; CPU is the workers' plus the database backends serving this database; cores busy = CPU ÷ wall.");
        foreach (var mode in report.Modes)
        {
            text.AppendLine();
            text.AppendLine(c, $"## {mode.Mode}: {mode.Processes} worker process(es), {mode.Threads} job thread(s) in all — {mode.WallSeconds:N1} s, peak {mode.PeakWorkerMb:N0} MB per process");
            text.AppendLine();
            text.AppendLine("| stage | status | wall s | worker CPU s | database CPU s | cores busy | peak MB | rows |");
            text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
            foreach (var s in mode.Stages)
                text.AppendLine(c, $"| {s.Stage} | {s.Status} | {s.WallSeconds:N1} | {s.WorkerCpuSeconds:N1} | {s.DatabaseCpuSeconds:N1} | {s.CoresBusy:N2} | {s.PeakWorkerMb:N0} | {s.Rows:N0} |");
        }
        if (report.ScaleoutTwoCoresOverOneCore is { } ratio)
        {
            text.AppendLine();
            text.AppendLine(c, $"Two processes on a core each finish the night {ratio:N2}× as fast as one process on one core (goal ≥ 1.7×).");
        }
        return text.ToString();
    }

    private sealed record StageResult(string Stage, string Status, string? Error, double WallSeconds, double WorkerCpuSeconds, double DatabaseCpuSeconds, double CoresBusy, double PeakWorkerMb, long Rows);

    private sealed record ModeResult(string Mode, int Processes, int Threads, List<StageResult> Stages, double WallSeconds, double PeakWorkerMb);

    private sealed record Machine(int Cores, double MemoryGiB, string LoadAverageBefore, string LoadAverageAfter, string Postgres, string Os, DateTimeOffset MeasuredAt);

    private sealed record NightlyReport(int Customers, int Products, int Years, int Seed, long InputRows, List<ModeResult> Modes, double? ScaleoutTwoCoresOverOneCore, Machine Machine);

    /// <summary>CPU time of the PostgreSQL backends connected to the benchmark's database, sampled from /proc.</summary>
    private sealed class BackendCpu(string connectionString)
    {
        private readonly Dictionary<int, (double First, double Last)> _backends = [];
        private bool _baselineTaken;

        public double Seconds => _backends.Values.Sum(b => b.Last - b.First);

        public async Task SampleAsync(CancellationToken cancellationToken)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var pid = reader.GetInt32(0);
                if (ProcStat.CpuSeconds(pid) is not { } cpu)
                    continue;
                // The first sample is the baseline; a backend first seen later was opened during the stage, so all its CPU counts.
                _backends[pid] = _backends.TryGetValue(pid, out var known) ? (known.First, cpu) : (_baselineTaken ? 0 : cpu, cpu);
            }
            _baselineTaken = true;
        }
    }

    private static class ProcStat
    {
        private const double TicksPerSecond = 100; // USER_HZ on Linux

        public static double? CpuSeconds(int pid)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                // The command name may hold spaces: fields are counted after its closing parenthesis.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
            }
            catch (IOException)
            {
                return null;
            }
        }

        public static double ResidentMb(int pid, string field)
        {
            try
            {
                var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
                return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            }
            catch (IOException)
            {
                return 0;
            }
        }
    }

    /// <summary>A <c>forecast worker</c> process with the benchmark's database and drop folder, optionally pinned to one core.</summary>
    private sealed class WorkerProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private double _peakMb;

        private WorkerProcess(Process process, int threads)
        {
            _process = process;
            Threads = threads;
        }

        public int Threads { get; }
        public double StagePeakMb { get; private set; }
        public bool HasExited => _process.HasExited;
        public string Output { get { lock (_output) return _output.ToString(); } }

        public static WorkerProcess Start(string cli, string connectionString, string drop, int? core, int threads)
        {
            var start = core is { } pin ? new ProcessStartInfo("taskset") { ArgumentList = { "-c", pin.ToString(CultureInfo.InvariantCulture), "dotnet", cli, "worker" } }
                : new ProcessStartInfo("dotnet") { ArgumentList = { cli, "worker" } };
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            start.UseShellExecute = false;
            start.Environment["ConnectionStrings__Forecast"] = connectionString;
            start.Environment["Ingest__DropFolder"] = drop;
            start.Environment["Schedule__WorkerCount"] = threads.ToString(CultureInfo.InvariantCulture);
            start.Environment["Schedule__QueuePollSeconds"] = "1";
            // Only what the benchmark enqueues runs: no recurring job fires during it.
            foreach (var cron in new[] { "NightlyCron", "RemindersCron", "OutboxCron", "WatchdogCron" })
                start.Environment[$"Schedule__{cron}"] = "0 0 31 2 *";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            foreach (var stepped in new[] { "Forecast.Core.Opportunities.WinProbabilityJob", "Forecast.Core.Outreach.Reminders.ReminderBuilder" })
                start.Environment[$"Logging__LogLevel__{stepped}"] = "Information";
            var worker = new WorkerProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start a worker process."), threads);
            worker._process.OutputDataReceived += (_, e) => worker.Append(e.Data);
            worker._process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
            worker._process.BeginOutputReadLine();
            worker._process.BeginErrorReadLine();
            return worker;
        }

        private void Append(string? line)
        {
            if (line is null)
                return;
            lock (_output)
            {
                if (_output.Length < 20_000)
                    _output.AppendLine(line);
            }
        }

        public double CpuSeconds() => ProcStat.CpuSeconds(_process.Id) ?? 0;

        public void ResetStagePeak() => StagePeakMb = 0;

        public void Sample()
        {
            var rss = ProcStat.ResidentMb(_process.Id, "VmRSS:");
            StagePeakMb = Math.Max(StagePeakMb, rss);
            _peakMb = Math.Max(_peakMb, rss);
        }

        /// <summary>The kernel's high-water mark of the process's resident memory, or the sampled peak if it is gone.</summary>
        public double PeakMb() => _process.HasExited ? _peakMb : Math.Max(_peakMb, ProcStat.ResidentMb(_process.Id, "VmHWM:"));

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
            _process.Dispose();
        }
    }
}
