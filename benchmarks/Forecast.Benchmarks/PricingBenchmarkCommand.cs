using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Forecast.DemoWorld;
using Forecast.Modeling.Pricing;
using MathNet.Numerics.Distributions;
using nietras.SeparatedValues;

namespace Forecast.Benchmarks;

/// <summary>
/// <c>forecast-bench benchmark pricing</c>: price suggestions backtested in time order on synthetic quote books whose true
/// response to price is known (a generator written for this benchmark, so it shows the method works when its assumptions
/// roughly hold, not that real buyers behave so). Each book: 200 customers with their own price sensitivity, 40 products
/// with a cost rise of 8–25% on half of them late in the period, two years of quotes priced by reps at 80–115% of list.
/// The model is fitted on quotes closed before the cutoff and suggests a price for each later quote; the suggested and the
/// actually quoted prices are scored by expected margin under the truth and under the fitted model, and P(win | quoted
/// price) is checked for calibration. Three truths: the logistic family the model fits, a probit, and a step (each customer
/// buys below a private reservation price). Then the same on the demo world, whose deals were priced against a known
/// response and whose products have a cost history (<see cref="PricingDemoBacktest"/>). The public CRM data set is checked
/// for whether it can be used at all.
/// </summary>
internal static class PricingBenchmarkCommand
{
    private const int Days = 730, Cutoff = 550, Customers = 200, Products = 40, Quotes = 6000;
    private const double TargetMargin = 0.15, KeyCut = 0.05;

    public static Command Create()
    {
        var crm = new Option<DirectoryInfo?>("--crm-data") { Description = "The CRM Sales Opportunities folder (../shared/data/crm-sales-opportunities), checked for usable prices." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for results.json and results.md.", DefaultValueFactory = _ => new DirectoryInfo("benchmarks/pricing") };
        var seeds = new Option<int>("--seeds") { Description = "Synthetic books per truth.", DefaultValueFactory = _ => 5 };
        var demoSeed = new Option<int>("--demo-seed") { Description = "Seed of the demo world backtested after the synthetic books.", DefaultValueFactory = _ => 42 };
        var command = new Command("pricing", "Suggested vs quoted prices by expected margin on held-out quotes of synthetic books with a known response; calibration of P(win | price).")
        {
            crm, output, seeds, demoSeed,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(crm), parse.GetValue(output)!, parse.GetValue(seeds), parse.GetValue(demoSeed), ct));
        return command;
    }

    internal enum Truth { Logistic, Probit, Step }

    private sealed record Customer(ValueTier Tier, double Slope, double Reservation);

    private sealed record Product(double List, double Cost, double RiseDay, double Rise)
    {
        public double CostOn(int day) => day >= RiseDay ? Cost * (1 + Rise) : Cost;
    }

    private sealed record Quote(int Day, Customer Customer, Product Product, double Quantity, double Price, double TrueWin, bool Won);

    internal sealed record TruthResult(
        string Truth, int Books, int TrainQuotes, int TestQuotes,
        double QuotedMarginTrue, double SuggestedMarginTrue, double OracleMarginTrue,
        double QuotedMarginModel, double SuggestedMarginModel,
        double ObservedWinRate, double PredictedWinRateAtQuoted, double TrueWinRateAtSuggested,
        double Brier, double BaselineBrier, double ShareAtFloor,
        IReadOnlyList<CalibrationBin> Calibration);

    internal sealed record CalibrationBin(double From, double To, int Quotes, double Predicted, double Observed);

    internal sealed record CrmCheck(bool Usable, int Won, int Lost, int LostWithPrice, double WonPriceSpread, string Reason);

