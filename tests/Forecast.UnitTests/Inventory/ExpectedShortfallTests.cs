using Forecast.Modeling.Inventory;

namespace Forecast.UnitTests.Inventory;

public sealed class ExpectedShortfallTests
{
    [Theory]
    [InlineData(10, 50, 90, 0)]          // every quantile stocked: nothing expected short
    [InlineData(-20, 5, 40, 6)]          // only the worst decile is short: 0.3 × 20
    [InlineData(-30, -10, 10, 13)]       // 0.3 × 30 + 0.4 × 10
    [InlineData(-30, -20, -10, 20)]      // all short: the mean shortfall, 0.3·30 + 0.4·20 + 0.3·10
    public void FromNetStockQuantiles_WeighsTheShortfallsBySwansonsRule(double p10, double p50, double p90, double expected) =>
        Assert.Equal(expected, ExpectedShortfall.FromNetStockQuantiles(p10, p50, p90), 9);

    [Fact]
    public void FromNetStockQuantiles_MatchesTheMeanShortfall_OfANormalFullyShort()
    {
        // N(−100, 20²): P10 = −125.63, P90 = −74.37; all short, so E[(−S)⁺] = 100.
        Assert.Equal(100, ExpectedShortfall.FromNetStockQuantiles(-125.63, -100, -74.37), 6);
    }
}
