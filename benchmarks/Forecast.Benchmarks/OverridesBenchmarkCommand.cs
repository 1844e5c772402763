using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Forecast.Benchmarks.Backtest;
using Forecast.Core.Data;
using Forecast.DemoWorld;
using Forecast.Modeling.Evaluation;
using Forecast.Modeling.Models;
using Forecast.Modeling.Series;


namespace Forecast.Benchmarks;

/// <summary>
/// <c>forecast-bench benchmark overrides</c>: do planners' forecast overrides add value? A time-ordered backtest on the demo
/// world's weekly demand per product, with a known bias the model cannot see: promotions that lift demand by
/// <c>--lifts</c> in known weeks of some products (applied to the history too, as past promotions were). At every
/// cutoff the model is fitted on the weeks before it and forecasts the next <c>--horizon</c> weeks; then simulated
/// planners override some of those weeks: an informed planner who knows the promotion weeks and the lift exactly, one
/// who knows the weeks but only a noisy lift, and a careless planner who overrides as many weeks at random by a random
/// ±<c>--careless-range</c>. Forecast value added (Gilliland 2010) is MAE(model) − MAE(override) over the overridden
/// weeks, with the bias of both, as the app's value-added page computes it.
/// </summary>
internal static class OverridesBenchmarkCommand
{
    private sealed record Settings(int Seed, int Customers, int Products, int Years, string Model, int Horizon, int Step, int FirstCutoff,
        double PromotedShare, IReadOnlyList<double> Lifts, double LiftNoise, double CarelessRange, DirectoryInfo Output);

    public static Command Create()
    {
        var seed = new Option<int>("--seed") { Description = "Seed of the demo world and of the simulated planners.", DefaultValueFactory = _ => 42 };
        var customers = new Option<int>("--customers") { Description = "Customers of the demo world.", DefaultValueFactory = _ => 300 };
        var products = new Option<int>("--products") { Description = "Products of the demo world.", DefaultValueFactory = _ => 200 };
        var years = new Option<int>("--years") { Description = "Years of history of the demo world.", DefaultValueFactory = _ => 3 };
        var model = new Option<string>("--model") { Description = $"The model forecasting each week ({string.Join(", ", ModelCatalog.Names)}).", DefaultValueFactory = _ => "theta" };
        var horizon = new Option<int>("--horizon") { Description = "Weeks forecast at each cutoff.", DefaultValueFactory = _ => 4 };
        var step = new Option<int>("--step") { Description = "Weeks between cutoffs (= horizon: every week is forecast once).", DefaultValueFactory = _ => 4 };
        var first = new Option<int>("--first-cutoff") { Description = "Weeks of history before the first cutoff.", DefaultValueFactory = _ => 52 };
        var share = new Option<double>("--promoted-share") { Description = "Share of products that run promotions.", DefaultValueFactory = _ => 0.3 };
        var lift = new Option<string>("--lifts") { Description = "Demand lifts in a promotion week, one scenario each, comma separated (0.3 = +30%).", DefaultValueFactory = _ => "0.3,1.0" };
        var noise = new Option<double>("--lift-noise") { Description = "Standard deviation of the noisy planner's lift estimate (absolute, 0.15 = ±15 points).", DefaultValueFactory = _ => 0.15 };
        var careless = new Option<double>("--careless-range") { Description = "The careless planner changes the forecast by a uniform ±this share.", DefaultValueFactory = _ => 0.3 };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for results.json and results.md.", DefaultValueFactory = _ => new DirectoryInfo("benchmarks/overrides") };
        var command = new Command("overrides", "Forecast value added of simulated planner overrides (informed by a known promotion lift vs careless) in a time-ordered backtest on the demo world.")
        {
            seed, customers, products, years, model, horizon, step, first, share, lift, noise, careless, output,
        };
        command.SetAction((parse, ct) => RunAsync(new Settings(parse.GetValue(seed), parse.GetValue(customers), parse.GetValue(products), parse.GetValue(years),
            parse.GetValue(model)!, parse.GetValue(horizon), parse.GetValue(step), parse.GetValue(first), parse.GetValue(share), ParseLifts(parse.GetValue(lift)!),
            parse.GetValue(noise), parse.GetValue(careless), parse.GetValue(output)!), ct));
        return command;
    }

