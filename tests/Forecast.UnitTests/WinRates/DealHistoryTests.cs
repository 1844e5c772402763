using Forecast.Modeling.WinRates;

namespace Forecast.UnitTests.WinRates;

public sealed class DealHistoryTests
{
    private static readonly DateOnly Day = new(2026, 5, 15);

    private static Deal Closed(string id, string rep, string account, int openedDaysAgo, int closedDaysAgo, bool won) =>
        new(id, Day.AddDays(-openedDaysAgo))
        {
            RepKey = rep,
            TeamKey = "North",
            AccountKey = account,
            Outcome = won ? DealOutcome.Won : DealOutcome.Lost,
            ClosedOn = Day.AddDays(-closedDaysAgo),
        };

    [Fact]
    public void FeaturesAsOf_CountsOnlyOutcomesKnownByThatDay_WhenLaterDealsClosed()
    {
        var target = new Deal("t", Day.AddDays(-30)) { RepKey = "ann", AccountKey = "acme", Outcome = DealOutcome.Won, ClosedOn = Day.AddDays(10) };
        var history = new DealHistory(new DealHistoryData
        {
            Deals =
            [
                target,
                Closed("a", "ann", "acme", 100, 50, won: true),
                Closed("b", "ann", "acme", 100, 1, won: false),
                Closed("c", "ann", "acme", 100, 0, won: true),
                // Closes after the day: its outcome must not be seen.
                Closed("d", "ann", "acme", 100, -1, won: true),
            ],
        });
        var f = history.FeaturesAsOf(target, Day);
        Assert.Equal(new WinCount(2, 3), f.Rep);
        Assert.Equal(new WinCount(2, 3), f.Account);
        Assert.Equal(30, f.AgeDays);
        // The target itself is open that day, and so is "d".
        Assert.Equal(1, f.RepOpenDeals);
    }

    [Fact]
    public void FeaturesAsOf_UsesTheLastObservationOnOrBeforeTheDay_WhenStagesChange()
    {
        var deal = new Deal("t", Day.AddDays(-60));
        var history = new DealHistory(new DealHistoryData
        {
            Deals = [deal],
            Observations =
            [
                new DealObservation("t", Day.AddDays(-50), "Qualification", Day.AddDays(20)),
                new DealObservation("t", Day.AddDays(-5), "Proposal", Day.AddDays(7)),
                new DealObservation("t", Day.AddDays(1), "Negotiation", Day.AddDays(3)),
            ],
        });
        var f = history.FeaturesAsOf(deal, Day);
        Assert.Equal("Proposal", f.Stage);
        Assert.Equal(7, f.DaysToExpectedClose);
        Assert.Null(history.FeaturesAsOf(deal, Day.AddDays(-55)).Stage);
    }

    [Fact]
    public void FeaturesAsOf_CountsRecentActivitiesByKind_WhenSomeAreTooOldOrLater()
    {
        var deal = new Deal("t", Day.AddDays(-20)) { AccountKey = "acme" };
        var history = new DealHistory(new DealHistoryData
        {
            Deals = [deal],
            Activities =
            [
                new SalesActivity("acme", Day.AddDays(-120), "Visit"),
                new SalesActivity("acme", Day.AddDays(-89), "Call"),
                new SalesActivity("acme", Day.AddDays(-10), "Call"),
                new SalesActivity("acme", Day.AddDays(-3), "Meeting"),
                new SalesActivity("acme", Day.AddDays(2), "Meeting"),
                new SalesActivity("other", Day.AddDays(-1), "Call"),
            ],
        });
        var f = history.FeaturesAsOf(deal, Day);
        Assert.Equal(3, f.DaysSinceLastActivity);
        Assert.Equal(2, f.RecentActivities["Call"]);
        Assert.Equal(1, f.RecentActivities["Meeting"]);
        Assert.Equal(0, f.RecentActivities["Visit"]);
        Assert.Equal(2, f.ActivitiesDuringDeal);
    }

    [Fact]
    public void FeaturesAsOf_SumsErpHistoryInItsWindows_WhenOrdersAndInvoicesExist()
    {
        var deal = new Deal("t", Day.AddDays(-20)) { AccountKey = "acme" };
        var history = new DealHistory(new DealHistoryData
        {
            Deals = [deal],
            Orders =
            [
                new CustomerOrder("acme", Day.AddDays(-800), 999),
                new CustomerOrder("acme", Day.AddDays(-365), 1000),
                new CustomerOrder("acme", Day.AddDays(-364), 200),
                new CustomerOrder("acme", Day, 300),
                new CustomerOrder("acme", Day.AddDays(1), 5000),
            ],
            Receivables =
            [
                new Receivable("acme", Day.AddDays(-60), Day.AddDays(-30), 400),
                new Receivable("acme", Day.AddDays(-10), Day, 70),
                new Receivable("acme", Day.AddDays(-90), Day.AddDays(-60), 0),
            ],
        });
        var f = history.FeaturesAsOf(deal, Day);
        Assert.True(f.HasErpHistory);
        // (Day-365, Day]: the order exactly a year ago is out, the one today is in, tomorrow's is unknown.
        Assert.Equal(500, f.Revenue12Months);
        Assert.Equal(2, f.Orders12Months);
        // Due before the day and still open: only the first invoice (the second is due today).
        Assert.Equal(400, f.OverdueAmount);
        Assert.Equal(800 / 365.25, f.YearsAsCustomer!.Value, 12);
    }

    [Fact]
    public void FeaturesAsOf_HasNoErpHistory_WhenTheAccountIsNotLinked()
    {
        var deal = new Deal("t", Day.AddDays(-20)) { AccountKey = "prospect" };
        var f = new DealHistory(new DealHistoryData { Deals = [deal] }).FeaturesAsOf(deal, Day);
        Assert.False(f.HasErpHistory);
        Assert.Null(f.YearsAsCustomer);
        Assert.Null(f.DaysSinceLastActivity);
    }

    [Theory]
    [InlineData("2026-03-31", 0)]
    [InlineData("2026-04-01", 90)]
    [InlineData("2026-12-01", 30)]
    public void DaysToQuarterEnd_CountsToTheQuartersLastDay_WhenGivenADay(string day, int expected) =>
        Assert.Equal(expected, DealHistory.DaysToQuarterEnd(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
}
