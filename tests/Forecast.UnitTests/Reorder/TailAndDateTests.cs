using Forecast.Modeling.Reorder;

namespace Forecast.UnitTests.Reorder;

/// <summary>
/// A silence of many cycles: probabilities from log-survivals (exact where the survival underflows), and no date beyond
/// the date horizon (issue 10: dates clamped to a 2126 day with P(order within 30 days) = 0.98).
/// </summary>
public class TailAndDateTests
{
    private const int AsOf = 740_000;

    [Theory]
    [InlineData(3.0)]
    [InlineData(1e3)]
    [InlineData(1e10)]
    [InlineData(1e100)]
    public void LogSurvival_MatchesTheCauchyClosedForm_FarIntoTheTail(double k)
    {
        // df = 1: P(T > k) = atan(1/k) / pi.
        Assert.Equal(Math.Log(Math.Atan(1 / k) / Math.PI), StudentTTail.LogUpper(k, 1), 10);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(40.0)]
    [InlineData(1e20)]
    [InlineData(1e150)]
    public void LogSurvival_MatchesTheTwoDegreesClosedForm_FarIntoTheTail(double k)
    {
        // df = 2: P(T > k) = (1 - k / sqrt(k^2 + 2)) / 2 = 1 / (r (r + k)) with r = sqrt(k^2 + 2), no cancellation.
        var r = Math.Sqrt(k * k + 2);

        Assert.Equal(-Math.Log(r) - Math.Log(r + k), StudentTTail.LogUpper(k, 2), 10);
    }

    [Fact]
    public void LogSurvival_AgreesWithMathNet_WhereTheSurvivalIsRepresentable()
    {
        foreach (var df in new[] { 3.0, 30, 1000 })
        {
            foreach (var k in new[] { -3.0, -0.2, 0.2, 2, 12 })
                Assert.Equal(Math.Log(MathNet.Numerics.Distributions.StudentT.CDF(0, 1, df, -k)), new LogStudentT(0, 1, df).LogSurvival(Math.Exp(k)), 9);
        }
    }

    [Fact]
    public void InverseLogSurvival_UndoesLogSurvival_WhereTheSurvivalUnderflows()
    {
        // A gap law like a very regular pair's: 20 days, 2% spread, df 1000. At 400 days P(gap > v) is about e^-1600.
        var d = new LogStudentT(Math.Log(20), 0.02, 1000);

        var logSurvival = d.LogSurvival(400);

        Assert.Equal(0, d.Survival(400));
        Assert.InRange(logSurvival, -5000, -800);
        Assert.Equal(400, d.InverseLogSurvival(logSurvival), 6);
        Assert.True(d.LogSurvival(401) < logSurvival);
    }

    [Fact]
    public void Predict_LeavesEveryDateNull_WhenThePairHasProbablyStopped()
    {
        // Issue 10's pair: orders every ~20 days, last order 396 days ago, while its customer still buys other products.
        var pairs = SyntheticPairs.Draw(seed: 2, customers: 120, products: 6, AsOf, dropout: 0).Select(t => t.Pair).ToList();
        var churned = Every(9999, 1, cycle: 20, orders: 19, lastDaysAgo: 396);
        pairs.AddRange([churned, Every(9999, 2, cycle: 20, orders: 30, lastDaysAgo: 5)]);
        var model = ReorderModel.Fit(pairs, AsOf);

        var f = model.Predict(churned, 30);

        Assert.True(f.ProbabilityWithinHorizon < 0.01, $"P(order within 30 days) = {f.ProbabilityWithinHorizon}");
        Assert.Null(f.PredictedDay);
        Assert.Null(f.P10Day);
        Assert.Null(f.P25Day);
        Assert.Null(f.P75Day);
        Assert.Null(f.P90Day);
        Assert.Equal(AsOf + 730, f.LastExpectedDay);
        // Late by its own cycle: the cycle's P90 lies in the past, which the at-risk reminder needs.
        Assert.NotNull(f.CycleP90Day);
        Assert.True(f.CycleP90Day < AsOf - 300);
        Assert.True(f.WindowP10Day > AsOf && f.WindowP90Day <= AsOf + 30);
    }

    [Fact]
    public void Predict_LeavesOnlyTheLateQuantilesNull_WhenTheyFallBeyondTheDateHorizon()
    {
        // Two orders 60 days apart, the last 50 days ago: due in about a week, P90 in about 18 days. A 15-day date horizon.
        var pairs = SyntheticPairs.Draw(seed: 5, customers: 120, products: 6, AsOf, dropout: 0.1).Select(t => t.Pair).ToList();
        var pair = new PairHistory(9101, 2, [AsOf - 110, AsOf - 50], [3, 3]);
        pairs.Add(pair);
        var model = ReorderModel.Fit(pairs, AsOf, new ReorderModelOptions { DateHorizonDays = 15, DateHorizonCycles = 0 });

        var f = model.Predict(pair, 30);

        Assert.Equal(AsOf + 15, f.LastExpectedDay);
        Assert.NotNull(f.P10Day);
        Assert.Null(f.P90Day);
        int?[] dates = [f.PredictedDay, f.P10Day, f.P25Day, f.P75Day, f.P90Day];
        Assert.All(dates.Where(d => d is not null), d => Assert.InRange(d!.Value, AsOf + 1, AsOf + 15));
        Assert.Equal(AsOf + 16, ReorderCall.From(f).P90Day);
    }

