using Forecast.Modeling.Pricing;

namespace Forecast.UnitTests.Pricing;

public sealed class PriceResponseModelTests
{
    // The synthetic world: P(win | r) = σ(a + b (r − 1)) with r = price / list; Key customers are less price-sensitive.
    private const double A = 0.5;
    private const double B = -8;
    private const double KeySlope = -4;

    private static double Truth(double r, ValueTier tier) => 1 / (1 + Math.Exp(-(A + (tier == ValueTier.Key ? KeySlope : B) * (r - 1))));

    internal static List<PastQuote> World(int count, int seed, Func<double, ValueTier, double>? truth = null)
    {
        truth ??= Truth;
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var r = 0.75 + random.NextDouble() * 0.45;
            var tier = random.NextDouble() < 0.3 ? ValueTier.Key : ValueTier.Standard;
            var quantity = 1 + random.Next(100);
            return new PastQuote(r, quantity, tier, random.NextDouble() < truth(r, tier));
        }).ToList();
    }

    private static double TrueOptimum(PriceQuestion question, PriceResponseConfig config)
    {
        var curve = PriceOptimizer.Curve(PriceOptimizer.Grid(question, config), question, p => Truth(p / question.ListPrice, question.Tier));
        return curve[PriceOptimizer.ArgMax(curve)].Price;
    }

    [Fact]
    public void Fit_RecoversTheTruePriceSlopes_OnASyntheticWorld()
    {
        var model = PriceResponseModel.Fit(World(4000, 1), new PriceResponseConfig())!;
        Assert.True(model.Converged);
        // Slopes are per 10% of list: the truth's −8 per 100% is −0.8.
        Assert.InRange(model.PriceSlope(ValueTier.Standard), (B - 1.5) / 10, (B + 1.5) / 10);
        Assert.InRange(model.PriceSlope(ValueTier.Key), (KeySlope - 2) / 10, (KeySlope + 2) / 10);
        Assert.InRange(model.WinProbability(1.0, 50, ValueTier.Standard), Truth(1, ValueTier.Standard) - 0.05, Truth(1, ValueTier.Standard) + 0.05);
    }

    [Fact]
    public void Fit_KeepsThePriceResponse_WhenThereAreOnlyAFewHundredQuotes()
    {
        // The default ridge must not flatten the curve of a small CRM: a flat fit would push every suggestion to the grid top.
        var quotes = World(250, 8).Select(q => q with { Tier = ValueTier.Standard, Won = q.Won }).ToList();
        var model = PriceResponseModel.Fit(quotes, new PriceResponseConfig())!;
        Assert.InRange(model.PriceSlope(ValueTier.Standard), -1.3, -0.4);
    }

    [Theory]
    [InlineData(ValueTier.Standard)]
    [InlineData(ValueTier.Key)]
    public void Suggest_LandsNearTheTrueOptimum_AndItsIntervalCoversIt(ValueTier tier)
    {
        var config = new PriceResponseConfig { BootstrapSamples = 60 };
        var quotes = World(3000, 2);
        var model = PriceResponseModel.Fit(quotes, config)!;
        var question = new PriceQuestion(ListPrice: 100, UnitCost: 60, Floor: 66, Quantity: 10, tier);

        var suggestion = PriceOptimizer.Suggest(model, PriceResponseModel.Bootstrap(quotes, config), question, config);

        var truth = TrueOptimum(question, config);
        Assert.InRange(suggestion.Price, truth - 5, truth + 5);
        // The margin curve is flat near its top: what matters is the true expected margin given up, which is small.
        var trueAtSuggestion = PriceOptimizer.Point(suggestion.Price, question, p => Truth(p / 100, tier)).ExpectedMargin;
        var trueBest = PriceOptimizer.Point(truth, question, p => Truth(p / 100, tier)).ExpectedMargin;
        Assert.True(trueAtSuggestion >= 0.98 * trueBest, $"{trueAtSuggestion} vs {trueBest}");
        // An 80% interval misses now and then; a few grid steps of slack keep the test about gross errors.
        Assert.InRange(truth, suggestion.PriceLow - 2, suggestion.PriceHigh + 2);
        Assert.True(suggestion.PriceLow <= suggestion.Price && suggestion.Price <= suggestion.PriceHigh);
        Assert.False(suggestion.FloorBinds);
    }

    [Fact]
    public void Suggest_StaysAtTheFloor_AndSaysSo_WhenTheCostJumps()
    {
        var config = new PriceResponseConfig { BootstrapSamples = 20 };
        var quotes = World(3000, 3);
        var model = PriceResponseModel.Fit(quotes, config)!;
        // Raw material up: cost 110% of list; a 30% target margin puts the floor at 143, where winning is already rare.
        var question = new PriceQuestion(ListPrice: 100, UnitCost: 110, Floor: 143, Quantity: 10, ValueTier.Standard, QuotedPrice: 95);

        var suggestion = PriceOptimizer.Suggest(model, PriceResponseModel.Bootstrap(quotes, config), question, config);

        Assert.True(suggestion.FloorBinds);
        Assert.Equal(143, suggestion.Price, 6);
        Assert.All(suggestion.Curve, point => Assert.True(point.Price >= 143));
        Assert.True(suggestion.PriceLow >= 143);
        Assert.True(suggestion.Quoted!.ExpectedMargin < 0, "the old price now loses money on every win");
    }

    [Fact]
    public void Fit_ReturnsNull_WhenTooFewQuotesOrPricesNeverMoved()
    {
        var config = new PriceResponseConfig();
        Assert.Null(PriceResponseModel.Fit(World(config.MinimumQuotes - 1, 4), config));
        var flat = World(200, 5).Select(q => q with { RelativePrice = 1.0 }).ToList();
        Assert.Null(PriceResponseModel.Fit(flat, config));
        var allWon = World(200, 6).Select(q => q with { Won = true }).ToList();
        Assert.Null(PriceResponseModel.Fit(allWon, config));
    }

    [Fact]
    public void Suggest_IsNearTheTruth_WhenTheTrueResponseIsAProbitNotALogistic()
    {
        // Robustness: the fitted family is logistic; the truth here is a probit with a steeper fall past list price.
        static double Probit(double r, ValueTier tier) => MathNet.Numerics.Distributions.Normal.CDF(0, 1, 0.3 - 5 * (r - 1));
        var config = new PriceResponseConfig { BootstrapSamples = 0 };
        var model = PriceResponseModel.Fit(World(4000, 7, Probit), config)!;
        var question = new PriceQuestion(100, 60, 66, 10, ValueTier.Standard);

        var suggestion = PriceOptimizer.Suggest(model, [], question, config);

        var curve = PriceOptimizer.Curve(PriceOptimizer.Grid(question, config), question, p => Probit(p / 100, ValueTier.Standard));
        var best = curve[PriceOptimizer.ArgMax(curve)];
        var atSuggestion = PriceOptimizer.Point(suggestion.Price, question, p => Probit(p / 100, ValueTier.Standard));
        Assert.True(atSuggestion.ExpectedMargin >= 0.97 * best.ExpectedMargin, $"{atSuggestion.ExpectedMargin} vs best {best.ExpectedMargin}");
    }

    [Fact]
    public void Quantile_InterpolatesLinearly()
    {
        Assert.Equal(2.5, PriceOptimizer.Quantile([1, 2, 3, 4], 0.5), 12);
        Assert.Equal(1.3, PriceOptimizer.Quantile([1, 2, 3, 4], 0.1), 12);
    }
}
