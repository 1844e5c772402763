using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Forecast.Modeling.Inventory;
using nietras.SeparatedValues;
using Spectre.Console;

namespace Forecast.Benchmarks;

/// <summary>
/// <c>forecast-bench benchmark inventory</c>: does a reorder point hold its cycle service level on real demand? Rolling origin
/// over each series of a long CSV: at every cutoff, the empirical distribution of the last <c>--history</c> periods is the
/// forecast of each of the next <c>--lead</c> periods (as p10/p25/p50/p75/p90 + mean, what the stage consumes); the
/// reorder point from the simulated lead-time demand (<see cref="InventoryProjector"/>) and the classical μ + zσ√L
/// are compared with the demand that actually followed. Also times the projection of one product as the nightly stage
/// runs it. Reads data outside the repository (../shared/data) by path.
/// </summary>
internal static class InventoryBenchmarkCommand
{
    private static readonly double[] StageLevels = [0.1, 0.25, 0.5, 0.75, 0.9];

    public static Command Create()
    {
        var input = new Option<FileInfo?>("--input") { Description = "Long CSV: one row per series and period (e.g. ../shared/data/carparts/carparts_long.csv)." };
        var synthetic = new Option<int>("--synthetic") { Description = "Instead of --input: this many stationary series (Bernoulli occurrence × 1 + Poisson size), where the empirical forecast is right up to sampling error.", DefaultValueFactory = _ => 0 };
        var idColumn = new Option<string>("--id-column") { Description = "Column naming the series.", DefaultValueFactory = _ => "series_id" };
        var orderColumn = new Option<string>("--order-column") { Description = "Column giving the period order (an integer).", DefaultValueFactory = _ => "period_index" };
        var valueColumn = new Option<string>("--value-column") { Description = "Column with the demand (empty = missing).", DefaultValueFactory = _ => "value" };
        var aggregate = new Option<int>("--aggregate") { Description = "Sum this many consecutive rows into one period (7: daily to weekly).", DefaultValueFactory = _ => 1 };
        var lead = new Option<int>("--lead") { Description = "Lead time in periods.", DefaultValueFactory = _ => 3 };
        var history = new Option<int>("--history") { Description = "Periods of history the forecast learns from at each cutoff.", DefaultValueFactory = _ => 24 };
        var step = new Option<int>("--step") { Description = "Periods between two cutoffs.", DefaultValueFactory = _ => 3 };
        var levels = new Option<string>("--service-levels") { Description = "Cycle service levels to test, comma separated.", DefaultValueFactory = _ => "0.9,0.95,0.99" };
        var quantileLevels = new Option<string>("--quantile-levels") { Description = "Quantile levels the forecast hands over, comma separated.", DefaultValueFactory = _ => "0.1,0.25,0.5,0.75,0.9" };
        var paths = new Option<int>("--paths") { Description = "Simulated futures per reorder point.", DefaultValueFactory = _ => 1000 };
        var maxSeries = new Option<int>("--max-series") { Description = "Use only the first N series (0: all).", DefaultValueFactory = _ => 0 };
        var output = new Option<FileInfo?>("--out") { Description = "Write the results as JSON here." };
        var command = new Command("inventory", "Achieved cycle service level of reorder points (simulated quantiles vs z·σ·√L) by demand class, rolling origin; and projection speed.")
        {
            input, synthetic, idColumn, orderColumn, valueColumn, aggregate, lead, history, step, levels, quantileLevels, paths, maxSeries, output,
        };
        command.SetAction((parse, ct) =>
        {
            var settings = new Settings(
                parse.GetValue(input), parse.GetValue(synthetic), parse.GetValue(idColumn)!, parse.GetValue(orderColumn)!, parse.GetValue(valueColumn)!,
                parse.GetValue(aggregate), parse.GetValue(lead), parse.GetValue(history), parse.GetValue(step), parse.GetValue(levels)!, parse.GetValue(quantileLevels)!,
                parse.GetValue(paths), parse.GetValue(maxSeries), parse.GetValue(output));
            return RunAsync(settings, ct);
        });
        return command;
    }

    private sealed record Settings(
        FileInfo? Input, int Synthetic, string IdColumn, string OrderColumn, string ValueColumn, int Aggregate, int Lead, int History, int Step,
        string ServiceLevels, string QuantileLevels, int Paths, int MaxSeries, FileInfo? Output);

