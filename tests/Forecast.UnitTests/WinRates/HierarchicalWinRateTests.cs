using Forecast.Modeling.WinRates;

namespace Forecast.UnitTests.WinRates;

public sealed class HierarchicalWinRateTests
{
    private static IEnumerable<(IReadOnlyList<string?> Path, bool Won)> Deals(string team, string rep, int won, int lost) =>
        Enumerable.Repeat(((IReadOnlyList<string?>)[team, rep], true), won)
            .Concat(Enumerable.Repeat(((IReadOnlyList<string?>)[team, rep], false), lost));

    [Fact]
    public void GlobalRate_FollowsLaplaceRule_WhenDefaultPrior()
    {
        var model = HierarchicalWinRate.Fit(Deals("North", "ann", 7, 3), 2);
        Assert.Equal(8.0 / 12.0, model.GlobalRate, 12);
    }

    [Fact]
    public void Estimate_ReturnsParentRate_WhenRepUnseen()
    {
        var model = HierarchicalWinRate.Fit(Deals("North", "ann", 30, 10).Concat(Deals("South", "bob", 10, 30)), 2);
        var levels = model.Estimate(["North", "newcomer"]);
        Assert.Equal(2, levels.Count);
        Assert.Equal(levels[0].Rate, levels[1].Rate, 12);
        Assert.Equal(0, levels[1].Count.Closed);
    }

    [Fact]
    public void Estimate_ShrinksSmallGroupTowardsItsTeam_WhenFewDeals()
    {
        var model = HierarchicalWinRate.Fit(
            Deals("North", "ann", 20, 20).Concat(Deals("North", "cat", 20, 20)).Concat(Deals("North", "dan", 1, 0))
                .Concat(Deals("South", "bob", 20, 20)).Concat(Deals("South", "eve", 22, 18)),
            2);
        var dan = model.Rate(["North", "dan"]);
        var north = model.Estimate(["North"])[0].Rate;
        // One win out of one is not a 100% rep: the estimate stays near the team's rate.
        Assert.InRange(dan, north, north + 0.1);
    }

    [Fact]
    public void Estimate_KeepsOwnRate_WhenGroupIsLarge()
    {
        var model = HierarchicalWinRate.Fit(
            Deals("North", "ann", 900, 100).Concat(Deals("North", "cat", 100, 900)).Concat(Deals("South", "bob", 500, 500)),
            2);
        Assert.InRange(model.Rate(["North", "ann"]), 0.88, 0.9);
    }

    [Fact]
    public void Estimate_UsesFirstLevelPrior_WhenGroupHasNoDeals()
    {
        var model = HierarchicalWinRate.Fit([], 1, firstLevelPriors: new Dictionary<string, double> { ["Negotiation"] = 0.7 });
        Assert.Equal(0.7, model.Rate(["Negotiation"]), 12);
        Assert.Equal(0.5, model.Rate(["Prospecting"]), 12);
    }
}
