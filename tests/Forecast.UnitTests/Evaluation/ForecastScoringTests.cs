using Forecast.Modeling.Evaluation;

namespace Forecast.UnitTests.Evaluation;

public sealed class ScoreSummaryTests
{
    // Three forecasts worked by hand: errors +2, −2, +5; scaled errors 2/2 = 1 and 2/4 = 0.5 (the third has no scale);
    // actuals 8 and 6 inside their 80% intervals, 0 below [1, 8].
    private static readonly ScoredForecast[] Three =
    [
        new(Forecast: 10, Actual: 8, Lower80: 5, Upper80: 12, Scale: 2),
        new(Forecast: 4, Actual: 6, Lower80: 5, Upper80: 9, Scale: 4),
        new(Forecast: 5, Actual: 0, Lower80: 1, Upper80: 8, Scale: double.NaN),
    ];

    [Fact]
    public void Of_GivesBiasMaeMaseAndCoverage_OnAHandWorkedSet()
    {
        var s = ScoreSummary.Of(Three);

        Assert.Equal(3, s.Count);
        Assert.Equal(19, s.Forecast, 12);
        Assert.Equal(14, s.Actual, 12);
        Assert.Equal(5.0 / 3, s.MeanError, 12);
        Assert.Equal(5.0 / 14, s.BiasShare, 12);
        Assert.Equal(3, s.Mae, 12);
        Assert.Equal(0.75, s.Mase, 12);
        Assert.Equal(2, s.ScaledCount);
        Assert.Equal(2.0 / 3, s.Coverage80, 12);
    }

    [Fact]
    public void Of_LeavesMaseUndefined_WhenNoForecastHasAScale()
    {
        var s = ScoreSummary.Of([new ScoredForecast(3, 3, 2, 4, 0), new ScoredForecast(1, 2, 0, 3, double.NaN)]);
        Assert.True(double.IsNaN(s.Mase));
        Assert.Equal(0, s.ScaledCount);
        Assert.Equal(0.5, s.Mae, 12);
    }

    [Fact]
    public void Of_LeavesBiasShareUndefined_WhenNothingWasSold() =>
        Assert.True(double.IsNaN(ScoreSummary.Of([new ScoredForecast(2, 0, 0, 3, 1)]).BiasShare));

    [Fact]
    public void Of_IsEmpty_WhenThereIsNothingToScore()
    {
        var s = ScoreSummary.Of([]);
        Assert.Equal(0, s.Count);
        Assert.True(double.IsNaN(s.Mase) && double.IsNaN(s.Coverage80) && double.IsNaN(s.MeanError));
    }

    [Fact]
    public void Covered_IncludesTheBounds() =>
        Assert.True(new ScoredForecast(5, 8, 2, 8, 1).Covered && new ScoredForecast(5, 2, 2, 8, 1).Covered && !new ScoredForecast(5, 8.01, 2, 8, 1).Covered);
}

public sealed class DriftRuleTests
{
    private static readonly double[] EightOnesThenFourTwos = [1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2];

    [Fact]
    public void Evaluate_Drifts_WhenTheRecentLevelExceedsTheFactorTimesTheTrailingOne()
    {
        var d = DriftRule.Evaluate(EightOnesThenFourTwos, factor: 1.3, recent: 4, trailing: 8, minTrailingWeeks: 8);
        Assert.Equal(2, d.RecentMase, 12);
        Assert.Equal(1, d.TrailingMase, 12);
        Assert.Equal(2, d.Ratio, 12);
        Assert.True(d.Drifted);
    }

    [Fact]
    public void Evaluate_DoesNotDrift_WhenTheRatioIsWithinTheFactor() =>
        Assert.False(DriftRule.Evaluate(EightOnesThenFourTwos, factor: 2.5, recent: 4, trailing: 8, minTrailingWeeks: 8).Drifted);

    [Fact]
    public void Evaluate_TrailingWindowEndsWhereTheRecentOneStarts()
    {
        // The recent weeks (3, 3) are not in the trailing level (1, 1, 1): 3 / 1, not 3 / 1.8.
        var d = DriftRule.Evaluate([9, 1, 1, 1, 3, 3], factor: 1.3, recent: 2, trailing: 3, minTrailingWeeks: 3);
        Assert.Equal(1, d.TrailingMase, 12);
        Assert.Equal(3, d.TrailingWeeks);
        Assert.True(d.Drifted);
    }

    [Fact]
    public void Evaluate_ClaimsNothing_WhenTheTrailingWindowHasTooFewScoredWeeks()
    {
        double[] weeks = [1, double.NaN, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2];
        var d = DriftRule.Evaluate(weeks, factor: 1.3, recent: 4, trailing: 8, minTrailingWeeks: 8);
        Assert.Equal(7, d.TrailingWeeks);
        Assert.False(d.Drifted);
    }

    [Fact]
    public void Evaluate_ClaimsNothing_WhenARecentWeekIsMissing() =>
        Assert.False(DriftRule.Evaluate([1, 1, 1, 1, 1, 1, 1, 1, 2, double.NaN, 2, 2], 1.3, 4, 8, 8).Drifted);
}