    private sealed record Row(string DemandClass, double ServiceLevel, string Method, int Cases, double AchievedServiceLevel, double MeanReorderPoint, double MeanLeadTimeDemand, double ShortageShare);

    private static async Task<int> RunAsync(Settings s, CancellationToken cancellationToken)
    {
        if (s.Synthetic <= 0 && s.Input is not { Exists: true })
            return await FailAsync($"{s.Input?.FullName ?? "No --input"}: pass an existing long CSV, e.g. --input ../shared/data/carparts/carparts_long.csv, or --synthetic 500.");
        if (s.Aggregate < 1 || s.Lead < 1 || s.History < 2 || s.Step < 1 || s.Paths < 10)
            return await FailAsync("--aggregate, --lead and --step must be at least 1, --history at least 2, --paths at least 10.");
        var serviceLevels = ParseLevels(s.ServiceLevels);
        var quantileLevels = ParseLevels(s.QuantileLevels);
        if (serviceLevels is null || quantileLevels is null)
            return await FailAsync("--service-levels and --quantile-levels take comma-separated probabilities strictly between 0 and 1, such as 0.9,0.95.");
        Array.Sort(quantileLevels);

        Dictionary<string, double[]> series;
        var source = s.Synthetic > 0 ? $"{s.Synthetic} synthetic series" : s.Input!.Name;
        try
        {
            series = s.Synthetic > 0 ? Synthesize(s.Synthetic, s.History + 52) : ReadSeries(s);
        }
        catch (KeyNotFoundException)
        {
            return await FailAsync($"{s.Input!.Name} lacks one of the columns {s.IdColumn}, {s.OrderColumn}, {s.ValueColumn}: name them with --id-column, --order-column, --value-column.");
        }
        Console.WriteLine($"{series.Count} series from {source}; lead time {s.Lead} period(s), history {s.History}, a cutoff every {s.Step}; {s.Paths} paths.");

        // (class, level, method) → outcomes
        var outcomes = new Dictionary<(string Class, double Level, string Method), List<(bool Met, double ReorderPoint, double Demand)>>();
        var clock = Stopwatch.StartNew();
        var projections = 0;
        await AnsiConsole.Progress().StartAsync(async context =>
        {
            var task = context.AddTask("Rolling origins", maxValue: series.Count);
            foreach (var values in series.Values)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var demandClass = Classify(values);
                for (var t = s.History; t + s.Lead <= values.Length; t += s.Step)
                {
                    var window = values.AsSpan(t - s.History, s.History).ToArray();
                    var future = values.AsSpan(t, s.Lead).ToArray();
                    if (window.Any(double.IsNaN) || future.Any(double.IsNaN) || window.All(v => v == 0))
                        continue;
                    var actual = future.Sum();
                    var forecast = EmpiricalForecast(window, s.Lead, quantileLevels);
                    var mean = window.Average();
                    var variance = window.Sum(v => (v - mean) * (v - mean)) / (window.Length - 1);
                    foreach (var level in serviceLevels)
                    {
                        var policy = new ReplenishmentPolicy { LeadTimeDays = 7 * s.Lead, ReviewPeriodDays = 0, CycleServiceLevel = level };
                        var plan = InventoryProjector.Project(new InventoryProblem(Origin, 0, [], forecast, policy), new SimulationSettings { Paths = s.Paths, Seed = t });
                        projections++;
                        Add(outcomes, (demandClass, level, "quantiles+MC"), actual, plan.ReorderPoint);
                        Add(outcomes, (demandClass, level, "normal zσ√L"), actual, NormalApproximation.ReorderPoint(s.Lead * mean, s.Lead * variance, level));
                    }
                }
                task.Increment(1);
                await Task.Yield();
            }
        });
        var evaluationSeconds = clock.Elapsed.TotalSeconds;

