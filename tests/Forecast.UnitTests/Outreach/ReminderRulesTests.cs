using Forecast.Core.Outreach.Drafting;
using Forecast.Core.Outreach.Reminders;

namespace Forecast.UnitTests.Outreach;

public sealed class ReminderRulesTests
{
    private static readonly DateOnly Today = new(2026, 6, 1);
    private static readonly ReminderOptions Defaults = new();

    /// <summary>A healthy pair last ordered <paramref name="daysAgo"/> days ago on a 60-day cycle (P90 of the cycle: 75 days).</summary>
    private static PairSignal Pair(long customer = 1, long product = 10, int daysAgo = 50, int leadTime = 14, double customerActive = 0.95,
        int orders = 6, bool orderedSince = false, decimal unitValue = 100, double pairActive = 0.9) =>
        new(customer, product, leadTime, Today.AddDays(-daysAgo), orders, 60, Today.AddDays(60 - daysAgo), Today.AddDays(75 - daysAgo),
            customerActive, 0.95, pairActive, 40, unitValue, orderedSince);

    /// <summary>A pair on a short cycle: predicted (conditionally on the silence so far) a few days ahead, as the model always does.</summary>
    private static PairSignal ShortCycle(int daysAgo, int cycle = 14, int leadTime = 21) =>
        new(1, 10, leadTime, Today.AddDays(-daysAgo), 20, cycle, Today.AddDays(Math.Max(1, cycle - daysAgo)), Today.AddDays(cycle + 4 - daysAgo),
            0.95, 0.95, 0.9, 40, 100, false);

    [Theory]
    [InlineData(50, true)]   // predicted in 10 days; window = 14 + 7
    [InlineData(39, true)]   // predicted in 21 days: the window's last day
    [InlineData(38, false)]  // predicted in 22 days
    public void IsDue_FollowsTheLeadTimePlusAWeek(int daysAgo, bool due) =>
        Assert.Equal(due, ReminderRules.IsDue(Pair(daysAgo: daysAgo), Today, Defaults));

    [Fact]
    public void IsDue_UsesTheFixedWindow_WhenOneIsConfigured()
    {
        var options = new ReminderOptions { NoticeWindowDays = 5 };
        Assert.False(ReminderRules.IsDue(Pair(daysAgo: 50), Today, options));
        Assert.True(ReminderRules.IsDue(Pair(daysAgo: 56), Today, options));
    }

    [Fact]
    public void IsDue_IsFalse_WhenTheCustomerHasProbablyStoppedBuying() =>
        Assert.False(ReminderRules.IsDue(Pair(customerActive: 0.2), Today, Defaults));

    [Fact]
    public void IsDue_IsFalse_WhenTheCustomerStillBuysButProbablyNotThisProduct() =>
        // Each probability passes on its own (0.6, 0.4); together the pair is more likely gone than not.
        Assert.False(ReminderRules.IsDue(Pair(customerActive: 0.6, pairActive: 0.4), Today, Defaults));

    [Theory]
    [InlineData(0, false)]  // ordered today
    [InlineData(1, false)]  // "last order 1 day ago" is never due
    [InlineData(6, false)]  // less than half of a 14-day cycle
    [InlineData(7, true)]   // half the cycle passed, next order predicted in 7 days: inside the capped window
    [InlineData(12, true)]
    public void IsDue_NeverFiresRightAfterAnOrder_WhenTheLeadTimeIsLongerThanTheCycle(int daysAgo, bool due) =>
        Assert.Equal(due, ReminderRules.IsDue(ShortCycle(daysAgo), Today, Defaults));

    [Fact]
    public void NoticeWindowDays_IsCappedAtHalfTheCycle() =>
        Assert.Equal((21, 7), (ReminderRules.NoticeWindowDays(14, 60, Defaults), ReminderRules.NoticeWindowDays(21, 14, Defaults)));

    [Fact]
    public void IsDue_IsFalse_WhenNoOrderIsExpected() =>
        Assert.False(ReminderRules.IsDue(Pair() with { PredictedDate = null }, Today, Defaults));

