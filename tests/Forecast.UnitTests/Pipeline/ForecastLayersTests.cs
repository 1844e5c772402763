using Forecast.Modeling.Models;
using Forecast.Modeling.Pipeline;

namespace Forecast.UnitTests.Pipeline;

public sealed class ForecastLayersTests
{
    [Fact]
    public void Add_SumsMeansAndVariances_WhenTheBaselineIntervalIsGaussian()
    {
        var baseline = Intervals.Gaussian([10, 20], [3.0, 4.0], [80, 95]);
        var layered = ForecastLayers.Add(baseline, [5, 0], [16, 0]);
        var z95 = Intervals.NormalQuantile(95);
        Assert.Equal([15.0, 20.0], layered.Mean);
        var i95 = layered.Interval(95)!;
        // sd = √(3² + 16) = 5 in step 1; step 2 unchanged.
        Assert.Equal(15 - (z95 * 5), i95.Lower[0], 9);
        Assert.Equal(15 + (z95 * 5), i95.Upper[0], 9);
        Assert.Equal(baseline.Interval(95)!.Upper[1], i95.Upper[1], 9);
    }

    [Fact]
    public void Add_KeepsSkewAndClipsAtZero_WhenTheBaselineIsSkewedAndNonNegative()
    {
        var baseline = new ForecastResult([2], [new PredictionInterval(80, [0], [10])]);
        var layered = ForecastLayers.Add(baseline, [1], [9]);
        var z = Intervals.NormalQuantile(80);
        var i = layered.Interval(80)!;
        Assert.Equal(0, i.Lower[0]);
        Assert.Equal(3 + Math.Sqrt(64 + (z * z * 9)), i.Upper[0], 9);
    }

    [Fact]
    public void Add_Throws_WhenTheLayerHasAnotherLength()
    {
        var baseline = Intervals.Gaussian([10, 20], [3.0, 4.0], [80]);
        Assert.Throws<ArgumentException>(() => ForecastLayers.Add(baseline, [1], [1]));
    }
}
