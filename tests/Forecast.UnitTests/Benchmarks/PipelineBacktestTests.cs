using Forecast.Benchmarks;

namespace Forecast.UnitTests.Benchmarks;

public sealed class PipelineBacktestTests
{
    [Fact]
    public void Origins_AreSundaysEveryStepLeavingTheHorizonInsideTheData()
    {
        var end = new DateOnly(2026, 11, 27); // a Friday
        var origins = PipelineBacktest.Origins(end, new PipelineBacktestOptions { Origins = 3, StepWeeks = 4, Horizon = 13 });
        // The last Sunday by the end is 11-22; 13 weeks before it: 08-23, whose 13 weeks end on Sunday 11-22.
        Assert.Equal([new DateOnly(2026, 6, 28), new DateOnly(2026, 7, 26), new DateOnly(2026, 8, 23)], origins);
        Assert.All(origins, o => Assert.Equal(DayOfWeek.Sunday, o.DayOfWeek));
        Assert.True(origins[^1].AddDays(7 * 13) <= end);
    }

    [Fact]
    public void Of_SummarisesMeansBiasAndTheShareImproved()
    {
        PipelineBacktestScore Score(long product, double rmsseWith, double rmsseWithout, double unitsWith, double unitsWithout, double actual) =>
            new(new DateOnly(2026, 8, 23), product, true, 0.5, 1, 2, rmsseWith, rmsseWithout, unitsWith, unitsWithout, actual) { TotalErrorWith = 0.1, TotalErrorWithout = 0.3 };
        var group = PipelineBacktestGroup.Of("large", [Score(1, 0.5, 1.0, 90, 50, 100), Score(2, 1.2, 1.0, 110, 60, 100)]);
        Assert.Equal((2, 2), (group.Forecasts, group.Products));
        Assert.Equal(0.85, group.MeanRmsseWith, 12);
        Assert.Equal(0.0, group.BiasWith, 12);
        Assert.Equal(-0.45, group.BiasWithout, 12);
        Assert.Equal(0.5, group.ShareImproved, 12);
        Assert.Equal(0.2, group.MeanTotalErrorWithout - group.MeanTotalErrorWith, 12);
        Assert.Equal(0, PipelineBacktestGroup.Of("none", []).Forecasts);
    }
}
