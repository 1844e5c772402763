using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Forecast.Modeling.Lifetimes;
using nietras.SeparatedValues;

namespace Forecast.Benchmarks;

/// <summary>
/// <c>forecast-bench benchmark lifetime-value</c>: the spend side of customer lifetime value on CDNOW (Fader, Hardie &amp;
/// Lee 2005). BG/NBD and Gamma-Gamma are fitted on the 39-week calibration of the 2,357-customer sample; each customer's
/// spend in the 39-week holdout is predicted as E[purchases] × E[value per purchase] and compared with what they spent,
/// next to simpler predictions: the customer's own calibration spend rate, and BG/NBD × the customer's own mean order
/// value without Gamma-Gamma's shrinkage. The fitted parameters are printed next to the published ones.
/// </summary>
internal static class LifetimeValueBenchmarkCommand
{
    // Published on this sample: BG/NBD (FHL 2005, Marketing Science) and Gamma-Gamma (FHL 2005, JMR).
    private static readonly (string Name, double Value)[] PublishedBgNbd = [("r", 0.243), ("alpha", 4.414), ("a", 0.793), ("b", 2.426)];
    private static readonly (string Name, double Value)[] PublishedGammaGamma = [("p", 6.25), ("q", 3.74), ("gamma", 15.44)];

