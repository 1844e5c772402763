using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Forecast.Modeling.Lifetimes;
using Spectre.Console;

namespace Forecast.Benchmarks;

/// <summary>
/// <c>forecast-bench benchmark reorder</c>: next-reorder accuracy on UCI Online Retail against two baselines, on the
/// requested split and on the preceding window of the same length (to check the choices hold on other data), plus
/// the BG/NBD and MBG/NBD fits on CDNOW. Tables on the console, JSON in the output folder.
/// </summary>
internal static class ReorderBenchmarkCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static Command Create()
    {
        var input = new Option<FileInfo?>("--input") { Description = "UCI Online Retail CSV (.csv or .csv.gz), e.g. ../shared/data/online-retail/online_retail.csv.gz" };
        var cdnow = new Option<FileInfo?>("--cdnow") { Description = "CDNOW calibration summary, e.g. ../shared/data/cdnow/cdnow_sample_cbs.csv" };
        var calibrationEnd = new Option<DateOnly>("--calibration-end") { Description = "Last day of the calibration period", DefaultValueFactory = _ => new DateOnly(2011, 9, 9) };
        var holdoutEnd = new Option<DateOnly>("--holdout-end") { Description = "Last day of the holdout window", DefaultValueFactory = _ => new DateOnly(2011, 12, 9) };
        var noCheck = new Option<bool>("--no-check-split") { Description = "Skip the check on the preceding window of the same length" };
        var threshold = new Option<double>("--threshold") { Description = "Predict a reorder when P(order in the holdout) >= this", DefaultValueFactory = _ => 0.5 };
        var demo = new Option<int?>("--demo-world") { Description = "Also score the demo world of this seed (e.g. 42): cutoff 26 weeks before its as-of day, holdout to it, and the 26 weeks before as the check split" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the JSON results", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("benchmarks", "reorder", "results")) };

        var command = new Command("reorder", "Next reorder per customer x product on UCI Online Retail and the demo world (vs last/mean interval baselines) and BG/NBD on CDNOW.")
        {
            input, cdnow, calibrationEnd, holdoutEnd, noCheck, threshold, demo, output,
        };
        command.SetAction(parse => Run(
            parse.GetValue(input), parse.GetValue(cdnow), parse.GetValue(calibrationEnd), parse.GetValue(holdoutEnd),
            !parse.GetValue(noCheck), parse.GetValue(threshold), parse.GetValue(demo), parse.GetValue(output)!));
        return command;
    }

    private static int Run(FileInfo? input, FileInfo? cdnow, DateOnly calibrationEnd, DateOnly holdoutEnd, bool check, double threshold, int? demoSeed, DirectoryInfo output)
    {
        if (input is null && cdnow is null && demoSeed is null)
        {
            AnsiConsole.MarkupLine("[red]Nothing to do:[/] give --input (Online Retail CSV), --cdnow (cdnow_sample_cbs.csv) and/or --demo-world SEED.");
            return 2;
        }
        foreach (var file in new[] { input, cdnow })
        {
            if (file is { Exists: false })
            {
                AnsiConsole.MarkupLine($"[red]File not found:[/] {Markup.Escape(file.FullName)}. Pass the path to the data set (see docs/reorder.md).");
                return 2;
            }
        }
        if (holdoutEnd <= calibrationEnd)
        {
            AnsiConsole.MarkupLine("[red]--holdout-end must be after --calibration-end.[/]");
            return 2;
        }
        if (threshold is <= 0 or > 1)
        {
            AnsiConsole.MarkupLine("[red]--threshold must be in (0, 1].[/]");
            return 2;
        }
        output.Create();
        if (Console.IsOutputRedirected)
            AnsiConsole.Profile.Width = 160;
        var machine = Machine();
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(machine.Description)}[/]");

        if (cdnow is not null)
        {
            var (customers, holdout) = ReorderBenchmarkData.LoadCdnowSummary(cdnow.FullName);
            var results = new[] { BgNbdVariant.BgNbd, BgNbdVariant.ModifiedBgNbd }
                .Select(v => ReorderBenchmarkRun.EvaluateCdnow(customers, holdout, v)).ToArray();
            PrintCdnow(results);
            var path = Path.Combine(output.FullName, "cdnow.json");
            File.WriteAllText(path, JsonSerializer.Serialize(new { Data = cdnow.Name, Customers = customers.Length, Machine = machine, Results = results }, Json));
            AnsiConsole.MarkupLine($"CDNOW results written to [blue]{Markup.Escape(path)}[/]");
        }

        if (demoSeed is { } seed)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var splits = new List<ReorderBenchmarkRun.SplitResult>();
            DateOnly asOf = default;
            AnsiConsole.Status().Start("Generating the demo world...", ctx =>
            {
                var (days, end) = ReorderBenchmarkData.LoadDemoWorld(seed);
                asOf = end;
                // 26 weeks: the cutoffs fall on the as-of day's weekday, as the model's own calibration windows do.
                var cutoff = end.AddDays(-182);
                var windows = new List<(DateOnly, DateOnly)> { (cutoff, end) };
                if (check)
                    windows.Add((cutoff.AddDays(-182), cutoff));
                foreach (var (cal, to) in windows)
                    splits.Add(ReorderBenchmarkRun.Evaluate(days, cal, to, threshold, s => ctx.Status(Markup.Escape(s))));
            });
            AnsiConsole.MarkupLine($"Demo world, seed {seed}, as of {asOf:yyyy-MM-dd}.");
            foreach (var split in splits)
                PrintSplit(split);
            var path = Path.Combine(output.FullName, $"demo-world-{seed}.json");
            File.WriteAllText(path, JsonSerializer.Serialize(new
            {
                Data = $"demo world seed {seed} (forecast-demo generate --seed {seed}), orders not cancelled, lines not returns",
                Rule = $"predict a reorder when P(order in the holdout window) >= {threshold.ToString(CultureInfo.InvariantCulture)}",
                Machine = machine,
                TotalSeconds = watch.Elapsed.TotalSeconds,
                Splits = splits,
            }, Json));
            AnsiConsole.MarkupLine($"Demo world results written to [blue]{Markup.Escape(path)}[/] ({watch.Elapsed.TotalSeconds:F0} s)");
        }

        if (input is not null)
        {
            ReorderBenchmarkData.OnlineRetail data = null!;
            var splits = new List<ReorderBenchmarkRun.SplitResult>();
            var holdoutDays = holdoutEnd.DayNumber - calibrationEnd.DayNumber;
            var windows = new List<(DateOnly, DateOnly)> { (calibrationEnd, holdoutEnd) };
            if (check)
                windows.Add((calibrationEnd.AddDays(-holdoutDays), calibrationEnd));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            AnsiConsole.Status().Start("Reading Online Retail...", ctx =>
            {
                data = ReorderBenchmarkData.LoadOnlineRetail(input.FullName);
                foreach (var (cal, end) in windows)
                {
                    if (end > data.Last)
                        throw new InvalidOperationException($"The data end on {data.Last:yyyy-MM-dd}, before the holdout end {end:yyyy-MM-dd}.");
                    splits.Add(ReorderBenchmarkRun.Evaluate(data.Days, cal, end, threshold, s => ctx.Status(Markup.Escape(s))));
                }
            });
            AnsiConsole.MarkupLine($"Online Retail: {data.LinesRead:N0} lines read, {data.LinesKept:N0} kept (customer id, no cancellation, quantity > 0), " +
                                   $"{data.Customers:N0} customers, {data.Products:N0} products, {data.First:yyyy-MM-dd}..{data.Last:yyyy-MM-dd}.");
            foreach (var split in splits)
                PrintSplit(split);
            var path = Path.Combine(output.FullName, $"online-retail-{calibrationEnd:yyyy-MM-dd}.json");
            File.WriteAllText(path, JsonSerializer.Serialize(new
            {
                Data = input.Name,
                data.LinesRead,
                data.LinesKept,
                Rule = $"predict a reorder when P(order in the holdout window) >= {threshold.ToString(CultureInfo.InvariantCulture)}",
                Machine = machine,
                TotalSeconds = watch.Elapsed.TotalSeconds,
                Splits = splits,
            }, Json));
            AnsiConsole.MarkupLine($"Online Retail results written to [blue]{Markup.Escape(path)}[/] ({watch.Elapsed.TotalSeconds:F0} s)");
        }
        return 0;
    }

    private static void PrintSplit(ReorderBenchmarkRun.SplitResult s)
    {
        AnsiConsole.WriteLine();
        AnsiConsole.MarkupLine($"[bold]Calibration to {s.CalibrationEnd}, holdout to {s.HoldoutEnd}[/] ({s.HoldoutDays} days): {s.Pairs:N0} pairs " +
                               $"({s.PairsWithOneOrder:N0} with one order), {s.Reordered:N0} reordered in the holdout. Rule: P >= {s.Threshold}.");
        var table = new Table().AddColumns("method", "predicted", "precision", "recall", "cov80", "cov50", "open cov80", "MAE days", "Brier", "mean P", "seconds");
        foreach (var m in s.Methods)
        {
            var c = m.Score;
            table.AddRow(m.Method, c.Predicted.ToString("N0", CultureInfo.InvariantCulture), F(c.Precision), F(c.Recall), F(c.Coverage80), F(c.Coverage50), F(c.OpenCoverage80),
                c.MeanAbsoluteErrorDays.ToString("F1", CultureInfo.InvariantCulture), c.BrierScore.ToString("F4", CultureInfo.InvariantCulture), F(c.MeanProbability),
                m.Seconds.ToString("F1", CultureInfo.InvariantCulture));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Equal K: every method names its {s.TopK:N0} most likely pairs (K = pairs that reordered in the preceding {s.HoldoutDays} days).");
        var ranked = new Table().AddColumns("method", "precision", "recall", "cov80", "cov50", "MAE days");
        foreach (var m in s.Methods)
        {
            var c = m.TopK;
            ranked.AddRow(m.Method, F(c.Precision), F(c.Recall), F(c.Coverage80), F(c.Coverage50), c.MeanAbsoluteErrorDays.ToString("F1", CultureInfo.InvariantCulture));
        }
        AnsiConsole.Write(ranked);
        var segments = new Table().AddColumn("orders before cutoff");
        foreach (var m in s.Methods.Where(m => m.Method is "reorder-model" or "last-interval" or "mean-interval"))
            segments.AddColumn($"{m.Method} P/R/cov80/MAE");
        foreach (var label in s.Methods[0].ByOrderCount.Select(b => b.Orders))
        {
            var cells = new List<string> { $"{label} ({s.Methods[0].ByOrderCount.First(b => b.Orders == label).Score.Pairs:N0} pairs)" };
            foreach (var m in s.Methods.Where(m => m.Method is "reorder-model" or "last-interval" or "mean-interval"))
            {
                var c = m.ByOrderCount.First(b => b.Orders == label).Score;
                cells.Add($"{F(c.Precision)} / {F(c.Recall)} / {F(c.Coverage80)} / {c.MeanAbsoluteErrorDays.ToString("F1", CultureInfo.InvariantCulture)}");
            }
            segments.AddRow(cells.ToArray());
        }
        AnsiConsole.Write(segments);
        var reliability = new Table().AddColumns("P(order) bin", "pairs", "mean P", "observed");
        foreach (var b in s.Reliability)
            reliability.AddRow($"{b.From:F1}-{b.To:F1}", b.Pairs.ToString("N0", CultureInfo.InvariantCulture), F(b.MeanProbability), F(b.ObservedRate));
        AnsiConsole.Write(reliability);
        var m0 = s.ModelSummary;
        AnsiConsole.MarkupLine(Markup.Escape(FormattableString.Invariant(
            $"gap prior: mean log-gap {m0.Gaps.Mean:F3} (median {Math.Exp(m0.Gaps.Mean):F0} days), tau^2 pair {m0.Gaps.PairVariance:F3}, product {m0.Gaps.ProductVariance:F3}, customer {m0.Gaps.CustomerVariance:F3}, within s0^2 {m0.Gaps.WithinScale:F3} df {m0.Gaps.WithinDf:F1}")));
        if (m0.Dropout is { } d)
            AnsiConsole.MarkupLine(Markup.Escape(FormattableString.Invariant(
                $"pair dropout ({m0.Report.Dropout?.Model}): concentration {d.Concentration:F3}, mean dropout {1 / (1 + Math.Exp(-d.Intercept)):F3}, effect variances product {d.ProductVariance:F3} customer {d.CustomerVariance:F3} ({m0.Report.Dropout?.Iterations} iterations, converged {m0.Report.Dropout?.Converged}; {m0.Report.Dropout?.Why})")));
        foreach (var (what, a) in new[] { ("customer", m0.CustomerActivity), ("product", m0.ProductActivity) })
        {
            if (a is not null)
                AnsiConsole.MarkupLine(Markup.Escape($"{what} activity {a.Variant}: {a.Parameters}; {a.Report}; model used: {a.Model} ({a.Why})"));
        }
    }

    private static void PrintCdnow(IEnumerable<ReorderBenchmarkRun.CdnowResult> results)
    {
        foreach (var r in results)
        {
            AnsiConsole.MarkupLine(Markup.Escape(FormattableString.Invariant(
                $"CDNOW {r.Variant}: {r.Parameters}, LL {r.LogLikelihood:F3}; {r.Report}; E[Y(39) | 2, 30.43, 38.86] = {r.ExpectedForHardieCustomer:F4}; holdout total expected {r.ExpectedHoldoutTotal:F1} vs actual {r.ActualHoldoutTotal}; {r.Seconds:F2} s")));
            var table = new Table().AddColumns(new[] { "x (calibration)" }.Concat(r.ByFrequency.Select(b => b.Frequency)).ToArray());
            table.AddRow(new[] { "customers" }.Concat(r.ByFrequency.Select(b => b.Customers.ToString(CultureInfo.InvariantCulture))).ToArray());
            table.AddRow(new[] { "actual mean x*" }.Concat(r.ByFrequency.Select(b => F(b.ActualMean))).ToArray());
            table.AddRow(new[] { "expected x*" }.Concat(r.ByFrequency.Select(b => F(b.ExpectedMean))).ToArray());
            AnsiConsole.Write(table);
        }
    }

    private static string F(double v) => double.IsNaN(v) ? "-" : v.ToString("F3", CultureInfo.InvariantCulture);

    public sealed record MachineInfo(string Description, int Processors, string Os, string Runtime, string LoadAverage, DateTimeOffset At);

    private static MachineInfo Machine()
    {
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        var description = $"{Environment.ProcessorCount} logical processors, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, " +
                          $".NET {Environment.Version}, load average at start {load}";
        return new MachineInfo(description, Environment.ProcessorCount, System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            Environment.Version.ToString(), load, TimeProvider.System.GetUtcNow());
    }
}