    [Fact]
    public void Predict_ExtendsTheDateHorizon_WhenTheCycleIsLong()
    {
        // A part bought every 400 days (typical cycle about 300 after pooling with 30-day products): its dates may reach
        // three cycles ahead, past the two-year floor.
        var pairs = SyntheticPairs.Draw(seed: 6, customers: 120, products: 6, AsOf, dropout: 0.1).Select(t => t.Pair).ToList();
        var pair = Every(9201, 3, cycle: 400, orders: 6, lastDaysAgo: 10);
        pairs.Add(pair);
        var model = ReorderModel.Fit(pairs, AsOf);

        var f = model.Predict(pair, 30);

        Assert.InRange(f.LastExpectedDay - AsOf, 3 * f.TypicalCycleDays, 3 * f.TypicalCycleDays + 1);
        Assert.True(f.LastExpectedDay > AsOf + 730);
        Assert.NotNull(f.PredictedDay);
        Assert.InRange(f.PredictedDay!.Value - AsOf, 250, 450);
        Assert.NotNull(f.P90Day);
    }

    [Fact]
    public void Predict_DatesAgreeWithTheProbability_WhenTheSurvivalUnderflows()
    {
        // Renewal only (no activity, no dropout), a very regular 20-day gap law, silent 396 days: P(gap > silence)
        // underflows. Given that the pair is alive (this model says nothing else), such a light-tailed law says the order
        // is imminent. Before, the ratio of survivals read 0/0 -> P = 0 while every date was clamped 100 years ahead.
        var model = new ReorderModel(RenewalOnly(withinDf: 1000, withinScale: 0.0004));
        var pair = Every(1, 1, cycle: 20, orders: 20, lastDaysAgo: 396);

        var f = model.Predict(pair, 30);

        Assert.Equal(0, model.Parameters.Gaps.Predictive(1, 1, ReorderModel.LogGaps(pair)).Survival(396.5));
        Assert.InRange(f.ProbabilityWithinHorizon, 0.5, 1);
        Assert.NotNull(f.PredictedDay);
        Assert.InRange(f.PredictedDay!.Value, AsOf + 1, AsOf + 30);
        Assert.True(f.P10Day <= f.PredictedDay && f.PredictedDay <= f.P90Day);
    }

    [Fact]
    public void Predict_GivesTheSmallHazardOfAHeavyTail_WhenSilenceIsManyCycles()
    {
        // One gap of 20 days and a prior with 3 degrees of freedom: the predictive is log-t(3), whose closed form is
        // P(T > k) = 1/2 - (atan(k / sqrt 3) + (k / sqrt 3) / (1 + k^2 / 3)) / pi. Silent 20 cycles: a small hazard.
        var model = new ReorderModel(RenewalOnly(withinDf: 3, withinScale: 0.25));
        var pair = Every(1, 1, cycle: 20, orders: 2, lastDaysAgo: 400);
        var predictive = model.Parameters.Gaps.Predictive(1, 1, ReorderModel.LogGaps(pair));

        var f = model.Predict(pair, 30);

        Assert.Equal(3, predictive.Df);
        double Upper(double v)
        {
            var k = (Math.Log(v) - predictive.Location) / predictive.Scale / Math.Sqrt(3);
            return 0.5 - (Math.Atan(k) + k / (1 + k * k)) / Math.PI;
        }
        Assert.Equal(1 - Upper(430.5) / Upper(400.5), f.ProbabilityWithinHorizon, 9);
        Assert.InRange(f.ProbabilityWithinHorizon, 0.01, 0.25);
    }

    private static PairHistory Every(long customer, long product, int cycle, int orders, int lastDaysAgo) =>
        new(customer, product, Enumerable.Range(0, orders).Select(i => AsOf - lastDaysAgo - cycle * (orders - 1 - i)).ToArray(),
            Enumerable.Repeat(4.0, orders).ToArray());

    /// <summary>A hand-built model with only the renewal part: one gap law around 20 days, no activity models, no dropout.</summary>
    private static ReorderModelParameters RenewalOnly(double withinDf, double withinScale)
    {
        var gaps = new LogNormalHierarchy(Math.Log(20), 0.01, 0, 0, withinScale, withinDf, new Dictionary<long, EffectEstimate>(), new Dictionary<long, EffectEstimate>());
        var report = new LogNormalHierarchyReport(1, 1, null, 0, true);
        var options = new ReorderModelOptions { UseCustomerActivity = false, UseProductActivity = false, UsePairDropout = false };
        return new ReorderModelParameters(AsOf, options, null, null, new Dictionary<long, OrderActivity>(), gaps, gaps, null,
            new ReorderFitReport(1, 1, 1, report, report, null));
    }
}
