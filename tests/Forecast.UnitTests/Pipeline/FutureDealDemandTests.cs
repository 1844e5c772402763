using Forecast.Modeling.Pipeline;

namespace Forecast.UnitTests.Pipeline;

public sealed class FutureDealDemandTests
{
    private static readonly DateOnly AsOf = new(2026, 3, 1);
    private static readonly DateOnly[] Weeks = Enumerable.Range(0, 4).Select(i => new DateOnly(2026, 3, 2).AddDays(7 * i)).ToArray();
    private static readonly DateOnly End = Weeks[^1].AddDays(7);

    [Fact]
    public void FromHistory_GivesMeanPerDayAndDispersion_WhenDealDemandIsLumpy()
    {
        var rate = DealDemandRate.FromHistory([0, 0, 70, 0], 7);
        Assert.Equal(2.5, rate.UnitsPerDay, 12);
        // Sample variance of (0, 0, 70, 0) = 1225; mean 17.5.
        Assert.Equal(1225 / 17.5, rate.Dispersion, 9);
        Assert.Equal(DealDemandRate.None, DealDemandRate.FromHistory([0, 0], 7));
    }

    [Fact]
    public void Compute_CountsAllDealDemand_WhenNoPipelineIsKnown()
    {
        var (mean, variance) = FutureDealDemand.Compute(new DealDemandRate(2, 3), Weeks, End, AsOf, openToOrder: null);
        Assert.All(mean, m => Assert.Equal(14, m, 12));
        Assert.All(variance, v => Assert.Equal(42, v, 12));
    }

    [Fact]
    public void Compute_LeavesTheNearWeeksToThePipeline_WhenDealsTakeTimeFromOpeningToOrder()
    {
        // Every deal orders 10 days after it opens: deals opened after the as-of day order from day 11 on.
        var (mean, _) = FutureDealDemand.Compute(new DealDemandRate(1, 1), Weeks, End, AsOf, DayOffsetDistribution.PointMass(10));
        // Week 1 is days 1..7 (none new), week 2 days 8..14 (days 11..14 new), later weeks all new.
        Assert.Equal([0.0, 4.0, 7.0, 7.0], mean);
    }

    [Fact]
    public void CumulativeProbability_SumsMassUpToTheDay()
    {
        var d = DayOffsetDistribution.Learn([0, 5, 10, 10], DayOffsetDistribution.PointMass(0), priorWeight: 0);
        Assert.Equal(0, d.CumulativeProbability(-1));
        Assert.Equal(0.5, d.CumulativeProbability(5), 12);
        Assert.Equal(1, d.CumulativeProbability(30), 12);
    }
}
