using Forecast.Core.Outreach.Reminders;

namespace Forecast.UnitTests.Outreach;

public sealed class ReminderValuesTests
{
    [Fact]
    public void UsualOrderValue_IsTheMedian_SoOneBulkOrderDoesNotMoveIt()
    {
        Assert.Equal(4_000m, ReminderValues.UsualOrderValue([4_000m, 3_800m, 40_000m]));
        Assert.Equal(3_900m, ReminderValues.UsualOrderValue([4_000m, 3_800m]));
        Assert.Null(ReminderValues.UsualOrderValue([0m, -5m]));
    }

    [Fact]
    public void ForPair_IsProbabilityTimesUsualOrderValue_FromTheErpLines()
    {
        var value = ReminderValues.ForPair(new PairValueInput(0.7, 30, [4_000m, 4_000m, 4_000m], 40, 999), "TWD");

        Assert.Equal(new ReminderValue(2_800m, 0.7, 4_000m, ReminderValueBasis.UsualOrder, 30, "TWD"), value);
    }

    [Fact]
    public void ForPair_FallsBackToTheUsualQuantityAtListPrice_WhenTheLinesCarryNoPrice()
    {
        var value = ReminderValues.ForPair(new PairValueInput(0.5, 30, [0m], 40, 100), "TWD");

        Assert.Equal((2_000m, 4_000m, ReminderValueBasis.ListPrice), (value.ExpectedValue, value.Basis, value.Kind));
    }

    [Fact]
    public void ForCustomer_SumsItsProductsExpectedValues_AndItsProbabilityTimesBasisIsThatSum()
    {
        var value = ReminderValues.ForCustomer([new PairValueInput(0.5, 30, [1_000m], 0, 0), new PairValueInput(0.1, 60, [3_000m], 0, 0)], "USD");

        Assert.Equal((800m, 4_000m, 60, ReminderValueBasis.CustomerProducts), (value.ExpectedValue, value.Basis, value.HorizonDays, value.Kind));
        Assert.Equal(0.2, value.Probability, 10);
    }

    [Fact]
    public void ForDeal_IsAmountTimesWinProbability_ClampedToAProbability()
    {
        Assert.Equal(12_000m, ReminderValues.ForDeal(20_000m, 0.6, "TWD").ExpectedValue);
        Assert.Equal(20_000m, ReminderValues.ForDeal(20_000m, 1.7, "TWD").ExpectedValue);
        Assert.Equal(0m, ReminderValues.ForDeal(20_000m, double.NaN, "TWD").ExpectedValue);
    }
}

public sealed class ReminderInputTests
{
    private static readonly DateOnly Today = new(2026, 6, 1);

    [Theory]
    [InlineData("2026-05-31")]
    [InlineData("2026-06-01")]
    [InlineData("2027-06-02")]
    public void CheckSnooze_RefusesTodayThePastAndMoreThanAYearAhead(string day) =>
        Assert.Equal("until", ReminderInbox.CheckSnooze(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), Today)?.Field);

    [Theory]
    [InlineData("2026-06-02")]
    [InlineData("2027-06-01")]
    public void CheckSnooze_AcceptsTomorrowUpToAYearAhead(string day) =>
        Assert.Null(ReminderInbox.CheckSnooze(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), Today));

    [Fact]
    public void CheckDismissal_NeedsAReason_AndWordsForOther()
    {
        Assert.Equal("reason", ReminderInbox.CheckDismissal(null, "words")?.Field);
        Assert.Equal("reason", ReminderInbox.CheckDismissal((DismissReason)42, null)?.Field);
        Assert.Equal("note", ReminderInbox.CheckDismissal(DismissReason.Other, " ")?.Field);
        Assert.Equal("note", ReminderInbox.CheckDismissal(DismissReason.NotBuying, new string('x', 501))?.Field);
        Assert.Null(ReminderInbox.CheckDismissal(DismissReason.NotBuying, null));
        Assert.Null(ReminderInbox.CheckDismissal(DismissReason.Other, "moved to a distributor"));
    }

    [Fact]
    public void CheckDraft_RefusesAHeaderInjectionInTheSubject() =>
        Assert.Equal("subject", ReminderInbox.CheckDraft("Hi\nBcc: x@example.com", "body")?.Field);
}
