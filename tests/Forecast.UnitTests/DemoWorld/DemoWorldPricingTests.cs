using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Forecast.Core.Data;
using Forecast.DemoWorld;

namespace Forecast.UnitTests.DemoWorld;

public sealed class DemoWorldPricingTests
{
    private static readonly Lazy<Forecast.DemoWorld.DemoWorld> Seed42 = new(() => DemoWorldGenerator.Generate(new DemoWorldOptions()));

    /// <summary>
    /// Recorded on the seed-42 world before deal prices and cost histories were added: the deals' outcomes and dates, the
    /// quote lines' products and quantities, and every order's number, date, products and quantities. Prices and costs draw
    /// from their own streams, so none of this may move.
    /// </summary>
    private const string OutcomesAndOrdersBeforePricing = "0a971c02123ae3a36779924bbac678a0231e09ef6a9f20b0ad3f8a5f91b130c5";

    [Fact]
    public void Generate_KeepsOutcomesAndOrders_WhenPricesAndCostsAreDrawn()
    {
        var world = Seed42.Value;
        var text = new StringBuilder();
        foreach (var o in world.Opportunities)
        {
            text.Append(CultureInfo.InvariantCulture, $"{o.Id}|{o.Outcome}|{o.CreatedOn:O}|{o.ClosedOn:O}|{o.OrderedOn:O}|{o.Stage}|{o.TrueWinProbability}");
            foreach (var l in o.Lines)
                text.Append(CultureInfo.InvariantCulture, $"|{l.Id}:{l.Product.Sku}:{l.Quantity}");
            text.Append('\n');
        }
        foreach (var h in world.Histories())
        {
            foreach (var order in h.Orders)
            {
                text.Append(CultureInfo.InvariantCulture, $"{order.Number}|{order.OrderDate:O}|{order.Status}|{order.OpportunityId}");
                foreach (var l in order.Lines)
                    text.Append(CultureInfo.InvariantCulture, $"|{l.Product.Sku}:{l.Quantity}");
                text.Append('\n');
            }
            text.Append(CultureInfo.InvariantCulture, $"{h.Invoices.Count}/{h.Activities.Count}\n");
        }
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))).ToLowerInvariant();
        Assert.True(hash == OutcomesAndOrdersBeforePricing, $"the outcomes and orders moved: hash {hash}");
    }

    [Fact]
    public void Generate_MakesWinningFallWithPriceBySlopeBeta_GivenEachDealsOwnOdds()
    {
        // Fit won ~ a + b·r + offset(the deal's stored intercept): the intercept holds no r, so b recovers the slope the
        // prices were drawn against only if they really were drawn from g·h/Z₁ and g·(1 − h)/Z₀.
        var deals = Seed42.Value.Opportunities
            .Where(o => o.Outcome != OpportunityOutcome.Open && !double.IsNegativeInfinity(o.PriceResponse.Intercept))
            .Select(o => (Offset: o.PriceResponse.Intercept, Ratio: o.PriceRatio, Won: o.Outcome == OpportunityOutcome.Won))
            .ToList();
        Assert.True(deals.Count > 500, $"only {deals.Count} closed deals");
        Assert.All(deals, d => Assert.InRange(d.Ratio, DemoWorldGenerator.PriceLow, DemoWorldGenerator.PriceHigh));
        var (a, b) = FitOffsetLogistic(deals);
        Assert.InRange(b, -1.3 * DemoWorldGenerator.PriceBeta, -0.7 * DemoWorldGenerator.PriceBeta);
        Assert.InRange(a, -1.5, 1.5);
        // Without the prices drawn after the outcome, the price would say nothing: lost deals are priced higher.
        var wonMean = deals.Where(d => d.Won).Average(d => d.Ratio);
        var lostMean = deals.Where(d => !d.Won).Average(d => d.Ratio);
        Assert.True(lostMean - wonMean > 0.01, $"won at {wonMean:F3} of list, lost at {lostMean:F3}");
    }

    [Fact]
    public void Generate_LetsThePricingModelLearnThatDearerLoses_WhenFittedOnTheDemoQuotes()
    {
        var world = Seed42.Value;
        var quotes = world.Opportunities
            .Where(o => o.Outcome != OpportunityOutcome.Open)
            .OrderBy(o => o.ClosedOn)
            .SelectMany(o => o.Lines.Select(l => new Forecast.Modeling.Pricing.PastQuote(
                (double)(l.UnitPrice / l.Product.ListPrice), (double)l.Quantity, Forecast.Modeling.Pricing.ValueTier.Standard, o.Outcome == OpportunityOutcome.Won)))
            .ToList();
        var model = Forecast.Modeling.Pricing.PriceResponseModel.Fit(quotes, new Forecast.Modeling.Pricing.PriceResponseConfig { BootstrapSamples = 0 });
        Assert.NotNull(model);
        // Per 10% of list; pooled over customers whose usual discounts differ, so flatter than the within-deal β/10.
        Assert.InRange(model.PriceSlope(Forecast.Modeling.Pricing.ValueTier.Standard), -DemoWorldGenerator.PriceBeta / 10 * 1.3, -0.2);
    }

    [Fact]
    public void Generate_DatesCostChangesAndStepsFamiliesUp_WhenRawMaterialRises()
    {
        var world = Seed42.Value;
        var start = world.Options.Start;
        var asOf = world.Options.AsOf;
        Assert.NotEmpty(world.CostChanges);
        Assert.All(world.CostChanges, c => Assert.InRange(c.EffectiveOn, start.AddDays(1), asOf));
        var steps = new List<(string Family, DateOnly Day, decimal Factor)>();
        foreach (var perProduct in world.CostChanges.GroupBy(c => c.Product))
        {
            var days = perProduct.Select(c => c.EffectiveOn).ToList();
            Assert.Equal(days.Order(), days);
            Assert.Equal(days.Count, days.Distinct().Count());
            var previous = perProduct.Key.StandardCost;
            foreach (var change in perProduct)
            {
                Assert.True(change.UnitCost > 0, $"{perProduct.Key.Sku} costs {change.UnitCost}");
                var factor = change.UnitCost / previous;
                if (change.Reason == DemoCostReason.RawMaterial)
                    steps.Add((perProduct.Key.Family, change.EffectiveOn, factor));
                else
                    Assert.InRange(factor, 0.965m, 1.035m);
                Assert.Equal(change.UnitCost, world.CostOn(perProduct.Key, change.EffectiveOn));
                Assert.Equal(previous, world.CostOn(perProduct.Key, change.EffectiveOn.AddDays(-1)));
                previous = change.UnitCost;
            }
        }
        Assert.NotEmpty(steps);
        Assert.All(steps, s => Assert.InRange(s.Factor, 1.049m, 1.151m * 1.151m));
        // A step-up moves every product of its family on the same day by the same factor.
        foreach (var step in steps.GroupBy(s => (s.Family, s.Day)))
        {
            Assert.Equal(world.Products.Count(p => p.Family == step.Key.Family), step.Count());
            Assert.InRange(step.Max(s => s.Factor) - step.Min(s => s.Factor), 0m, 0.01m);
        }
    }

    /// <summary>Newton–Raphson for P(won) = σ(offset + a + b·r).</summary>
    private static (double A, double B) FitOffsetLogistic(IReadOnlyList<(double Offset, double Ratio, bool Won)> deals)
    {
        // Start from the observed win rate: the offsets alone put most deals near 0 or 1, where Newton's first step explodes.
        var rate = deals.Average(d => d.Won ? 1.0 : 0.0);
        double a = Math.Log(rate / (1 - rate)) - deals.Average(d => d.Offset), b = 0;
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
            foreach (var (offset, r, won) in deals)
            {
                var p = 1 / (1 + Math.Exp(-(offset + a + (b * r))));
                var w = p * (1 - p);
                var e = (won ? 1 : 0) - p;
                ga += e;
                gb += e * r;
                haa += w;
                hab += w * r;
                hbb += w * r * r;
            }
            var det = (haa * hbb) - (hab * hab);
            var da = ((hbb * ga) - (hab * gb)) / det;
            var db = ((haa * gb) - (hab * ga)) / det;
            // A damped step keeps the iteration inside the region where the quadratic model of the log-likelihood holds.
            var scale = Math.Min(1, 5 / Math.Max(Math.Abs(da), Math.Abs(db)));
            da *= scale;
            db *= scale;
            a += da;
            b += db;
            if (Math.Abs(da) + Math.Abs(db) < 1e-10)
                break;
        }
        return (a, b);
    }
}