    [Theory]
    [InlineData(75, false)]  // on the cycle's P90 day
    [InlineData(76, true)]
    [InlineData(135, true)]  // one typical cycle past P90
    [InlineData(136, false)] // older news than that
    public void IsLate_MeansPastTheCyclesP90_ForAtMostOneCycle(int daysAgo, bool late) =>
        Assert.Equal(late, ReminderRules.IsLate(Pair(daysAgo: daysAgo), Today, Defaults));

    [Fact]
    public void Evaluate_MakesNothing_ForAPairOrderedSinceThePredictions() =>
        Assert.Empty(ReminderRules.Evaluate([Pair(orderedSince: true)], [], Today, Defaults));

    [Fact]
    public void Evaluate_MakesACustomerAtRisk_WhenPActiveDroppedBelowTheThreshold()
    {
        var candidates = ReminderRules.Evaluate([Pair(customerActive: 0.3, daysAgo: 100)], [], Today, Defaults);

        var atRisk = Assert.Single(candidates, c => c.ProductId is null);
        Assert.Equal(ReminderKind.AtRisk, atRisk.Kind);
        Assert.Equal("customer", atRisk.TopicKey);
        Assert.Equal(Today.AddDays(-100), atRisk.CycleDate);
    }

    [Theory]
    [InlineData(1)]   // ordered yesterday
    [InlineData(20)]  // quiet for less than the 30-day minimum
    [InlineData(80)]  // less than 1.5 of its 60-day cycle
    public void Evaluate_DoesNotCallACustomerAtRisk_WhenItOrderedRecently(int daysAgo)
    {
        var candidates = ReminderRules.Evaluate([Pair(customerActive: 0.3, daysAgo: daysAgo)], [], Today, Defaults);

        Assert.DoesNotContain(candidates, c => c.Kind == ReminderKind.AtRisk && c.ProductId is null);
    }

    [Fact]
    public void Evaluate_FlagsOnlyTheHighValueQuietDeal_AsStalled()
    {
        DealSignal[] deals =
        [
            new(1, 100, 100_000, 0.5, Today.AddDays(-30)), // expected 50,000, quiet 30 days
            new(2, 200, 10_000, 0.5, Today.AddDays(-30)),  // expected 5,000: lower half
            new(3, 300, 200_000, 0.5, Today.AddDays(-3)),  // high, but touched 3 days ago
        ];

        var stalled = Assert.Single(ReminderRules.Evaluate([], deals, Today, Defaults));

        Assert.Equal(ReminderKind.StalledDeal, stalled.Kind);
        Assert.Equal(100, stalled.OpportunityId);
        Assert.Equal("opportunity:100", stalled.TopicKey);
        Assert.Equal(Today.AddDays(-30), stalled.CycleDate);
    }

    [Fact]
    public void Choose_SkipsACycleAlreadyReminded_AndTakesTheMostPressingFirst()
    {
        var due = new ReminderCandidate(ReminderKind.ReorderDue, 1, 10, null, Today.AddDays(-50), ReminderRules.ReorderDuePriority, 1000);
        var late = new ReminderCandidate(ReminderKind.AtRisk, 1, 11, null, Today.AddDays(-90), ReminderRules.PairLatePriority, 10);
        var other = new ReminderCandidate(ReminderKind.ReorderDue, 2, 10, null, Today.AddDays(-50), ReminderRules.ReorderDuePriority, 1000);

        var chosen = ReminderRules.Choose([due, late, other], new HashSet<ReminderKey> { other.Key }, new Dictionary<long, DateOnly>(), Today, Defaults);

        Assert.Equal([late], chosen);
    }

    [Theory]
    [InlineData(13, 0)]
    [InlineData(14, 1)]
    public void Choose_RespectsTheCooldown(int daysSinceLastReminder, int expected)
    {
        var due = new ReminderCandidate(ReminderKind.ReorderDue, 1, 10, null, Today.AddDays(-50), ReminderRules.ReorderDuePriority, 1000);
        var last = new Dictionary<long, DateOnly> { [1] = Today.AddDays(-daysSinceLastReminder) };

        Assert.Equal(expected, ReminderRules.Choose([due], new HashSet<ReminderKey>(), last, Today, Defaults).Count);
    }
}
