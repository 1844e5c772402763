using Forecast.Core.Outreach.Reminders;

namespace Forecast.UnitTests.Outreach;

/// <summary>A reorder prediction without a date ("not expected") never makes a reorder-due reminder.</summary>
public sealed class ReminderRulesNotExpectedTests
{
    private static readonly DateOnly Today = new(2026, 6, 1);

    [Fact]
    public void IsDue_IsFalse_WhenNoOrderIsExpected()
    {
        // Everything else says due: a 60-day cycle, last order 50 days ago, customer, product and pair active.
        var pair = new PairSignal(1, 10, 14, Today.AddDays(-50), 6, 60, PredictedDate: null, Today.AddDays(25), 0.95, 0.95, 0.9, 40, 100, false);

        Assert.False(ReminderRules.IsDue(pair, Today, new ReminderOptions()));
        Assert.DoesNotContain(ReminderRules.Evaluate([pair], [], Today, new ReminderOptions()), c => c.Kind == Forecast.Core.Outreach.Drafting.ReminderKind.ReorderDue);
    }
}
