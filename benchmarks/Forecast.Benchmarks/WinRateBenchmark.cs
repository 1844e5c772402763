using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Forecast.Modeling.WinRates;
using Spectre.Console;

namespace Forecast.Benchmarks;

/// <summary>
/// <c>forecast-bench benchmark winrate --data ../shared/data/crm-sales-opportunities</c>: the win-probability model
/// against logistic regression and Beta-prior rate baselines, split by close date (train on deals closed before
/// the cutoff, test on deals closed from it on, each test deal scored once, as of the later of the day before the
/// cutoff and the day it opened), then rolling monthly origins, then a learning curve over training sizes.
/// </summary>
internal static class WinRateBenchmark
{
    private static readonly string[] DefaultOrigins = ["2017-04-01", "2017-07-01", "2017-10-01"];
    private static readonly int[] CurveSizes = [50, 100, 200, 400, 800, 1600];

    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "The crm-sales-opportunities folder (sales_pipeline.csv, accounts.csv, products.csv, sales_teams.csv).", Required = true };
        var cutoff = new Option<string>("--cutoff") { Description = "First day of the test period (yyyy-MM-dd).", DefaultValueFactory = _ => "2017-10-01" };
        var until = new Option<string?>("--until") { Description = "Optional end of the test period (exclusive, yyyy-MM-dd), e.g. to tune on an earlier split." };
        var origins = new Option<string>("--origins") { Description = "Rolling origins, comma separated; each tests the deals closed from it until the next origin (the last: until the end).", DefaultValueFactory = _ => string.Join(',', DefaultOrigins) };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the JSON results.", DefaultValueFactory = _ => new FileInfo("benchmarks/winrate/results/crm-sales-opportunities.json") };
        var noCurve = new Option<bool>("--no-curve") { Description = "Skip the learning curve (faster)." };
        var defaults = new WinProbabilityOptions();
        var trees = new Option<int>("--trees") { Description = "Boosted trees.", DefaultValueFactory = _ => defaults.Classifier.Trees };
        var leaves = new Option<int>("--leaves") { Description = "Leaves per tree.", DefaultValueFactory = _ => defaults.Classifier.Leaves };
        var learningRate = new Option<double>("--learning-rate") { Description = "Boosting learning rate.", DefaultValueFactory = _ => defaults.Classifier.LearningRate };
        var minLeaf = new Option<int>("--min-leaf") { Description = "Minimum training rows per leaf.", DefaultValueFactory = _ => defaults.Classifier.MinExamplesPerLeaf };
        var step = new Option<int>("--snapshot-step") { Description = "Days between training snapshots of an open deal.", DefaultValueFactory = _ => defaults.SnapshotStepDays };
        var command = new Command("winrate", "Win probability of opportunities on the CRM Sales Opportunities data: AUC, Brier, log loss, calibration vs baselines.");
        command.Options.Add(data);
        command.Options.Add(cutoff);
        command.Options.Add(until);
        command.Options.Add(origins);
        command.Options.Add(output);
        command.Options.Add(noCurve);
        command.Options.Add(trees);
        command.Options.Add(leaves);
        command.Options.Add(learningRate);
        command.Options.Add(minLeaf);
        command.Options.Add(step);
        command.SetAction(parse =>
        {
            try
            {
                var options = defaults with
                {
                    SnapshotStepDays = parse.GetValue(step),
                    Classifier = defaults.Classifier with
                    {
                        Trees = parse.GetValue(trees),
                        Leaves = parse.GetValue(leaves),
                        LearningRate = parse.GetValue(learningRate),
                        MinExamplesPerLeaf = parse.GetValue(minLeaf),
                    },
                };
                return Run(options, parse.GetValue(data)!, ParseDay(parse.GetValue(cutoff)!), parse.GetValue(until) is { } u ? ParseDay(u) : null, parse.GetValue(origins)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseDay).ToArray(), parse.GetValue(output)!, !parse.GetValue(noCurve));
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or FormatException or InvalidOperationException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static DateOnly ParseDay(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new FormatException($"'{text}' is not a date: write yyyy-MM-dd, e.g. 2017-10-01.");

    private static int Run(WinProbabilityOptions options, DirectoryInfo folder, DateOnly cutoff, DateOnly? until, DateOnly[] origins, FileInfo output, bool curve)
    {
        if (!folder.Exists)
            throw new DirectoryNotFoundException($"{folder.FullName} does not exist: pass --data <path to crm-sales-opportunities>.");
        var total = Stopwatch.StartNew();
        var set = WinRateDataSet.Load(folder.FullName);
        var history = new DealHistory(set.History);
        AnsiConsole.MarkupLineInterpolated($"Read {set.Rows} opportunities; {set.SkippedWithoutDate} Prospecting rows have no date and are left out; {set.Deals.Count(d => d.Outcome != DealOutcome.Open)} closed.");

        Evaluation main = null!;
        var rolling = new List<Evaluation>();
        var curvePoints = new List<CurvePoint>();
        AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn()).Start(ctx =>
        {
            var step = ctx.AddTask($"split at {cutoff:yyyy-MM-dd}", maxValue: 1);
            main = Evaluate(history, set.Deals, cutoff, until, options, withBaselines: true, withDifferences: true);
            step.Increment(1);
            var roll = ctx.AddTask("rolling origins", maxValue: origins.Length);
            for (var k = 0; k < origins.Length; k++)
            {
                rolling.Add(Evaluate(history, set.Deals, origins[k], k + 1 < origins.Length ? origins[k + 1] : until, options, withBaselines: true));
                roll.Increment(1);
            }
            if (curve)
            {
                var learn = ctx.AddTask("learning curve", maxValue: CurveSizes.Length * 3);
                foreach (var size in CurveSizes)
                {
                    for (var repeat = 0; repeat < 3; repeat++)
                    {
                        curvePoints.Add(CurveAt(set, cutoff, size, repeat, options));
                        learn.Increment(1);
                    }
                }
            }
        });

        PrintMain(main);
        if (rolling.Count > 0)
            PrintRolling(rolling);
        if (curve)
            PrintCurve(curvePoints);

        var result = new
        {
            dataSet = "crm-sales-opportunities (Maven Analytics, fictitious)",
            command = $"forecast-bench benchmark winrate --data {folder.FullName} --cutoff {cutoff:yyyy-MM-dd}{(until is null ? "" : $" --until {until:yyyy-MM-dd}")} --origins {string.Join(',', origins.Select(o => o.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}",
            machine = Machine(),
            seconds = Math.Round(total.Elapsed.TotalSeconds, 1),
            options = new { options.Seed, options.SnapshotStepDays, options.CalibrationFolds, options.ClassifierMinClosedPerClass, options.ClassifierFullClosedPerClass, options.Classifier },
            split = main.ToJson(),
            rollingOrigins = rolling.Select(r => r.ToJson()).ToArray(),
            rollingPooled = rolling.Count == 0 ? [] : Pool(rolling).Select(kv => new { model = kv.Key, scores = Json(kv.Value) }).ToArray(),
            learningCurve = curvePoints,
        };
        output.Directory?.Create();
        File.WriteAllText(output.FullName, JsonSerializer.Serialize(result, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, Converters = { new JsonStringEnumConverter() } }) + "\n");
        AnsiConsole.MarkupLineInterpolated($"Wrote {output.FullName} in {total.Elapsed.TotalSeconds:0.0} s.");
        var ours = main.Scores["ours"];
        var best = main.Scores.Where(kv => kv.Key != "ours").ToArray();
        var wins = best.All(kv => ours.Auc >= kv.Value.Auc && ours.Brier <= kv.Value.Brier && ours.LogLoss <= kv.Value.LogLoss);
        AnsiConsole.MarkupLineInterpolated($"Goal (best AUC, Brier and log loss; ECE <= 0.03): {(wins ? "best on all three" : "not best on all three")}, ECE {ours.ExpectedCalibrationError:0.000}.");
        return 0;
    }

    /// <summary>Trains as of the day before <paramref name="from"/> and scores deals closed in [from, until).</summary>
    private static Evaluation Evaluate(DealHistory history, IReadOnlyList<Deal> deals, DateOnly from, DateOnly? until, WinProbabilityOptions options, bool withBaselines, bool withDifferences = false)
    {
        var asOf = from.AddDays(-1);
        var watch = Stopwatch.StartNew();
        var training = TrainingSet.Build(history, asOf, options, out var reason)
            ?? throw new InvalidOperationException($"Cannot train as of {asOf:yyyy-MM-dd}: {reason}.");
        var model = WinProbabilityModel.Train(history, asOf, options, training);
        var trainSeconds = watch.Elapsed.TotalSeconds;

        var test = deals.Where(d => d.Outcome != DealOutcome.Open && d.ClosedOn >= from && (until is null || d.ClosedOn < until))
            .OrderBy(d => d.ClosedOn).ThenBy(d => d.Id, StringComparer.Ordinal).ToArray();
        var features = test.Select(d => history.FeaturesAsOf(d, d.OpenedOn > asOf ? d.OpenedOn : asOf)).ToArray();
        var labels = test.Select(d => d.Outcome == DealOutcome.Won).ToArray();
        var probabilities = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var scores = model.Score(test, features);
        probabilities["ours"] = scores.Select(s => s.Probability).ToArray();
        if (withBaselines)
        {
            var x = features.Select(training.Schema.Encode).ToArray();
            probabilities["fasttree, ML.NET's own calibration"] = model.Classifier!.UncalibratedProbabilities(x);
            var logisticOptions = options.Classifier with { Kind = ClassifierKind.LogisticRegression };
            probabilities["logistic regression"] = WinRateClassifier.Train(training.Schema, training.Labelled(), logisticOptions).Probabilities(x);
            probabilities["logistic regression, out-of-time calibration"] = WinRateClassifier.TrainCalibrated(training, logisticOptions).Probabilities(x);
            probabilities["low-data mode (Beta rates)"] = scores.Select(s => s.LowDataProbability).ToArray();
            probabilities["rep rate (Beta, shrunk by team)"] = test.Select(model.LowData.RepRate).ToArray();
            probabilities["stage rate (Beta)"] = features.Select(f => model.LowData.StageRate(f.Stage)).ToArray();
            probabilities["global rate"] = test.Select(_ => model.LowData.GlobalRate).ToArray();
        }
        return new Evaluation(
            from, until, asOf, training.Rows.Count, training.Folds.Sum(f => f.ScoreRows.Count), training.Closed, training.Folds[0].From,
            model.Classifier?.Calibrator?.GetType().Name ?? "none", trainSeconds,
            probabilities.ToDictionary(kv => kv.Key, kv => BinaryMetrics.Evaluate(kv.Value, labels), StringComparer.Ordinal),
            probabilities, labels,
            withDifferences
                ? probabilities.Where(kv => kv.Key != "ours").ToDictionary(kv => kv.Key, kv => BinaryMetrics.PairedBootstrap(probabilities["ours"], kv.Value, labels), StringComparer.Ordinal)
                : []);
    }

    /// <summary>
    /// A young company: only <paramref name="size"/> of the deals closed before the cutoff (a seeded random
    /// subset) are known; the same test deals are scored.
    /// </summary>
    private static CurvePoint CurveAt(WinRateDataSet set, DateOnly cutoff, int size, int repeat, WinProbabilityOptions options)
    {
        var asOf = cutoff.AddDays(-1);
        var random = new Random(1000 + (size * 10) + repeat);
        var trainingDeals = set.Deals.Where(d => d.IsClosedBy(asOf)).OrderBy(d => d.Id, StringComparer.Ordinal).ToArray();
        var keep = trainingDeals.OrderBy(_ => random.Next()).Take(size).ToHashSet();
        var deals = set.Deals.Where(d => !d.IsClosedBy(asOf) || keep.Contains(d)).ToArray();
        var history = new DealHistory(set.History with { Deals = deals, Observations = set.History.Observations });
        var training = TrainingSet.Build(history, asOf, options, out _);
        var model = WinProbabilityModel.Train(history, asOf, options, training);
        var test = deals.Where(d => d.Outcome != DealOutcome.Open && d.ClosedOn >= cutoff).ToArray();
        var features = test.Select(d => history.FeaturesAsOf(d, d.OpenedOn > asOf ? d.OpenedOn : asOf)).ToArray();
        var labels = test.Select(d => d.Outcome == DealOutcome.Won).ToArray();
        var scores = model.Score(test, features);
        var classifier = scores[0].ClassifierProbability is null
            ? null
            : BinaryMetrics.Evaluate(scores.Select(s => s.ClassifierProbability!.Value).ToArray(), labels);
        return new CurvePoint(
            size, repeat, keep.Count(d => d.Outcome == DealOutcome.Won), keep.Count(d => d.Outcome == DealOutcome.Lost),
            model.Mode.ToString(), Math.Round(model.ClassifierWeight, 3),
            Json(BinaryMetrics.Evaluate(scores.Select(s => s.Probability).ToArray(), labels)),
            Json(BinaryMetrics.Evaluate(scores.Select(s => s.LowDataProbability).ToArray(), labels)),
            classifier is null ? null : Json(classifier));
    }

    private static Dictionary<string, BinaryScores> Pool(IReadOnlyList<Evaluation> evaluations) =>
        evaluations[0].Probabilities.Keys.ToDictionary(
            model => model,
            model => BinaryMetrics.Evaluate(
                evaluations.SelectMany(e => e.Probabilities[model]).ToArray(),
                evaluations.SelectMany(e => e.Labels).ToArray()),
            StringComparer.Ordinal);

    private static void PrintMain(Evaluation e)
    {
        AnsiConsole.MarkupLineInterpolated($"\n[bold]Split at {e.From:yyyy-MM-dd}[/]: trained as of {e.AsOf:yyyy-MM-dd} on {e.Closed.Closed} closed deals ({e.FitRows} rows; {e.CalibrationRows} out-of-time calibration deals from {e.CalibrationFrom:yyyy-MM-dd}, calibrator {e.Calibrator}); {e.Scores["ours"].Count} test deals, {e.Scores["ours"].PositiveRate:P1} won.");
        PrintScores(e.Scores);
        var table = new Table().Title("Calibration of ours (10 bins)");
        foreach (var c in new[] { "bin", "deals", "mean predicted", "observed won" })
            table.AddColumn(c);
        foreach (var b in e.Scores["ours"].CalibrationTable)
            table.AddRow(F($"{b.From:0.0}-{b.To:0.0}"), F($"{b.Count}"), b.Count == 0 ? "-" : F($"{b.MeanPredicted:0.000}"), b.Count == 0 ? "-" : F($"{b.ObservedRate:0.000}"));
        AnsiConsole.Write(table);

        var differences = new Table().Title("Ours minus each model on the same deals (paired bootstrap, 1000 resamples, 95% interval)");
        foreach (var c in new[] { "model", "AUC", "Brier", "log loss" })
            differences.AddColumn(c);
        foreach (var (model, d) in e.Differences)
            differences.AddRow(Markup.Escape(model), Markup.Escape(Interval(d.Auc, "0.000")), Markup.Escape(Interval(d.Brier, "0.0000")), Markup.Escape(Interval(d.LogLoss, "0.0000")));
        AnsiConsole.Write(differences);
    }

    private static string Interval(Difference d, string format) =>
        string.Create(CultureInfo.InvariantCulture, $"{d.Estimate.ToString(format, CultureInfo.InvariantCulture)} [{d.Low.ToString(format, CultureInfo.InvariantCulture)}, {d.High.ToString(format, CultureInfo.InvariantCulture)}]");

    private static void PrintRolling(IReadOnlyList<Evaluation> rolling)
    {
        AnsiConsole.MarkupLine("\n[bold]Rolling origins[/] (each: train as of the day before, test the deals closed until the next origin), pooled:");
        PrintScores(Pool(rolling));
        var table = new Table().Title("AUC per origin");
        table.AddColumn("model");
        foreach (var e in rolling)
            table.AddColumn(F($"{e.From:yyyy-MM}"));
        foreach (var model in rolling[0].Scores.Keys)
            table.AddRow([model, .. rolling.Select(e => F($"{e.Scores[model].Auc:0.000}"))]);
        AnsiConsole.Write(table);
    }

    private static void PrintCurve(IReadOnlyList<CurvePoint> points)
    {
        var table = new Table().Title("Learning curve (mean of 3 random subsets; same test deals)");
        foreach (var c in new[] { "closed deals", "won/lost", "mode", "weight", "ours AUC", "ours log loss", "low-data log loss", "classifier log loss" })
            table.AddColumn(c);
        foreach (var g in points.GroupBy(p => p.Size))
        {
            table.AddRow(
                F($"{g.Key}"),
                F($"{g.Average(p => p.Won):0}/{g.Average(p => p.Lost):0}"),
                string.Join("/", g.Select(p => p.Mode).Distinct()),
                F($"{g.Average(p => p.ClassifierWeight):0.00}"),
                F($"{g.Average(p => p.Ours.Auc):0.000}"),
                F($"{g.Average(p => p.Ours.LogLoss):0.000}"),
                F($"{g.Average(p => p.LowData.LogLoss):0.000}"),
                g.All(p => p.Classifier is not null) ? F($"{g.Average(p => p.Classifier!.LogLoss):0.000}") : "-");
        }
        AnsiConsole.Write(table);
    }

    private static void PrintScores(IReadOnlyDictionary<string, BinaryScores> scores)
    {
        var table = new Table();
        foreach (var c in new[] { "model", "AUC", "Brier", "log loss", "ECE" })
            table.AddColumn(c);
        foreach (var (model, s) in scores)
            table.AddRow(model, F($"{s.Auc:0.000}"), F($"{s.Brier:0.0000}"), F($"{s.LogLoss:0.0000}"), F($"{s.ExpectedCalibrationError:0.000}"));
        AnsiConsole.Write(table);
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static object Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return new { cpu, cores = Environment.ProcessorCount, os = RuntimeInformation.OSDescription, dotnet = RuntimeInformation.FrameworkDescription };
    }

    internal static ScoresJson Json(BinaryScores s) => new(
        s.Count, Math.Round(s.PositiveRate, 4), Math.Round(s.Auc, 4), Math.Round(s.Brier, 4), Math.Round(s.LogLoss, 4), Math.Round(s.ExpectedCalibrationError, 4),
        s.CalibrationTable.Select(b => new BinJson(b.From, b.To, b.Count, b.Count == 0 ? null : Math.Round(b.MeanPredicted, 4), b.Count == 0 ? null : Math.Round(b.ObservedRate, 4))).ToArray());

    internal sealed record BinJson(double From, double To, int Count, double? MeanPredicted, double? ObservedRate);

    internal sealed record ScoresJson(int Count, double PositiveRate, double Auc, double Brier, double LogLoss, double Ece, BinJson[] CalibrationTable);

    internal sealed record CurvePoint(int Size, int Repeat, int Won, int Lost, string Mode, double ClassifierWeight, ScoresJson Ours, ScoresJson LowData, ScoresJson? Classifier);

    private sealed record Evaluation(
        DateOnly From, DateOnly? Until, DateOnly AsOf, int FitRows, int CalibrationRows, WinCount Closed, DateOnly CalibrationFrom,
        string Calibrator, double TrainSeconds, Dictionary<string, BinaryScores> Scores,
        Dictionary<string, double[]> Probabilities, bool[] Labels, Dictionary<string, PairedDifference> Differences)
    {
        public object ToJson() => new
        {
            testFrom = From,
            testUntil = Until,
            trainedAsOf = AsOf,
            closedDeals = Closed.Closed,
            fitRows = FitRows,
            calibrationRows = CalibrationRows,
            calibrationFrom = CalibrationFrom,
            calibrator = Calibrator,
            trainSeconds = Math.Round(TrainSeconds, 2),
            models = Scores.Select(kv => new { model = kv.Key, scores = Json(kv.Value) }).ToArray(),
            oursMinus = Differences.Select(kv => new { model = kv.Key, auc = Round(kv.Value.Auc), brier = Round(kv.Value.Brier), logLoss = Round(kv.Value.LogLoss) }).ToArray(),
        };

        private static double[] Round(Difference d) => [Math.Round(d.Estimate, 5), Math.Round(d.Low, 5), Math.Round(d.High, 5)];
    }
}
