using Forecast.Modeling.Reorder;

namespace Forecast.UnitTests.Reorder;

public class DismissalAdjustmentTests
{
    private static ReorderForecast Forecast(int asOf, int lastOrder, double active = 0.8, double within = 0.6) =>
        new(1, 2, asOf, lastOrder, 5, 30, 30, 30, asOf + 5, asOf + 1, asOf + 3, asOf + 8, asOf + 12, 30,
            within, 0.9, 0.95, active, 10, 10);

    [Fact]
    public void Apply_DividesTheOddsOfPairActiveAndScalesPOrder_WhenDismissedAfterTheLastOrder()
    {
        var f = Forecast(asOf: 1000, lastOrder: 950);

        var adjusted = DismissalAdjustment.Apply(f, dismissalDay: 999, likelihoodRatio: 4);

        // Odds 0.8/0.2 = 4 divided by 4: odds 1, P(pair active) 0.5; P(order) moves by the same factor 0.5/0.8.
        Assert.Equal(0.5, adjusted.ProbabilityPairActive, 12);
        Assert.Equal(0.6 * 0.5 / 0.8, adjusted.ProbabilityWithinHorizon, 12);
        Assert.Equal(f.PredictedDay, adjusted.PredictedDay);
        Assert.Equal(f.ProbabilityCustomerActive, adjusted.ProbabilityCustomerActive);
    }

    [Fact]
    public void Apply_LeavesTheForecast_WhenTheDismissalIsAfterTheAsOfDayOrTheProductWasOrderedSince()
    {
        var f = Forecast(1000, 950);
        Assert.Same(f, DismissalAdjustment.Apply(f, 1001, 4));
        var orderedSince = Forecast(1000, lastOrder: 990);
        Assert.Same(orderedSince, DismissalAdjustment.Apply(orderedSince, 980, 4));
        var sameDay = Forecast(1000, lastOrder: 980);
        Assert.NotSame(sameDay, DismissalAdjustment.Apply(sameDay, 980, 4));
    }

    [Fact]
    public void Apply_Throws_WhenTheRatioIsBelowOne() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DismissalAdjustment.Apply(Forecast(1000, 950), 999, 0.5));

    /// <summary>
    /// The time-ordered check on a synthetic world with a known truth: the model says P(pair active) 0.8 for every
    /// pair and is right on average; reps dismiss a stopped pair with probability 0.4 and an active one with 0.05
    /// (true LR 8). The ratio chosen from the dismissed pairs of an earlier window lowers the log loss of a later
    /// window's dismissed pairs against no adjustment. It shows the rule recovers a ratio the data hold and pays off
    /// out of sample; it says nothing about the size of the ratio in real reps' dismissals.
    /// </summary>
    [Fact]
    public void ChooseLikelihoodRatio_PicksTheTrueRatioInAnEarlierWindowAndBeatsNoAdjustmentInALaterOne()
    {
        var grid = new[] { 1.0, 2, 4, 8, 16 };
        var earlier = DismissedOutcomes(new Random(1), 20_000);
        var later = DismissedOutcomes(new Random(2), 20_000);

        var chosen = DismissalAdjustment.ChooseLikelihoodRatio(earlier, grid);

        Assert.Equal(8, chosen);
        Assert.True(DismissalAdjustment.LogLoss(later, chosen) < DismissalAdjustment.LogLoss(later, 1) - 0.05,
            $"log loss {DismissalAdjustment.LogLoss(later, chosen):F4} with LR {chosen}, {DismissalAdjustment.LogLoss(later, 1):F4} without");
    }

    private static List<(double Probability, double PairActive, bool Ordered)> DismissedOutcomes(Random random, int pairs)
    {
        const double Active = 0.8, GapWithin = 0.6;
        var dismissed = new List<(double, double, bool)>();
        for (var i = 0; i < pairs; i++)
        {
            var active = random.NextDouble() < Active;
            if (random.NextDouble() >= (active ? 0.05 : 0.4))
                continue;
            var ordered = active && random.NextDouble() < GapWithin;
            dismissed.Add((Active * GapWithin, Active, ordered));
        }
        return dismissed;
    }
}
