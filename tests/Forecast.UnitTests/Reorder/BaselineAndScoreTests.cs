using Forecast.Modeling.Reorder;

namespace Forecast.UnitTests.Reorder;

public class BaselineAndScoreTests
{
    [Fact]
    public void IntervalBaselinePredict_RepeatsLastGapScaledByRatios_WhenHistoryHasThreeOrders()
    {
        // Ratios learned: pair A gaps 10 -> 20 (2.0), 20 -> 10 (0.5); pair B 10 -> 10 (1.0).
        var history = new[]
        {
            new PairHistory(1, 1, [0, 10, 30, 40], [1, 1, 1, 1]),
            new PairHistory(2, 1, [0, 10, 20], [1, 1, 1]),
        };
        var baseline = IntervalBaseline.Fit(history, 40, IntervalBaselineKind.LastInterval);
        var pair = new PairHistory(3, 1, [10, 30], [1, 1]);

        var call = baseline.Predict(pair, 15)!.Value;

        // Last gap 20, 10.5 days elapsed: ratios 0.5, 1, 2 mean gaps of 10, 20, 40 days; 10 is already ruled out,
        // and of 20 and 40 only 20 ends within 10.5 + 15 days. The median of what is left is ratio 1: day 30 + 20.
        Assert.Equal(3, baseline.Ratios);
        Assert.Equal(0.5, call.Probability, 12);
        Assert.Equal(30 + 20, call.PredictedDay);
        Assert.Null(baseline.Predict(new PairHistory(4, 1, [35], [1]), 30));
    }

    [Fact]
    public void IntervalBaselineFit_UsesMeanOfPastGaps_WhenKindIsMean()
    {
        var history = new[] { new PairHistory(1, 1, [0, 10, 40, 60], [1, 1, 1, 1]) };

        var baseline = IntervalBaseline.Fit(history, 60, IntervalBaselineKind.MeanInterval);

        // 30 / mean(10) = 3; 20 / mean(10, 30) = 1.
        Assert.Equal(2, baseline.Ratios);
        // Mean gap 20, ordered on the as-of day: ratios 1 and 3 remain, the median (lower) one gives day 60 + 20.
        var call = baseline.Predict(new PairHistory(2, 1, [20, 40, 60], [1, 1, 1]), 100)!.Value;
        Assert.Equal(60 + 20, call.PredictedDay);
        Assert.Equal(1.0, call.Probability, 12);
    }

    [Fact]
    public void Compute_CountsPrecisionRecallCoverageAndError_WhenGivenHandMadeCalls()
    {
        static ReorderCall Call(double p, int day) => new(p, day, day - 5, day - 2, day + 2, day + 5, day - 5, day - 2, day + 2, day + 5);
        var outcomes = new (ReorderCall?, int?)[]
        {
            (Call(0.9, 100), 103),   // TP, inside 80% and 50%, error 3
            (Call(0.6, 100), 110),   // TP, outside, error 10
            (Call(0.7, 100), null),  // FP
            (Call(0.2, 100), 100),   // FN
            (null, 50),              // FN, no call
            (Call(0.1, 100), null),  // TN
        };

        var s = ReorderScore.Compute(outcomes);

        Assert.Equal(3, s.Predicted);
        Assert.Equal(2, s.TruePositives);
        Assert.Equal(4, s.Reordered);
        Assert.Equal(2.0 / 3, s.Precision, 12);
        Assert.Equal(0.5, s.Recall, 12);
        Assert.Equal(0.5, s.Coverage80, 12);
        Assert.Equal(0, s.Coverage50, 12);
        Assert.Equal(6.5, s.MeanAbsoluteErrorDays, 12);
        var brier = (0.01 + 0.16 + 0.49 + 0.64 + 1 + 0.01) / 6;
        Assert.Equal(brier, s.BrierScore, 12);
    }

    [Fact]
    public void ComputeTopK_NamesTheKMostLikelyPairs_WhenRanking()
    {
        static ReorderCall Call(double p) => new(p, 10, 5, 8, 12, 15, 5, 8, 12, 15);
        var outcomes = new (ReorderCall?, int?)[] { (Call(0.3), 10), (Call(0.2), null), (Call(0.1), 10), (null, 10) };

        var s = ReorderScore.ComputeTopK(outcomes, 2);

        Assert.Equal(2, s.Predicted);
        Assert.Equal(1, s.TruePositives);
        Assert.Equal(1.0 / 3, s.Recall, 12);
    }
}
