using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Forecast.Modeling.Models;
using Forecast.Modeling.Models.Auto;
using Forecast.Modeling.Series;
using Spectre.Console;
using SelectionMode = Forecast.Modeling.Models.Auto.SelectionMode;

namespace Forecast.Benchmarks.Backtest;

/// <summary>
/// <c>forecast-bench backtest</c>: fits every series of a long CSV (peer-harness format) with each model and writes the
/// harness's forecast CSV (<c>cs_&lt;model&gt;</c> methods with lo80/hi80 and fit_seconds), streaming so memory stays flat.
/// </summary>
internal static class BacktestCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input") { Description = "Long CSV (series_id,t,y[,split]; period_index/value aliases; .gz ok).", Required = true };
        var horizon = new Option<int>("--h") { Description = "Forecast horizon (steps after the last train period).", Required = true };
        var season = new Option<int>("--m") { Description = "Seasonal period: 12 monthly, 4 quarterly, 52 weekly, 7 daily, 1 none.", DefaultValueFactory = _ => 1 };
        var output = new Option<FileInfo>("--out") { Description = "Forecast CSV to write.", Required = true };
        var models = new Option<string>("--models") { Description = $"Comma list of: {string.Join(", ", ModelCatalog.Names)}.", DefaultValueFactory = _ => "auto" };
        var prefix = new Option<string>("--prefix") { Description = "Method name prefix in the output.", DefaultValueFactory = _ => "cs_" };
        var windows = new Option<int>("--windows") { Description = "auto: rolling-origin CV windows.", DefaultValueFactory = _ => 3 };
        var sparseWindows = new Option<int>("--intermittent-windows") { Description = "auto: rolling-origin CV windows for intermittent/lumpy series.", DefaultValueFactory = _ => 5 };
        var trim = new Option<double>("--trim-ratio") { Description = "auto, Trimmed: candidates within this fraction of the best CV error are averaged.", DefaultValueFactory = _ => 0.25 };
        var step = new Option<int?>("--step") { Description = "auto: periods between CV cutoffs (default h)." };
        var selection = new Option<SelectionMode>("--selection") { Description = "auto: SingleOrCombination, Best, MeanOfBest, MedianOfBest, Weighted or Trimmed.", DefaultValueFactory = _ => SelectionMode.SingleOrCombination };
        var best = new Option<int>("--best") { Description = "auto: how many candidates to combine (SingleOrCombination: at most).", DefaultValueFactory = _ => 3 };
        var keep = new Option<int>("--keep-structures") { Description = "auto: ETS forms the earliest CV window passes on to the later ones.", DefaultValueFactory = _ => 3 };
        var narrowFinal = new Option<bool>("--narrow-final") { Description = "auto: the final ETS fit too chooses among the forms the earliest window kept.", DefaultValueFactory = _ => true };
        var margin = new Option<double>("--single-margin") { Description = "auto: a single candidate replaces the best combination only when its CV error is lower by more than this fraction.", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "Worker threads (series in parallel).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var profile = new Option<bool>("--profile") { Description = "auto: report the seconds spent in each candidate." };
        var maxSeries = new Option<int?>("--max-series") { Description = "Only the first N series of the file." };
        var smooth = new Option<string?>("--smooth-candidates") { Description = "auto: candidates for smooth/erratic series (default ets,theta)." };
        var sparse = new Option<string?>("--intermittent-candidates") { Description = "auto: candidates for intermittent/lumpy series." };
        var smoothMetric = new Option<CvMetric>("--smooth-metric") { Description = "auto: CV error ranking smooth/erratic series (Mae or Rmse).", DefaultValueFactory = _ => CvMetric.Mae };
        var sparseMetric = new Option<CvMetric>("--intermittent-metric") { Description = "auto: CV error ranking intermittent/lumpy series (Mae or Rmse).", DefaultValueFactory = _ => CvMetric.Mae };

        var command = new Command("backtest", "Forecast every series of a long CSV with the chosen models and write the peer harness's forecast CSV.")
        {
            input, horizon, season, output, models, prefix, windows, step, selection, best, keep, narrowFinal, margin, threads, profile, maxSeries, smooth, sparse, smoothMetric, sparseMetric, sparseWindows, trim,
        };
        command.SetAction(async (parse, ct) =>
        {
            var settings = new BacktestSettings
            {
                Horizon = parse.GetValue(horizon),
                SeasonLength = parse.GetValue(season),
                Windows = parse.GetValue(windows),
                IntermittentWindows = parse.GetValue(sparseWindows),
                Step = parse.GetValue(step),
                Selection = parse.GetValue(selection),
                BestCount = parse.GetValue(best),
                KeepStructures = parse.GetValue(keep),
                NarrowFinalFit = parse.GetValue(narrowFinal),
                SingleMargin = parse.GetValue(margin),
                TrimRatio = parse.GetValue(trim),
                Profile = parse.GetValue(profile),
                SmoothCandidates = parse.GetValue(smooth),
                IntermittentCandidates = parse.GetValue(sparse),
                SmoothMetric = parse.GetValue(smoothMetric),
                IntermittentMetric = parse.GetValue(sparseMetric),
            };
            return await RunAsync(parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(models)!, parse.GetValue(prefix)!,
                settings, Math.Max(1, parse.GetValue(threads)), parse.GetValue(maxSeries), ct);
        });
        return command;
    }

    private sealed record Job(int Index, InputSeries Series);

    private sealed record Result(int Index, List<string[]> Rows, int Fallbacks);

    private static async Task<int> RunAsync(FileInfo input, FileInfo output, string modelList, string prefix, BacktestSettings settings,
        int threads, int? maxSeries, CancellationToken ct)
    {
        if (!input.Exists)
        {
            await Console.Error.WriteLineAsync($"error: input file {input.FullName} does not exist. Pass --input with a long CSV (see docs/forecasting.md).");
            return 2;
        }
        if (settings.Horizon < 1 || settings.SeasonLength < 1)
        {
            await Console.Error.WriteLineAsync("error: --h and --m must be at least 1.");
            return 2;
        }
        var names = modelList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // The global model learns across all series at once, so it runs in its own pass after the per-series models.
        var global = names.Contains("gbm");
        names = [.. names.Where(n => n != "gbm")];
        List<IForecastModel> models;
        try
        {
            models = [.. names.Select(n => ModelCatalog.Create(n, settings))];
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
        int total;
        try
        {
            total = LongCsv.CountSeries(input.FullName);
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
        if (maxSeries is { } cap)
            total = Math.Min(total, cap);

        var fitTicks = new long[models.Count];
        var fallbacks = new int[models.Count];
        var wall = Stopwatch.StartNew();
        var jobs = Channel.CreateBounded<Job>(new BoundedChannelOptions(threads * 4) { SingleWriter = true });
        var results = Channel.CreateBounded<Result>(new BoundedChannelOptions(threads * 4) { SingleReader = true });
        Exception? readError = null;
        var reader = Task.Run(async () =>
        {
            try
            {
                var i = 0;
                foreach (var s in LongCsv.Read(input.FullName))
                {
                    if (maxSeries is { } max && i >= max)
                        break;
                    await jobs.Writer.WriteAsync(new Job(i++, s), ct);
                }
            }
            catch (FormatException e)
            {
                readError = e;
            }
            finally
            {
                jobs.Writer.Complete();
            }
        }, ct);
        var workers = Enumerable.Range(0, threads).Select(_ => Task.Run(async () =>
        {
            await foreach (var job in jobs.Reader.ReadAllAsync(ct))
            {
                var rows = Forecast(job.Series, models, prefix, settings, fitTicks, fallbacks);
                await results.Writer.WriteAsync(new Result(job.Index, rows, 0), ct);
            }
        }, ct)).ToArray();
        var closer = Task.WhenAll(workers).ContinueWith(_ => results.Writer.Complete(), ct, TaskContinuationOptions.None, TaskScheduler.Default);

        var done = 0;
        using (var writer = LongCsv.CreateOutput(output.FullName, append: false))
        {
            await AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask($"{string.Join("+", names)} on {total:N0} series", maxValue: Math.Max(1, total));
                    await foreach (var r in results.Reader.ReadAllAsync(ct))
                    {
                        foreach (var row in r.Rows)
                            LongCsv.WriteRow(writer, row);
                        done++;
                        task.Value = done;
                    }
                });
        }
        await Task.WhenAll(reader, closer);
        wall.Stop();
        if (readError is not null)
        {
            await Console.Error.WriteLineAsync($"error: {readError.Message}");
            return 2;
        }

        var table = new Table().AddColumns("method", "series", "fallbacks", "fit s (sum)", "ms/series");
        for (var i = 0; i < models.Count; i++)
        {
            var seconds = fitTicks[i] / (double)Stopwatch.Frequency;
            table.AddRow(prefix + names[i], done.ToString("N0", CultureInfo.InvariantCulture), fallbacks[i].ToString(CultureInfo.InvariantCulture),
                seconds.ToString("F2", CultureInfo.InvariantCulture), (1000 * seconds / Math.Max(1, done)).ToString("F2", CultureInfo.InvariantCulture));
        }
        AnsiConsole.Write(table);
        if (settings.Profile)
        {
            var profileTable = new Table().AddColumns("auto candidate", "fit s (CV + final)");
            foreach (var (name, ticks) in settings.CandidateTicks.OrderByDescending(p => p.Value))
                profileTable.AddRow(name, (ticks / (double)Stopwatch.Frequency).ToString("F2", CultureInfo.InvariantCulture));
            AnsiConsole.Write(profileTable);
        }
        if (global)
        {
            var gbmWatch = Stopwatch.StartNew();
            var count = await AnsiConsole.Status().StartAsync("gbm: training one LightGBM model across all series", _ =>
                Task.FromResult(GlobalBacktest.Run(input.FullName, output.FullName, settings, prefix, maxSeries)));
            AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "{0}gbm: {1:N0} series in {2:F1} s (one global model)", prefix, count, gbmWatch.Elapsed.TotalSeconds);
        }
        AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "[bold]{0:N0}[/] series, wall [bold]{1:F1} s[/] on {2} thread(s); wrote {3}",
            done, wall.Elapsed.TotalSeconds, threads, Markup.Escape(output.FullName));
        return 0;
    }

    private static readonly double[] Level80 = [80];

    private static List<string[]> Forecast(InputSeries input, List<IForecastModel> models, string prefix, BacktestSettings settings, long[] fitTicks, int[] fallbacks)
    {
        var rows = new List<string[]>();
        var h = settings.Horizon;
        var id = input.Id;
        RegularSeries? series = null;
        try
        {
            series = new RegularSeries(input.Train, settings.SeasonLength, input.Id);
        }
        catch (ArgumentException)
        {
        }
        for (var i = 0; i < models.Count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            ForecastResult? f = null;
            var fellBack = false;
            if (series is not null)
            {
                try
                {
                    var fit = new FallbackModel(models[i], new NaiveModel()).Fit(series);
                    fellBack = fit.Description.StartsWith("fallback:", StringComparison.Ordinal);
                    f = fit.Predict(h, Level80);
                    if (series.IsNonNegative && models[i] is not AutoModel)
                        f = f.ClipAtZero();
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException)
                {
                    fellBack = true;
                }
            }
            var elapsed = Stopwatch.GetTimestamp() - start;
            Interlocked.Add(ref fitTicks[i], elapsed);
            if (fellBack || f is null)
                Interlocked.Increment(ref fallbacks[i]);
            var seconds = (elapsed / (double)Stopwatch.Frequency).ToString("F5", CultureInfo.InvariantCulture);
            var method = prefix + models[i].Name;
            for (var k = 0; k < h; k++)
            {
                var step = (k + 1).ToString(CultureInfo.InvariantCulture);
                var interval = f is { Intervals.Count: > 0 } ? f.Intervals[0] : null;
                rows.Add(f is null
                    ? [id, method, step, "NA", "NA", "NA", seconds]
                    : [id, method, step, Format(f.Mean[k]), interval is null ? "NA" : Format(interval.Lower[k]), interval is null ? "NA" : Format(interval.Upper[k]), seconds]);
            }
        }
        return rows;
    }

    internal static string Format(double v) => double.IsFinite(v) ? v.ToString("G10", CultureInfo.InvariantCulture) : "NA";
}
