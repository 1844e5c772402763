using Forecast.Modeling.Inventory;
using MathNet.Numerics.Distributions;

namespace Forecast.UnitTests.Inventory;

public sealed class QuantileDemandDistributionTests
{
    private static readonly double[] Levels3 = [0.1, 0.5, 0.9];
    private static readonly double[] Levels5 = [0.1, 0.25, 0.5, 0.75, 0.9];

    [Fact]
    public void Quantile_InterpolatesLinearly_BetweenTheGivenLevels()
    {
        var d = new QuantileDemandDistribution(Levels3, [10, 20, 40]);

        Assert.Equal(10, d.Quantile(0.1), 12);
        Assert.Equal(15, d.Quantile(0.3), 12);
        Assert.Equal(20, d.Quantile(0.5), 12);
        Assert.Equal(30, d.Quantile(0.7), 12);
    }

    [Fact]
    public void Mean_EqualsTheForecastMean_WhenTheUpperTailCarriesTheRest()
    {
        // By hand: the first segment's density (slope 25) continues as an exponential tail of scale θL = 25·0.1 = 2.5, cut
        // at zero below a = 0.1·e^(−10/2.5): ∫ over [0, .1] = 0.1·(10 − 2.5) + 2.5·a. Segments: .4·15 + .4·30 = 18.
        // The upper tail scale then makes the mean 25: θ = (25 − body)/0.1 − 40.
        var body = 0.1 * 7.5 + 2.5 * 0.1 * Math.Exp(-4) + 18;
        var theta = (25 - body) / 0.1 - 40;
        var d = new QuantileDemandDistribution(Levels3, [10, 20, 40], mean: 25);

        Assert.Equal(theta, d.UpperTailScale, 9);
        Assert.Equal(25, d.Mean, 9);
        Assert.Equal(10 - 2.5 * Math.Log(2), d.Quantile(0.05), 9);
        Assert.Equal(0, d.Quantile(0.001));
        Assert.Equal(40 + theta * Math.Log(2), d.Quantile(0.95), 9);
    }

    [Theory]
    [InlineData(10, 20, 40, 25)]
    [InlineData(1, 20, 40, 30)]   // the lower tail is cut at zero over most of [0, 0.1]
    [InlineData(0, 0, 5, 2)]
    [InlineData(3, 3, 3, double.NaN)]
    [InlineData(2, 9, 12, double.NaN)] // no mean: the upper tail continues the last segment's density
    public void MeanAndVariance_MatchNumericalIntegrationOfTheQuantileFunction(double q10, double q50, double q90, double mean)
    {
        var d = new QuantileDemandDistribution(Levels3, [q10, q50, q90], double.IsNaN(mean) ? null : mean);

        // E[X] = ∫Q(u)du and E[X²] = ∫Q(u)²du, by the midpoint rule on a fine grid (independent of the closed forms).
        const int n = 4_000_000;
        double sum = 0, square = 0;
        for (var i = 0; i < n; i++)
        {
            var q = d.Quantile((i + 0.5) / n);
            sum += q;
            square += q * q;
        }
        var numericMean = sum / n;
        Assert.InRange(d.Mean, numericMean - 0.01, numericMean + 0.01);
        var numericVariance = square / n - numericMean * numericMean;
        Assert.InRange(d.Variance, numericVariance * 0.995 - 1e-6, numericVariance * 1.005 + 1e-6);
        if (!double.IsNaN(mean))
            Assert.Equal(mean, d.Mean, 9);
    }

    [Fact]
    public void UpperTail_KeepsTheLastSegmentsDensity_WhenTheMeanWouldThinIt()
    {
        // Mean 20 with p10/p50/p90 = 10/20/40 would need a tail scale below zero; the last segment's density
        // (slope 50 per unit of probability) continues instead: θ = 50 · 0.1 = 5, and the fitted mean exceeds 20.
        var d = new QuantileDemandDistribution(Levels3, [10, 20, 40], mean: 20);

        Assert.Equal(5, d.UpperTailScale, 9);
        Assert.True(d.Mean > 20);
        Assert.Equal(20, d.ForecastMean);
        Assert.Equal(40 + 5 * Math.Log(10), d.Quantile(0.99), 9);
    }

    [Fact]
    public void Quantile_KeepsTheMassAtZero_WhenTheLowQuantilesOfAnIntermittentItemAreZero()
    {
        var d = new QuantileDemandDistribution(Levels5, [0, 0, 0, 0, 5], mean: 2);

        Assert.Equal(0, d.Quantile(0.01));
        Assert.Equal(0, d.Quantile(0.6));
        Assert.Equal(5.0 / 3, d.Quantile(0.8), 12);
        Assert.Equal(2, d.Mean, 9);
    }

    [Fact]
    public void UpperTail_HoldsTheWholeMean_WhenEveryQuantileIsZero()
    {
        // Zero demand with probability at least 0.9; the mean 5 must then come from the top 10%: θ = 5 / 0.1 = 50.
        var d = new QuantileDemandDistribution(Levels5, [0, 0, 0, 0, 0], mean: 5);

        Assert.Equal(50, d.UpperTailScale, 9);
        Assert.Equal(5, d.Mean, 9);
        Assert.Equal(0.1 * 2 * 50 * 50 - 25, d.Variance, 6);
    }

    [Fact]
    public void Constructor_SortsCrossingQuantiles_AndRaisesNegativesToZero_WhenAModelReturnsThem()
    {
        var d = new QuantileDemandDistribution(Levels3, [5, -2, 3]);

        Assert.Equal([0, 3, 5], d.Values);
        Assert.True(d.Quantile(0) >= 0);
    }

    [Fact]
    public void Variance_IsCloseToTheNormals_WhenFittedToItsPercentiles()
    {
        var levels = Enumerable.Range(1, 99).Select(i => i / 100.0).ToArray();
        var d = new QuantileDemandDistribution(levels, [.. levels.Select(p => Normal.InvCDF(100, 20, p))], mean: 100);

        Assert.Equal(100, d.ForecastMean);
        Assert.InRange(d.Mean, 99.99, 100.01);
        Assert.InRange(Math.Sqrt(d.Variance), 19.5, 20.5);
    }

    [Fact]
    public void Constructor_Throws_WhenALevelIsNotAProbabilityOrCountsDiffer()
    {
        Assert.Throws<ArgumentException>(() => new QuantileDemandDistribution([0, 0.5], [1, 2]));
        Assert.Throws<ArgumentException>(() => new QuantileDemandDistribution([0.5, 1], [1, 2]));
        Assert.Throws<ArgumentException>(() => new QuantileDemandDistribution([0.5, 0.4], [1, 2]));
        Assert.Throws<ArgumentException>(() => new QuantileDemandDistribution([0.5], [1, 2]));
        Assert.Throws<ArgumentException>(() => new QuantileDemandDistribution([0.5], [double.NaN]));
    }
}