    private static async Task<int> RunAsync(DirectoryInfo? crm, DirectoryInfo output, int seeds, int demoSeed, CancellationToken cancellationToken)
    {
        var results = new List<TruthResult>();
        foreach (var truth in Enum.GetValues<Truth>())
        {
            Console.WriteLine($"Truth {truth}: {seeds} books ...");
            results.Add(Evaluate(truth, seeds));
        }
        Console.WriteLine($"Demo world, seed {demoSeed} ...");
        var demo = PricingDemoBacktest.Run(demoSeed);
        var crmCheck = crm is null ? null : CheckCrm(crm);

        output.Create();
        var report = new { Generated = "forecast-bench benchmark pricing", Seeds = seeds, Days, Cutoff, Customers, Products, Quotes, TargetMargin, Truths = results, Demo = demo, Crm = crmCheck };
        await File.WriteAllTextAsync(Path.Combine(output.FullName, "results.json"),
            JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }), cancellationToken);
        var md = Markdown(results, demo, crmCheck, seeds);
        await File.WriteAllTextAsync(Path.Combine(output.FullName, "results.md"), md, cancellationToken);
        Console.WriteLine(md);
        return 0;
    }

    internal static TruthResult Evaluate(Truth truth, int seeds)
    {
        var tally = new PricingTally();
        var train = 0;
        var config = new PriceResponseConfig { BootstrapSamples = 0 };
        for (var seed = 1; seed <= seeds; seed++)
        {
            var book = Book(truth, seed);
            var past = book.Where(q => q.Day < Cutoff).ToList();
            var future = book.Where(q => q.Day >= Cutoff).ToList();
            var model = PriceResponseModel.Fit(past.Select(q => new PastQuote(q.Price / q.Product.List, q.Quantity, q.Customer.Tier, q.Won)).ToList(), config)
                ?? throw new InvalidOperationException("A synthetic book of thousands of quotes must be learnable.");
            var trainRate = past.Average(q => q.Won ? 1.0 : 0.0);
            train += past.Count;
            foreach (var q in future)
            {
                var cost = q.Product.CostOn(q.Day);
                var floor = cost * (1 + (q.Customer.Tier == ValueTier.Key ? TargetMargin - KeyCut : TargetMargin));
                var question = new PriceQuestion(q.Product.List, cost, floor, q.Quantity, q.Customer.Tier, q.Price);
                var s = PriceOptimizer.Suggest(model, [], question, config);
                tally.Add(s, question, q.Price, p => Response(truth, q.Customer, p / q.Product.List, q.Quantity), q.Won, trainRate);
            }
        }
        return tally.Result(truth.ToString(), seeds, train);
    }

    /// <summary>The true chance of winning at a relative price: each customer has their own sensitivity; bigger quotes are fought over harder.</summary>
    private static double Response(Truth truth, Customer c, double r, double quantity)
    {
        var size = -0.15 * (Math.Log(quantity) - 2.5);
        return truth switch
        {
            Truth.Logistic => 1 / (1 + Math.Exp(-(0.4 + size + c.Slope * (r - 1)))),
            Truth.Probit => Normal.CDF(0, 1, 0.25 + size + 0.6 * c.Slope * (r - 1)),
            _ => r <= c.Reservation ? 0.7 : 0.1,
        };
    }

    private static List<Quote> Book(Truth truth, int seed)
    {
        var random = new Random(seed * 7919 + (int)truth);
        var customers = Enumerable.Range(0, Customers).Select(_ =>
        {
            var key = random.NextDouble() < 0.25;
            // Key customers value the relationship and are less price-sensitive; everyone differs around their tier.
            var slope = (key ? -4 : -8) + 2 * Normal.Sample(random, 0, 1);
            return new Customer(key ? ValueTier.Key : ValueTier.Standard, Math.Min(-1, slope), 1.0 + 0.06 * Normal.Sample(random, 0, 1) + (key ? 0.04 : 0));
        }).ToList();
        var products = Enumerable.Range(0, Products).Select(_ =>
        {
            var list = Math.Round(50 + 450 * random.NextDouble());
            var rises = random.NextDouble() < 0.5;
            return new Product(list, list * (0.55 + 0.2 * random.NextDouble()), rises ? 450 + random.Next(200) : double.PositiveInfinity, 0.08 + 0.17 * random.NextDouble());
        }).ToList();
        return Enumerable.Range(0, Quotes).Select(_ =>
        {
            var c = customers[random.Next(Customers)];
            var p = products[random.Next(Products)];
            var quantity = Math.Round(Math.Exp(1 + 3 * random.NextDouble()));
            // Reps price by habit: a discount off list, not the cost, so a cost rise goes unnoticed in their quotes.
            var price = Math.Round(p.List * (0.8 + 0.35 * random.NextDouble()), 2);
            var win = Response(truth, c, price / p.List, quantity);
            return new Quote(random.Next(Days), c, p, quantity, price, win, random.NextDouble() < win);
        }).OrderBy(q => q.Day).ToList();
    }

    /// <summary>Lost deals must carry the price they were lost at; a data set without them cannot teach P(win | price).</summary>
    private static CrmCheck CheckCrm(DirectoryInfo folder)
    {
        var listPrices = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        using (var reader = Sep.Reader().FromFile(Path.Combine(folder.FullName, "products.csv")))
        {
            foreach (var row in reader)
                listPrices[row["product"].ToString().Replace(" ", "", StringComparison.Ordinal)] = row["sales_price"].Parse<double>();
        }
        int won = 0, lost = 0, lostWithPrice = 0;
        var relative = new List<double>();
        using (var reader = Sep.Reader().FromFile(Path.Combine(folder.FullName, "sales_pipeline.csv")))
        {
            foreach (var row in reader)
            {
                var stage = row["deal_stage"].ToString();
                var value = double.TryParse(row["close_value"].ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0;
                if (stage == "Won")
                {
                    won++;
                    if (listPrices.TryGetValue(row["product"].ToString().Replace(" ", "", StringComparison.Ordinal), out var list) && list > 0)
                        relative.Add(value / list);
                }
                else if (stage == "Lost")
                {
                    lost++;
                    lostWithPrice += value > 0 ? 1 : 0;
                }
            }
        }
        var mean = relative.Count == 0 ? 0 : relative.Average();
        var spread = relative.Count == 0 ? 0 : Math.Sqrt(relative.Average(r => (r - mean) * (r - mean)));
        var usable = lostWithPrice >= 30;
        return new CrmCheck(usable, won, lost, lostWithPrice, spread, usable
            ? "lost deals carry prices"
            : $"{lost - lostWithPrice} of {lost} lost deals have no price (close value 0): won prices vary (sd {spread:P0} of list) but nothing says at what price a deal was lost, so P(win | price) cannot be learnt or checked.");
    }

    private static string Markdown(IReadOnlyList<TruthResult> synthetic, PricingDemoBacktest.DemoResult demo, CrmCheck? crm, int seeds)
    {
        var results = synthetic.Append(demo.Total).ToList();
        static string F(double v) => v.ToString("N2", CultureInfo.InvariantCulture);
        static string P(double v) => double.IsFinite(v) ? v.ToString("P1", CultureInfo.InvariantCulture) : "–";
        var md = new StringBuilder();
        md.AppendLine("# Pricing: suggested vs quoted prices on held-out quotes");
        md.AppendLine();
        md.AppendLine("Written by `benchmarks/pricing/run.sh` (`forecast-bench benchmark pricing`). **Synthetic books from a generator written for this benchmark**: "
            + $"{seeds} books per truth, each {Customers} customers with their own price sensitivity (Key customers less sensitive), {Products} products, "
            + $"{Quotes} quotes over {Days} days priced by reps at 80–115% of list, a cost rise of 8–25% on half the products from day 450–650. "
            + $"Fitted on quotes closed before day {Cutoff}, evaluated on the later ones; floor = cost × {1 + TargetMargin:0.00} (Key: × {1 + TargetMargin - KeyCut:0.00}). "
            + "Expected margin per quote = P(win) × (price − cost) × quantity. The logistic truth is the family the model fits; probit and step are not.");
        md.AppendLine();
        md.AppendLine($"**The demo world** (`forecast-demo generate`, seed {demo.Seed}; docs/pricing.md, \"The demo world's prices and costs\"): each deal was priced "
            + $"against a known response, P(win | r) = σ(a_deal − {DemoWorldGenerator.PriceBeta:0}·r), r = price / list. Cutoffs every quarter of the last year: fitted on quote "
            + "lines of deals closed before the cutoff with each customer's tier as of the cutoff (Watch: an invoice still unpaid 30+ days past due; Key: top 20% by gross margin "
            + "invoiced in the year before, standing in for lifetime value), suggested for the lines of deals created after it and closed within the quarter, from the cost in "
            + "force on the day the deal was created and floor = cost × (1 + the tier's target margin). Each line is scored under its deal's true curve (as if the whole deal "
            + "were priced at that line's ratio).");
        md.AppendLine();
        md.AppendLine("| truth | held-out quotes | quoted: expected margin (truth) | suggested: expected margin (truth) | best possible (truth) | quoted (model) | suggested (model) | suggestions at the floor |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            var better = r.SuggestedMarginTrue > r.QuotedMarginTrue;
            var suggested = F(r.SuggestedMarginTrue) + $" ({(r.SuggestedMarginTrue / r.QuotedMarginTrue - 1).ToString("+0%;-0%", CultureInfo.InvariantCulture)})";
            md.AppendLine($"| {r.Truth} | {r.TestQuotes:N0} | {F(r.QuotedMarginTrue)} | {(better ? "**" + suggested + "**" : suggested)} | {F(r.OracleMarginTrue)} | {F(r.QuotedMarginModel)} | {F(r.SuggestedMarginModel)} | {P(r.ShareAtFloor)} |");
        }
        md.AppendLine();
        md.AppendLine("| truth | observed win rate | mean P(win \\| quoted) | true win rate at suggested prices | Brier | Brier of the training win rate |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
            md.AppendLine($"| {r.Truth} | {P(r.ObservedWinRate)} | {P(r.PredictedWinRateAtQuoted)} | {P(r.TrueWinRateAtSuggested)} | {r.Brier:0.000} | {r.BaselineBrier:0.000} |");
        md.AppendLine();
        md.AppendLine("Calibration of P(win | quoted price) on held-out quotes (predicted → observed):");
        md.AppendLine();
        md.AppendLine("| truth | " + string.Join(" | ", Enumerable.Range(0, 5).Select(i => $"{i * 20}–{(i + 1) * 20}%")) + " |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            var cells = Enumerable.Range(0, 5).Select(i => r.Calibration.FirstOrDefault(b => Math.Abs(b.From - i / 5.0) < 1e-9) is { } b
                ? $"{P(b.Predicted)} → {P(b.Observed)} (n={b.Quotes:N0})" : "–");
            md.AppendLine($"| {r.Truth} | {string.Join(" | ", cells)} |");
        }
        md.AppendLine();
        md.AppendLine($"Demo world per cutoff (fitted price slope per +10% of list, pooled, Standard tier; the truth within a deal is {demo.TrueSlopePer10:0.00}; "
            + $"Key / Watch customers at the last cutoff: {demo.KeyCustomers} / {demo.WatchCustomers}; mean true P(win | quoted price) {P(demo.MeanTrueWinAtQuoted)}):");
        md.AppendLine();
        md.AppendLine("| cutoff | training lines | held-out lines | fitted slope per +10% | quoted: expected margin (truth) | suggested (truth) | best possible (truth) |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var c in demo.Cutoffs)
            md.AppendLine($"| {c.Cutoff:yyyy-MM-dd} | {c.TrainQuotes:N0} | {c.TestQuotes:N0} | {c.FittedSlopePer10:0.00} | {F(c.QuotedMarginTrue)} | {F(c.SuggestedMarginTrue)} | {F(c.OracleMarginTrue)} |");
        md.AppendLine();
        if (crm is not null)
            md.AppendLine($"CRM Sales Opportunities (../shared/data/crm-sales-opportunities): {(crm.Usable ? "usable" : "not usable")}: {crm.Reason}");
        return md.ToString();
    }
}
