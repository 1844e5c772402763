using Forecast.Modeling.WinRates;

namespace Forecast.UnitTests.WinRates;

public sealed class FactorTextTests
{
    private static readonly DealFeatures Features = new()
    {
        DealId = "t",
        AccountRecent = new WinCount(8, 10),
        DaysSinceLastActivity = 45,
        RecentActivities = new Dictionary<string, int> { ["Call"] = 3, ["Meeting"] = 1 },
        DaysToExpectedClose = -12,
        HasErpHistory = true,
        Orders12Months = 4,
        Revenue12Months = 125000,
    };

    [Theory]
    [InlineData("account", "won 8 of the last 10 deals with this customer")]
    [InlineData("activity-recency", "no activity for 45 days")]
    [InlineData("activity-volume", "3 calls, 1 meeting in the last 90 days")]
    [InlineData("expected-close", "expected close passed 12 days ago")]
    [InlineData("erp-revenue", "4 orders worth 125,000 in the last 12 months")]
    public void Describe_SaysItInPlainWords_WhenGivenAFactorGroup(string group, string expected) =>
        Assert.Equal(expected, FactorText.Describe(group, Features));

    [Fact]
    public void WithEffect_ShowsSignedPoints_WhenFormatted() =>
        Assert.Equal("-8 pts: no activity for 45 days", FactorText.WithEffect(new ScoreFactor("activity-recency", "no activity for 45 days", -0.08)));
}