    private static async Task<int> RunAsync(Settings s, CancellationToken cancellationToken)
    {
        if (s.Horizon < 1 || s.Step < 1 || s.FirstCutoff < 8 || s.PromotedShare is < 0 or > 1 || s.Lifts.Count == 0 || s.Lifts.Any(l => l <= -1) || s.LiftNoise < 0 || s.CarelessRange is < 0 or >= 1)
        {
            await Console.Error.WriteLineAsync("--horizon and --step ≥ 1, --first-cutoff ≥ 8, --promoted-share in [0, 1], --lifts each > -1, --lift-noise ≥ 0, --careless-range in [0, 1).");
            return 2;
        }
        var clock = Stopwatch.StartNew();
        var world = DemoWorldGenerator.Generate(new DemoWorldOptions { Seed = s.Seed, Customers = s.Customers, Products = s.Products, Years = s.Years });
        var (firstWeek, demand) = WeeklyDemand(world);
        var model = ModelCatalog.Create(s.Model, new BacktestSettings { Horizon = s.Horizon, SeasonLength = 52 });
        var scenarios = new List<ScenarioResult>();
        foreach (var lift in s.Lifts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            scenarios.Add(Scenario(s, lift, model, demand.ToDictionary(p => p.Key, p => (double[])p.Value.Clone())));
        }
        var report = new Report(s.Seed, s.Customers, s.Products, s.Years, s.Model, s.Horizon, s.Step, s.FirstCutoff, demand.Count,
            s.LiftNoise, s.CarelessRange, scenarios,
            DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Math.Round(clock.Elapsed.TotalSeconds, 1),
            firstWeek.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        s.Output.Create();
        var json = Path.Combine(s.Output.FullName, "results.json");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }), cancellationToken);
        var markdown = Markdown(report);
        await File.WriteAllTextAsync(Path.Combine(s.Output.FullName, "results.md"), markdown, cancellationToken);
        Console.WriteLine(markdown);
        return 0;
    }

    /// <summary>One lift: promotions put into the series, the model backtested, the three planners' overrides scored.</summary>
    private static ScenarioResult Scenario(Settings s, double lift, IForecastModel model, Dictionary<string, double[]> series)
    {
        // The same seed per scenario: the same products and weeks are promoted whatever the lift.
        var random = new Random(s.Seed);
        var promotions = Promotions(series, s, random);
        foreach (var (product, weeks) in promotions)
        {
            foreach (var w in weeks)
                series[product][w] *= 1 + lift;
        }
        var planners = new Dictionary<string, List<OverrideOutcome>> { [Naive] = [], [Exact] = [], [Noisy] = [], [Careless] = [] };
        var byClass = new Dictionary<string, List<OverrideOutcome>>();
        var allWeeks = new List<(double Actual, double Model, double Informed)>();
        var fallbacks = 0;
        var cutoffs = 0;
        foreach (var (product, values) in series.OrderBy(p => p.Key))
        {
            var promoted = promotions.GetValueOrDefault(product) ?? [];
            var pattern = DemandClassifier.Classify(values).Pattern.ToString();
            for (var t = s.FirstCutoff; t + s.Horizon <= values.Length; t += s.Step)
            {
                cutoffs++;
                var cutoff = t;
                var pastShare = (double)promoted.Count(w => w < cutoff) / t;
                double[] mean;
                try
                {
                    mean = [.. model.Fit(new RegularSeries(values[..t], 52, product)).Predict(s.Horizon, []).Mean.Select(v => Math.Max(0, v))];
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException)
                {
                    // A model that cannot fit a series falls back to the last 13 weeks' mean, as the demand stage falls back.
                    fallbacks++;
                    var recent = values[Math.Max(0, t - 13)..t];
                    mean = [.. Enumerable.Repeat(recent.Average(), s.Horizon)];
                }
                for (var h = 0; h < s.Horizon; h++)
                {
                    var week = t + h;
                    var actual = values[week];
                    var m = mean[h];
                    var informed = m;
                    if (promoted.Contains(week))
                    {
                        // The model's level already carries the past promotions it was fitted on (a share f of its weeks):
                        // a planner who knows them lifts the baseline, m / (1 + lift·f), not m itself.
                        var baseline = m / (1 + lift * pastShare);
                        planners[Naive].Add(new OverrideOutcome(actual, m, m * (1 + lift)));
                        informed = baseline * (1 + lift);
                        planners[Exact].Add(new OverrideOutcome(actual, m, informed));
                        var noisy = new OverrideOutcome(actual, m, Math.Max(0, baseline * (1 + lift + s.LiftNoise * Gaussian(random))));
                        planners[Noisy].Add(noisy);
                        if (!byClass.TryGetValue(pattern, out var list))
                            byClass[pattern] = list = [];
                        list.Add(noisy);
                    }
                    allWeeks.Add((actual, m, informed));
                }
            }
        }
        // The careless planner overrides as many weeks as the informed one, picked at random among all forecast weeks.
        var count = planners[Exact].Count;
        foreach (var i in Enumerable.Range(0, allWeeks.Count).OrderBy(_ => random.Next()).Take(count))
        {
            var (actual, m, _) = allWeeks[i];
            planners[Careless].Add(new OverrideOutcome(actual, m, m * (1 + s.CarelessRange * (2 * random.NextDouble() - 1))));
        }
        return new ScenarioResult(lift, promotions.Count, promotions.Sum(p => p.Value.Count), cutoffs, fallbacks,
            [.. planners.Select(p => Result(p.Key, p.Value))],
            [.. byClass.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => Result(c.Key, c.Value))],
            new PortfolioResult(allWeeks.Count, allWeeks.Average(w => Math.Abs(w.Actual - w.Model)), allWeeks.Average(w => Math.Abs(w.Actual - w.Informed))));
    }

    private const string Naive = "informed, lift on the model's forecast";
    private const string Exact = "informed, lift on the baseline";
    private const string Noisy = "informed, noisy lift on the baseline";
    private const string Careless = "careless, random";

    /// <summary>Per product (SKU), demand per week from the first Monday on or after the world's start to the last complete week.</summary>
    private static (DateOnly FirstWeek, Dictionary<string, double[]> Series) WeeklyDemand(DemoWorld.DemoWorld world)
    {
        var start = world.Options.Start;
        var first = start.AddDays((8 - (int)start.DayOfWeek) % 7);
        var weeks = (world.Options.AsOf.DayNumber - first.DayNumber + 1) / 7;
        var series = world.Products.ToDictionary(p => p.Sku, _ => new double[weeks]);
        foreach (var history in world.Histories())
        {
            foreach (var order in history.Orders.Where(o => o.Status != SalesOrderStatus.Cancelled && o.OrderDate >= first))
            {
                var week = (order.OrderDate.DayNumber - first.DayNumber) / 7;
                if (week >= weeks)
                    continue;
                foreach (var line in order.Lines)
                    series[line.Product.Sku][week] += (double)(line.IsReturn ? -Math.Abs(line.Quantity) : line.Quantity);
            }
        }
        foreach (var values in series.Values)
        {
            for (var i = 0; i < values.Length; i++)
                values[i] = Math.Max(0, values[i]);
        }
        return (first, series.Where(p => p.Value.Any(v => v > 0)).ToDictionary(p => p.Key, p => p.Value));
    }

    /// <summary>Promoted products and their promotion weeks: a two-week promotion in every quarter, at a random week of it.</summary>
    private static Dictionary<string, HashSet<int>> Promotions(Dictionary<string, double[]> series, Settings s, Random random)
    {
        var result = new Dictionary<string, HashSet<int>>();
        foreach (var (product, values) in series.OrderBy(p => p.Key))
        {
            if (random.NextDouble() >= s.PromotedShare)
                continue;
            var weeks = new HashSet<int>();
            for (var quarter = 0; quarter + 13 <= values.Length; quarter += 13)
            {
                var at = quarter + random.Next(0, 12);
                weeks.Add(at);
                weeks.Add(at + 1);
            }
            result[product] = weeks;
        }
        return result;
    }

    private static double[] ParseLifts(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).Where(double.IsFinite)];

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static string Markdown(Report r)
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("# Forecast value added of planner overrides (simulated)");
        md.AppendLine();
        md.AppendLine(c, $"`benchmarks/overrides/run.sh` on {r.Date} ({r.Seconds:0} s): demo world seed {r.Seed} ({r.Customers} customers, {r.Products} products, {r.Years} years; {r.Series} products with demand, weeks from {r.FirstWeek}). ");
        md.AppendLine(c, $"Model `{r.Model}` refitted at every cutoff (first after {r.FirstCutoff} weeks, then every {r.Step}) forecasting the next {r.Horizon} weeks, so every week after the first cutoff is forecast once, before it happens. ");
        md.AppendLine("Known bias the model cannot see: some products run a two-week promotion every quarter (at a random week of it) that multiplies demand by 1 + lift, in the history as in the future. ");
        md.AppendLine(c, $"The informed planner overrides exactly the promotion weeks: naively by the lift on the model's forecast, or by the lift on the baseline (the model's forecast less the past promotions it averaged in), exactly or with a noisy estimate (lift + N(0, {r.LiftNoise:0.##})); the careless planner overrides as many weeks picked at random by a uniform ±{r.CarelessRange:0%}. ");
        md.AppendLine("FVA = MAE(model) − MAE(override) over the overridden weeks (positive: the overrides beat the model); bias = mean(forecast − actual).");
        foreach (var sc in r.Scenarios)
        {
            md.AppendLine();
            md.AppendLine(c, $"## Promotion lift {sc.Lift:+0%}");
            md.AppendLine();
            md.AppendLine(c, $"{sc.PromotedProducts} promoted products, {sc.PromotionWeeks:N0} promotion weeks; {sc.Cutoffs:N0} fits ({sc.Fallbacks} fell back to a 13-week mean).");
            md.AppendLine();
            Table(md, "planner", sc.Planners);
            md.AppendLine();
            md.AppendLine(c, $"Informed planner with a noisy lift on the baseline, by the product's demand class (Syntetos–Boylan):");
            md.AppendLine();
            Table(md, "demand class", sc.NoisyByClass);
            md.AppendLine();
            md.AppendLine(c, $"Over all {sc.Portfolio.Weeks:N0} forecast weeks, the exact informed overrides on the baseline take the MAE from {sc.Portfolio.ModelMae:0.00} to {sc.Portfolio.InformedMae:0.00} units per week.");
        }
        return md.ToString();
    }

    private static void Table(StringBuilder md, string first, IReadOnlyList<PlannerResult> rows)
    {
        var c = CultureInfo.InvariantCulture;
        md.AppendLine(c, $"| {first} | overridden weeks | helped | hurt | MAE model | MAE override | FVA (units/week) | FVA % of model MAE | bias model | bias override | RMSE model | RMSE override |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var p in rows)
        {
            var v = p.Summary;
            md.AppendLine(c, $"| {p.Planner} | {v.Periods:N0} | {v.Helped:N0} | {v.Hurt:N0} | {v.ModelMae:0.00} | {v.OverrideMae:0.00} | {v.ValueAdded:+0.00;-0.00;0.00} | {(v.RelativeValueAdded ?? 0):+0.0%;-0.0%;0.0%} | {v.ModelBias:+0.00;-0.00;0.00} | {v.OverrideBias:+0.00;-0.00;0.00} | {p.ModelRmse:0.00} | {p.OverrideRmse:0.00} |");
        }
    }

    private static PlannerResult Result(string name, List<OverrideOutcome> outcomes) => new(name, ValueAddedSummary.Of(outcomes),
        outcomes.Count == 0 ? 0 : Math.Sqrt(outcomes.Average(o => (o.Actual - o.Model) * (o.Actual - o.Model))),
        outcomes.Count == 0 ? 0 : Math.Sqrt(outcomes.Average(o => (o.Actual - o.Override) * (o.Actual - o.Override))));

    /// <summary>A planner's (or a class's) value added, with the RMSE of both: overrides aim at the mean, which squared error rewards and absolute error does not.</summary>
    private sealed record PlannerResult(string Planner, ValueAddedSummary Summary, double ModelRmse, double OverrideRmse);

    private sealed record PortfolioResult(int Weeks, double ModelMae, double InformedMae);

    private sealed record ScenarioResult(double Lift, int PromotedProducts, int PromotionWeeks, int Cutoffs, int Fallbacks,
        IReadOnlyList<PlannerResult> Planners, IReadOnlyList<PlannerResult> NoisyByClass, PortfolioResult Portfolio);

    private sealed record Report(int Seed, int Customers, int Products, int Years, string Model, int Horizon, int Step, int FirstCutoff, int Series,
        double LiftNoise, double CarelessRange, IReadOnlyList<ScenarioResult> Scenarios, string Date, double Seconds, string FirstWeek);
}
