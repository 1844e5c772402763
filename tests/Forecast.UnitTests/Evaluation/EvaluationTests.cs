using Forecast.Modeling.Evaluation;
using Forecast.Modeling.Models;
using Forecast.Modeling.Series;

namespace Forecast.UnitTests.Evaluation;

public sealed class AccuracyTests
{
    [Fact]
    public void Mase_ScalesByInSampleSeasonalNaive_WhenTrainIsLongerThanM()
    {
        double[] train = [1, 2, 3, 5, 6, 7];
        // lag-3 differences: 4, 4, 4 → scale 4; forecast errors 2 and 6 → MAE 4 → MASE 1.
        Assert.Equal(1.0, Accuracy.Mase(train, [10.0, 10], [8.0, 16], 3), 12);
    }

    [Fact]
    public void Smape_CountsZeroOverZeroAsZero_WhenBothAreZero() =>
        Assert.Equal(100.0, Accuracy.Smape([0.0, 1], [0.0, 0]), 12);

    [Fact]
    public void Rmsse_UsesLagOne_WhenTrainIsNoLongerThanM()
    {
        // lag 1 differences 1, 1 → MSE 1; errors 3 → RMSSE 3.
        Assert.Equal(3.0, Accuracy.Rmsse([1.0, 2, 3], [6.0], [3.0], 12), 12);
    }
}

public sealed class RollingOriginTests
{
    [Fact]
    public void Cutoffs_EndAtLastObservationAndStepBack_WhenEnoughHistory()
    {
        var windows = RollingOrigin.Cutoffs(n: 50, horizon: 6, windows: 3, step: 6, minTrain: 10);
        Assert.Equal([new CvWindow(32, 6), new CvWindow(38, 6), new CvWindow(44, 6)], windows);
    }

    [Fact]
    public void Cutoffs_DropWindowsWithTooLittleTraining_WhenSeriesIsShort()
    {
        var windows = RollingOrigin.Cutoffs(n: 20, horizon: 6, windows: 3, step: 6, minTrain: 10);
        Assert.Equal([new CvWindow(14, 6)], windows);
    }

    [Fact]
    public void Run_FitsOnlyThePast_WhenForecastingEachWindow()
    {
        // Naive forecasts of 1..20 at cutoff c are all equal to c (the last training value).
        var series = new RegularSeries(Enumerable.Range(1, 20).Select(v => (double)v).ToArray());
        var cv = RollingOrigin.Run(new NaiveModel(), series, [new CvWindow(10, 3), new CvWindow(15, 3)]);
        Assert.Equal([10.0, 10, 10], cv[0].Mean);
        Assert.Equal([11.0, 12, 13], cv[0].Actual);
        Assert.Equal([15.0, 15, 15], cv[1].Mean);
    }
}