        var rows = outcomes
            .SelectMany(o => new[] { o.Key with { Class = "all" }, o.Key }.Select(k => (k, o.Value)))
            .GroupBy(x => x.k, x => x.Value)
            .Select(g =>
            {
                var all = g.SelectMany(v => v).ToList();
                var totalDemand = all.Sum(o => o.Demand);
                return new Row(g.Key.Class, g.Key.Level, g.Key.Method, all.Count, all.Count(o => o.Met) / (double)all.Count,
                    all.Average(o => o.ReorderPoint), all.Average(o => o.Demand),
                    totalDemand > 0 ? all.Sum(o => Math.Max(0, o.Demand - o.ReorderPoint)) / totalDemand : 0);
            })
            .OrderBy(r => r.DemandClass == "all" ? 0 : 1).ThenBy(r => r.DemandClass).ThenBy(r => r.ServiceLevel).ThenBy(r => r.Method)
            .ToList();

        if (Console.IsOutputRedirected)
            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 110);
        var table = new Table().Title($"Achieved cycle service level, {source} (lead time {s.Lead} periods)");
        foreach (var column in new[] { "class", "target", "method", "cases", "achieved", "mean s", "mean LT demand", "unmet share" })
            table.AddColumn(column);
        foreach (var r in rows)
        {
            table.AddRow(r.DemandClass, r.ServiceLevel.ToString("0.###", CultureInfo.InvariantCulture), Markup.Escape(r.Method), r.Cases.ToString(CultureInfo.InvariantCulture),
                r.AchievedServiceLevel.ToString("0.000", CultureInfo.InvariantCulture), r.MeanReorderPoint.ToString("0.00", CultureInfo.InvariantCulture),
                r.MeanLeadTimeDemand.ToString("0.00", CultureInfo.InvariantCulture), r.ShortageShare.ToString("0.000", CultureInfo.InvariantCulture));
        }
        AnsiConsole.Write(table);

        var speed = MeasureSpeed();
        Console.WriteLine($"{projections} projections in {evaluationSeconds:F1} s. Nightly-stage projection (26 weekly periods, 2000 paths, lead time 28 + review 7 days): {speed:F1} ms per product on one thread ({Environment.ProcessorCount} cores, machine shared).");

        if (s.Output is not null)
        {
            var json = JsonSerializer.Serialize(new
            {
                input = source,
                s.Lead,
                s.History,
                s.Step,
                s.Aggregate,
                s.Paths,
                quantileLevels,
                series = series.Count,
                rows,
                evaluationSeconds,
                projections,
                msPerProductNightly = speed,
                processorCount = Environment.ProcessorCount,
            }, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            await File.WriteAllTextAsync(s.Output.FullName, json, cancellationToken);
            Console.WriteLine($"Wrote {s.Output.FullName}.");
        }
        return 0;
    }

    private static readonly DateOnly Origin = new(2026, 1, 1);

    /// <summary>
    /// Stationary intermittent-to-smooth series: each period has demand with probability p (0.05..0.95), of size
    /// 1 + Poisson(λ) (λ 0..20). The forecast (the empirical distribution of the history) is then right up to sampling error.
    /// </summary>
    private static Dictionary<string, double[]> Synthesize(int count, int length)
    {
        var random = new Random(20261127);
        var series = new Dictionary<string, double[]>();
        for (var i = 0; i < count; i++)
        {
            var p = 0.05 + 0.9 * random.NextDouble();
            var lambda = 20 * random.NextDouble();
            series[$"S{i}"] = [.. Enumerable.Range(0, length).Select(_ => random.NextDouble() < p ? 1.0 + MathNet.Numerics.Distributions.Poisson.Sample(random, Math.Max(lambda, 1e-9)) : 0.0)];
        }
        return series;
    }

    /// <summary>Every future period gets the empirical distribution of the window (quantile type 7 and the mean).</summary>
    private static QuantileDemandForecast EmpiricalForecast(double[] window, int periods, double[] levels)
    {
        var sorted = window.Order().ToArray();
        double[] quantiles = [.. levels.Select(p =>
        {
            var h = (sorted.Length - 1) * p;
            var low = (int)Math.Floor(h);
            var high = Math.Min(low + 1, sorted.Length - 1);
            return sorted[low] + (h - low) * (sorted[high] - sorted[low]);
        })];
        var mean = window.Average();
        return new QuantileDemandForecast(PeriodGrid.Weekly(Origin.AddDays(1), periods), levels,
            [.. Enumerable.Repeat<IReadOnlyList<double>>(quantiles, periods)], [.. Enumerable.Repeat(mean, periods)]);
    }

    /// <summary>Syntetos &amp; Boylan (2005) classes from the average inter-demand interval (1.32) and the squared CV of sizes (0.49).</summary>
    private static string Classify(double[] values)
    {
        var observed = values.Where(v => !double.IsNaN(v)).ToArray();
        var sizes = observed.Where(v => v > 0).ToArray();
        if (sizes.Length < 2)
            return "single/none";
        var adi = (double)observed.Length / sizes.Length;
        var mean = sizes.Average();
        var cv2 = sizes.Sum(v => (v - mean) * (v - mean)) / sizes.Length / (mean * mean);
        return (adi > 1.32, cv2 > 0.49) switch
        {
            (false, false) => "smooth",
            (false, true) => "erratic",
            (true, false) => "intermittent",
            _ => "lumpy",
        };
    }

    private static void Add(Dictionary<(string, double, string), List<(bool, double, double)>> outcomes, (string, double, string) key, double actual, double reorderPoint)
    {
        if (!outcomes.TryGetValue(key, out var list))
            outcomes[key] = list = [];
        list.Add((actual <= reorderPoint + 1e-9, reorderPoint, actual));
    }

    private static Dictionary<string, double[]> ReadSeries(Settings s)
    {
        var raw = new Dictionary<string, List<(long Order, double Value)>>();
        using (var reader = Sep.New(',').Reader(o => o with { HasHeader = true, Unescape = true }).FromFile(s.Input!.FullName))
        {
            var id = reader.Header.IndexOf(s.IdColumn);
            var order = reader.Header.IndexOf(s.OrderColumn);
            var value = reader.Header.IndexOf(s.ValueColumn);
            foreach (var row in reader)
            {
                var key = row[id].ToString();
                if (!raw.TryGetValue(key, out var list))
                {
                    if (s.MaxSeries > 0 && raw.Count >= s.MaxSeries)
                        continue;
                    raw[key] = list = [];
                }
                var number = double.TryParse(row[value].Span, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
                list.Add((long.TryParse(row[order].Span, NumberStyles.Integer, CultureInfo.InvariantCulture, out var o) ? o : list.Count, number));
            }
        }
        return raw.ToDictionary(kv => kv.Key, kv =>
        {
            var ordered = kv.Value.OrderBy(x => x.Order).Select(x => x.Value).ToArray();
            if (s.Aggregate == 1)
                return ordered;
            // Complete periods only; a period with a missing day is missing.
            return [.. Enumerable.Range(0, ordered.Length / s.Aggregate).Select(i => ordered.AsSpan(i * s.Aggregate, s.Aggregate).ToArray().Sum())];
        });
    }

    /// <summary>Milliseconds per product of the nightly stage's projection (a slow mover, as most ERP items are).</summary>
    private static double MeasureSpeed()
    {
        var grid = PeriodGrid.Weekly(Origin.AddDays(1), 26);
        var forecast = new QuantileDemandForecast(grid, StageLevels, [.. Enumerable.Repeat<IReadOnlyList<double>>([0, 1, 3, 7, 12], 26)], [.. Enumerable.Repeat(4.5, 26)]);
        var policy = new ReplenishmentPolicy { LeadTimeDays = 28, ReviewPeriodDays = 7, MinimumOrderQuantity = 50, PackSize = 12 };
        var problem = new InventoryProblem(Origin, 40, [new SupplyReceipt(Origin.AddDays(20), 60)], forecast, policy);
        for (var i = 0; i < 5; i++)
            InventoryProjector.Project(problem, new SimulationSettings { Seed = i }); // warm-up (JIT)
        const int n = 200;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
            InventoryProjector.Project(problem, new SimulationSettings { Seed = i });
        return clock.Elapsed.TotalMilliseconds / n;
    }

    private static double[]? ParseLevels(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var levels = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out levels[i]) || !(levels[i] > 0 && levels[i] < 1))
                return null;
        }
        return levels.Length > 0 && levels.Distinct().Count() == levels.Length ? levels : null;
    }

    private static async Task<int> FailAsync(string message)
    {
        await Console.Error.WriteLineAsync($"error: {message}");
        return 2;
    }
}
