using Forecast.Modeling.WinRates;

namespace Forecast.UnitTests.WinRates;

public sealed class BinaryMetricsTests
{
    [Fact]
    public void Auc_CountsCorrectlyOrderedPairs_WhenScored()
    {
        // Pairs (positive, negative): (0.35, 0.1) yes, (0.35, 0.4) no, (0.8, 0.1) yes, (0.8, 0.4) yes: 3 of 4.
        Assert.Equal(0.75, BinaryMetrics.Auc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]), 12);
    }

    [Fact]
    public void Auc_CountsTiesAsHalf_WhenScoresEqual()
    {
        Assert.Equal(0.5, BinaryMetrics.Auc([0.5, 0.5, 0.5, 0.5], [true, false, true, false]), 12);
    }

    [Fact]
    public void BrierAndLogLoss_MatchHandComputedValues_WhenTwoPredictions()
    {
        double[] p = [0.9, 0.2];
        bool[] y = [true, false];
        Assert.Equal((0.01 + 0.04) / 2, BinaryMetrics.Brier(p, y), 12);
        Assert.Equal(-(Math.Log(0.9) + Math.Log(0.8)) / 2, BinaryMetrics.LogLoss(p, y), 12);
    }

    [Fact]
    public void Evaluate_GivesZeroCalibrationError_WhenEachBinMatchesItsRate()
    {
        // Bin 0.2-0.3: five at 0.2, one won (20%); bin 0.8-0.9: five at 0.8, four won (80%).
        double[] p = [0.2, 0.2, 0.2, 0.2, 0.2, 0.8, 0.8, 0.8, 0.8, 0.8];
        bool[] y = [true, false, false, false, false, true, true, true, true, false];
        var scores = BinaryMetrics.Evaluate(p, y);
        Assert.Equal(0, scores.ExpectedCalibrationError, 12);
        Assert.Equal(5, scores.CalibrationTable[2].Count);
        Assert.Equal(0.8, scores.CalibrationTable[8].ObservedRate, 12);
    }

    [Fact]
    public void Evaluate_WeighsBinGapsByCount_WhenMiscalibrated()
    {
        // All ten at 0.9, half won: ECE = |0.9 - 0.5| = 0.4.
        var scores = BinaryMetrics.Evaluate(Enumerable.Repeat(0.9, 10).ToArray(), Enumerable.Range(0, 10).Select(i => i % 2 == 0).ToArray());
        Assert.Equal(0.4, scores.ExpectedCalibrationError, 12);
    }
}
