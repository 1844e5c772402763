using Forecast.Modeling.WinRates;

namespace Forecast.UnitTests.WinRates;

public sealed class CalibrationTests
{
    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static (double[] Scores, bool[] Labels) Logistic(int n, Func<double, double> truth, int seed)
    {
        var random = new Random(seed);
        var scores = Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 6) - 3).ToArray();
        var labels = scores.Select(s => random.NextDouble() < truth(s)).ToArray();
        return (scores, labels);
    }

    [Fact]
    public void Platt_RecoversTheGeneratingCurve_WhenLabelsAreLogistic()
    {
        var (scores, labels) = Logistic(20000, s => Sigmoid((2 * s) - 0.5), seed: 1);
        var platt = PlattCalibrator.Fit(scores, labels);
        // 20,000 draws: the fitted curve is within sampling error (about 0.01) of the truth.
        foreach (var s in new[] { -2.0, -0.5, 0, 0.5, 2 })
            Assert.InRange(platt.Probability(s) - Sigmoid((2 * s) - 0.5), -0.02, 0.02);
    }

    [Fact]
    public void Platt_KeepsOnlyTheBaseRate_WhenScoresRankBackwards()
    {
        var (scores, labels) = Logistic(5000, s => Sigmoid(-s), seed: 2);
        var platt = PlattCalibrator.Fit(scores, labels);
        Assert.Equal(0, platt.A);
        Assert.Equal(platt.Probability(-3), platt.Probability(3), 12);
        Assert.InRange(platt.Probability(0) - (labels.Count(l => l) / 5000.0), -0.005, 0.005);
    }

    [Fact]
    public void Isotonic_PoolsAdjacentViolators_WhenLabelsOutOfOrder()
    {
        // y = 1,0,0,1,1,1 by score: the first three pool to 1 of 3, the last three to 3 of 3; each block is shrunk
        // towards the overall 4 of 6 with the weight of two deals: (1 + 2·2/3) / 5 and (3 + 2·2/3) / 5.
        var isotonic = IsotonicCalibrator.Fit([1, 2, 3, 4, 5, 6], [true, false, false, true, true, true]);
        Assert.Equal(7.0 / 15.0, isotonic.Probability(1), 12);
        Assert.Equal(7.0 / 15.0, isotonic.Probability(2), 12);
        Assert.Equal(13.0 / 15.0, isotonic.Probability(6), 12);
        Assert.True(isotonic.Probability(3.5) > 7.0 / 15.0 && isotonic.Probability(3.5) < 13.0 / 15.0);
    }

    [Fact]
    public void Isotonic_NeverSaysOneInAThousand_WhenABlockOfFewDealsAllLost()
    {
        // The field report: an ordinary deal scored 0.001 because the lowest isotonic block had no win.
        double[] scores = [.. Enumerable.Range(0, 60).Select(i => i / 60.0)];
        bool[] labels = [.. Enumerable.Range(0, 60).Select(i => i >= 8 && i % 3 != 0)];

        var isotonic = IsotonicCalibrator.Fit(scores, labels);

        Assert.InRange(isotonic.Probability(-5), 0.05, 0.2);
        Assert.True(isotonic.Probability(0) < isotonic.Probability(0.9));
    }

    [Fact]
    public void Platt_TakesScoresBeyondThoseItWasFittedOn_AtTheNearestEnd()
    {
        var random = new Random(3);
        double[] scores = [.. Enumerable.Range(0, 400).Select(_ => random.NextDouble() * 4 - 2)];
        bool[] labels = [.. scores.Select(s => random.NextDouble() < 1 / (1 + Math.Exp(-2 * s)))];

        var platt = PlattCalibrator.Fit(scores, labels);

        // A deal unlike any calibration deal (a score of -40) is no more certain than the most extreme one seen.
        Assert.Equal(platt.Probability(scores.Min()), platt.Probability(-40), 12);
        Assert.Equal(platt.Probability(scores.Max()), platt.Probability(40), 12);
        Assert.True(platt.Probability(-40) > 0.005);
    }

    [Fact]
    public void FitBest_ChoosesIsotonic_WhenTheTruthIsAStep()
    {
        var (scores, labels) = Logistic(6000, s => s < 0 ? 0.2 : 0.8, seed: 3);
        Assert.IsType<IsotonicCalibrator>(ScoreCalibrator.FitBest(scores, labels));
    }

    [Fact]
    public void FitBest_ChoosesPlatt_WhenTooFewRowsToCompare()
    {
        var (scores, labels) = Logistic(60, s => s < 0 ? 0.2 : 0.8, seed: 4);
        Assert.IsType<PlattCalibrator>(ScoreCalibrator.FitBest(scores, labels));
    }
}
