using Forecast.Modeling.Pipeline;

namespace Forecast.UnitTests.Pipeline;

public sealed class DayOffsetDistributionTests
{
    [Fact]
    public void Learn_MixesDataAndPrior_ByTheirWeights()
    {
        // Data: 0, 10, 10, 20 (n = 4); prior: all at 0 with weight 4. Mass: 0 -> (1 + 4)/8, 10 -> 2/8, 20 -> 1/8.
        var d = DayOffsetDistribution.Learn([0, 10, 10, 20], DayOffsetDistribution.PointMass(0), priorWeight: 4);
        Assert.Equal([(0, 5.0 / 8), (10, 2.0 / 8), (20, 1.0 / 8)], d.Points);
        Assert.Equal(4, d.Samples);
        Assert.Equal(40.0 / 8, d.Mean, 12);
    }

    [Fact]
    public void AtLeast_RenormalisesTheTail_WhenTheDealIsAlreadyLate()
    {
        var d = DayOffsetDistribution.Learn([0, 10, 10, 20], DayOffsetDistribution.PointMass(0), priorWeight: 0);
        var late = d.AtLeast(5);
        Assert.Equal([(10, 2.0 / 3), (20, 1.0 / 3)], late.Points);
    }

    [Fact]
    public void AtLeast_PutsAllMassOnTheMinimum_WhenLaterThanAnyDealSeen()
    {
        var d = DayOffsetDistribution.Learn([0, 10], DayOffsetDistribution.PointMass(0), priorWeight: 0);
        Assert.Equal([(30, 1.0)], d.AtLeast(30).Points);
    }

    [Fact]
    public void Quantile_ReturnsTheSmallestDayReachingTheProbability()
    {
        var d = DayOffsetDistribution.Learn([1, 2, 3, 4], DayOffsetDistribution.PointMass(0), priorWeight: 0);
        Assert.Equal(2, d.Quantile(0.5));
        Assert.Equal(4, d.Quantile(0.9));
    }
}