    public static Command Create()
    {
        var transactions = new Option<FileInfo>("--transactions")
        {
            Description = "CDNOW sample transactions (sample_customer_id, date, dollar_value), e.g. ../shared/data/cdnow/cdnow_sample.csv",
            Required = true,
        };
        var calibrationEnd = new Option<DateOnly>("--calibration-end") { Description = "Last day of the calibration period.", DefaultValueFactory = _ => new DateOnly(1997, 9, 30) };
        var holdoutEnd = new Option<DateOnly>("--holdout-end") { Description = "Last day of the holdout period.", DefaultValueFactory = _ => new DateOnly(1998, 6, 30) };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for results.json and results.md.", DefaultValueFactory = _ => new DirectoryInfo("benchmarks/lifetime-value") };
        var command = new Command("lifetime-value", "Holdout spend on CDNOW predicted by BG/NBD × Gamma-Gamma, against simpler predictions; fitted parameters against the published ones.")
        {
            transactions, calibrationEnd, holdoutEnd, output,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(transactions)!, parse.GetValue(calibrationEnd), parse.GetValue(holdoutEnd), parse.GetValue(output)!, ct));
        return command;
    }

    private sealed record Customer(double X, double Recency, double Age, double MeanRepeatValue, double CalibrationSpend, double HoldoutSpend, int HoldoutPurchases);

    private static async Task<int> RunAsync(FileInfo file, DateOnly calibrationEnd, DateOnly holdoutEnd, DirectoryInfo output, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            await Console.Error.WriteLineAsync($"{file.FullName} does not exist: give --transactions the CDNOW sample (../shared/data/cdnow/cdnow_sample.csv).");
            return 2;
        }
        if (holdoutEnd <= calibrationEnd)
        {
            await Console.Error.WriteLineAsync("--holdout-end must be after --calibration-end.");
            return 2;
        }
        Console.WriteLine($"Reading {file.FullName} ...");
        var days = new Dictionary<(int Customer, DateOnly Day), double>();
        using (var reader = Sep.Reader().FromFile(file.FullName))
        {
            foreach (var row in reader)
            {
                var key = (row["sample_customer_id"].Parse<int>(), DateOnly.ParseExact(row["date"].ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture));
                // Same-day purchases of a customer are one transaction (Hardie's convention, SOURCE.md).
                days[key] = days.GetValueOrDefault(key) + row["dollar_value"].Parse<double>();
            }
        }
        var holdoutWeeks = (holdoutEnd.DayNumber - calibrationEnd.DayNumber) / 7.0;
        var customers = days.GroupBy(d => d.Key.Customer).OrderBy(g => g.Key).Select(g =>
        {
            var ordered = g.OrderBy(d => d.Key.Day).ToList();
            var first = ordered[0].Key.Day;
            var calibration = ordered.Where(d => d.Key.Day <= calibrationEnd).ToList();
            var holdout = ordered.Where(d => d.Key.Day > calibrationEnd && d.Key.Day <= holdoutEnd).ToList();
            var x = calibration.Count - 1;
            return new Customer(
                x,
                (calibration[^1].Key.Day.DayNumber - first.DayNumber) / 7.0,
                (calibrationEnd.DayNumber - first.DayNumber) / 7.0,
                x == 0 ? 0 : calibration.Skip(1).Average(d => d.Value),
                calibration.Sum(d => d.Value),
                holdout.Sum(d => d.Value),
                holdout.Count);
        }).ToList();
        Console.WriteLine($"{customers.Count:N0} customers, {customers.Count(c => c.X > 0):N0} with repeat purchases in calibration; holdout {holdoutWeeks:0.#} weeks.");

        var purchases = BgNbdFitter.Fit(customers.Select(c => new RepeatPurchaseSummary(c.X, c.Recency, c.Age)).ToList());
        var spend = GammaGammaFitter.Fit(customers.Select(c => new SpendSummary(c.X, c.MeanRepeatValue)).ToList());
        Console.WriteLine($"BG/NBD {purchases.Parameters} ({purchases.Report.Reason})");
        Console.WriteLine($"Gamma-Gamma {spend.Parameters} ({spend.Report.Reason})");
        var correlation = GammaGammaModel.FrequencyValueCorrelation(customers.Where(c => c.X > 0).Select(c => new SpendSummary(c.X, c.MeanRepeatValue)).ToList());

        var expected = customers.Select(c => purchases.ConditionalExpectedPurchases(new RepeatPurchaseSummary(c.X, c.Recency, c.Age), holdoutWeeks)).ToArray();
        var populationMean = spend.Parameters.PopulationMeanValue;
        var methods = new (string Name, string What, double[] Predicted)[]
        {
            ("bgnbd-gamma-gamma", "BG/NBD expected purchases × Gamma-Gamma expected value per purchase (the product's model)",
                customers.Select((c, i) => expected[i] * (c.X > 0 ? spend.ConditionalExpectedValue(c.X, c.MeanRepeatValue) : populationMean)).ToArray()),
            ("bgnbd-own-mean", "BG/NBD expected purchases × the customer's own mean repeat value (no shrinkage; the base's mean for one-time buyers)",
                customers.Select((c, i) => expected[i] * (c.X > 0 ? c.MeanRepeatValue : populationMean)).ToArray()),
            ("calibration-rate", "the customer's calibration spend per week × holdout weeks",
                customers.Select(c => c.CalibrationSpend / Math.Max(c.Age, 1) * holdoutWeeks).ToArray()),
            ("repeat-rate", "the customer's repeat spend in calibration per week × holdout weeks",
                customers.Select(c => c.X * c.MeanRepeatValue / Math.Max(c.Age, 1) * holdoutWeeks).ToArray()),
        };
        var actual = customers.Select(c => c.HoldoutSpend).ToArray();
        var rows = methods.Select(m => new
        {
            m.Name,
            m.What,
            PredictedTotal = Math.Round(m.Predicted.Sum(), 1),
            ActualTotal = Math.Round(actual.Sum(), 1),
            TotalError = Math.Round(m.Predicted.Sum() / actual.Sum() - 1, 4),
            Mae = Math.Round(m.Predicted.Zip(actual, (p, a) => Math.Abs(p - a)).Average(), 3),
            Rmse = Math.Round(Math.Sqrt(m.Predicted.Zip(actual, (p, a) => (p - a) * (p - a)).Average()), 3),
            Correlation = Math.Round(MathNet.Numerics.Statistics.Correlation.Pearson(m.Predicted, actual), 4),
        }).ToList();
        // By calibration frequency, as the paper's figures group customers.
        int Group(double x) => x >= 7 ? 7 : (int)x;
        var byFrequency = customers.Select((c, i) => (Group: Group(c.X), i)).GroupBy(t => t.Group).OrderBy(g => g.Key).Select(g => new
        {
            Frequency = g.Key == 7 ? "7+" : g.Key.ToString(CultureInfo.InvariantCulture),
            Customers = g.Count(),
            ActualMeanSpend = Math.Round(g.Average(t => actual[t.i]), 2),
            ModelMeanSpend = Math.Round(g.Average(t => methods[0].Predicted[t.i]), 2),
            OwnMeanSpend = Math.Round(g.Average(t => methods[1].Predicted[t.i]), 2),
        }).ToList();

        var report = new
        {
            Data = file.Name,
            Customers = customers.Count,
            RepeatBuyers = customers.Count(c => c.X > 0),
            CalibrationEnd = calibrationEnd,
            HoldoutEnd = holdoutEnd,
            HoldoutWeeks = Math.Round(holdoutWeeks, 3),
            BgNbd = new { Fitted = Params(purchases.Parameters.R, purchases.Parameters.Alpha, purchases.Parameters.A, purchases.Parameters.B, PublishedBgNbd), purchases.Report.Converged, LogLikelihood = Math.Round(purchases.LogLikelihood, 3) },
            GammaGamma = new { Fitted = Params(spend.Parameters.P, spend.Parameters.Q, spend.Parameters.Gamma, double.NaN, PublishedGammaGamma), spend.Report.Converged, LogLikelihood = Math.Round(spend.LogLikelihood, 3) },
            FrequencyValueCorrelation = Math.Round(correlation, 4),
            Methods = rows,
            ByFrequency = byFrequency,
        };
        output.Create();
        var json = JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
        await File.WriteAllTextAsync(Path.Combine(output.FullName, "results.json"), json, cancellationToken);

        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Lifetime value spend on CDNOW — `forecast-bench benchmark lifetime-value --transactions {file.Name}`");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{customers.Count:N0} customers ({report.RepeatBuyers:N0} with repeat purchases), calibration to {calibrationEnd:yyyy-MM-dd}, holdout to {holdoutEnd:yyyy-MM-dd} ({holdoutWeeks:0.#} weeks). Written by `benchmarks/lifetime-value/run.sh`.");
        md.AppendLine();
        md.AppendLine("| parameter | fitted | published |");
        md.AppendLine("|---|---|---|");
        foreach (var p in report.BgNbd.Fitted.Concat(report.GammaGamma.Fitted))
            md.AppendLine(CultureInfo.InvariantCulture, $"| {p.Name} | {p.Fitted:0.###} | {p.Published:0.###} |");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Correlation of repeat frequency and mean repeat value (Gamma-Gamma assumes none): {correlation:0.###}.");
        md.AppendLine();
        md.AppendLine("Holdout spend per customer (USD):");
        md.AppendLine();
        md.AppendLine("| prediction | total predicted | total actual | total error | MAE | RMSE | correlation |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Name}: {r.What} | {r.PredictedTotal:N0} | {r.ActualTotal:N0} | {r.TotalError:+0.0%;-0.0%} | {r.Mae:0.00} | {r.Rmse:0.00} | {r.Correlation:0.000} |");
        md.AppendLine();
        md.AppendLine("Mean holdout spend by calibration repeat purchases:");
        md.AppendLine();
        md.AppendLine("| repeat purchases | customers | actual | BG/NBD × Gamma-Gamma | BG/NBD × own mean |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var g in byFrequency)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {g.Frequency} | {g.Customers} | {g.ActualMeanSpend:0.00} | {g.ModelMeanSpend:0.00} | {g.OwnMeanSpend:0.00} |");
        await File.WriteAllTextAsync(Path.Combine(output.FullName, "results.md"), md.ToString(), cancellationToken);
        Console.WriteLine();
        Console.Write(md.ToString());
        Console.WriteLine($"Wrote {Path.Combine(output.FullName, "results.json")} and results.md.");
        return 0;
    }

    private sealed record Parameter(string Name, double Fitted, double Published);

    private static List<Parameter> Params(double v0, double v1, double v2, double v3, (string Name, double Value)[] published)
    {
        double[] fitted = [v0, v1, v2, v3];
        return published.Select((p, i) => new Parameter(p.Name, Math.Round(fitted[i], 4), p.Value)).ToList();
    }
}
