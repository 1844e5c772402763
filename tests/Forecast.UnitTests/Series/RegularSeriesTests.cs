using Forecast.Modeling.Series;

namespace Forecast.UnitTests.Series;

public sealed class RegularSeriesTests
{
    [Fact]
    public void Values_InterpolatesInteriorGapsAndTrimsLeadingOnes_WhenValuesAreMissing()
    {
        var s = new RegularSeries([double.NaN, 2, double.NaN, double.NaN, 8, 9, double.NaN], 1);
        Assert.Equal([2.0, 4, 6, 8, 9, 9], s.Values);
        Assert.Equal(1, s.LeadingMissing);
        Assert.Equal(3, s.MissingCount);
    }

    [Fact]
    public void Constructor_Throws_WhenNothingIsObserved() =>
        Assert.Throws<ArgumentException>(() => new RegularSeries([double.NaN, double.NaN]));

    [Fact]
    public void Head_KeepsSeasonLength_WhenCuttingATrainingWindow()
    {
        var s = new RegularSeries([1.0, 2, 3, 4, 5], 4).Head(3);
        Assert.Equal([1.0, 2, 3], s.Values);
        Assert.Equal(4, s.SeasonLength);
    }
}

public sealed class DemandClassifierTests
{
    [Theory]
    [InlineData(new[] { 5.0, 6, 5, 6, 5, 6 }, DemandPattern.Smooth)]
    [InlineData(new[] { 1.0, 20, 1, 30, 2, 25 }, DemandPattern.Erratic)]
    [InlineData(new[] { 0.0, 5, 0, 0, 5, 0, 0, 6 }, DemandPattern.Intermittent)]
    [InlineData(new[] { 0.0, 1, 0, 0, 30, 0, 0, 2 }, DemandPattern.Lumpy)]
    public void Classify_ReturnsSyntetosBoylanClass_WhenAdiAndCv2Differ(double[] y, DemandPattern expected) =>
        Assert.Equal(expected, DemandClassifier.Classify(y).Pattern);

    [Fact]
    public void Classify_ComputesAdiAsPeriodsPerDemand_WhenHalfThePeriodsHaveDemand()
    {
        var p = DemandClassifier.Classify([0.0, 2, 0, 4]);
        Assert.Equal(2.0, p.Adi);
        // sizes 2 and 4: mean 3, population variance 1, CV² = 1/9.
        Assert.Equal(1.0 / 9, p.Cv2, 12);
    }
}

public sealed class DecompositionTests
{
    [Fact]
    public void SeasonalIndices_RecoversAdditivePattern_WhenSeriesIsTrendPlusSeason()
    {
        double[] pattern = [3, -1, -2, 0];
        var y = Enumerable.Range(0, 24).Select(t => 10 + 0.5 * t + pattern[t % 4]).ToArray();
        var s = Decomposition.SeasonalIndices(y, 4, multiplicative: false);
        for (var t = 0; t < 4; t++)
            Assert.Equal(pattern[t], s[t], 9);
    }

    [Fact]
    public void IsSeasonal_DetectsStrongSeason_AndFlagsAboutTenPercentOfNoise()
    {
        var seasonal = Enumerable.Range(0, 48).Select(t => 100 + 20 * Math.Sin(2 * Math.PI * t / 12)).ToArray();
        Assert.True(Decomposition.IsSeasonal(seasonal, 12));
        // |r_m| > 1.645·se is a 10% two-sided test: white noise is flagged about one time in ten.
        var rng = new Random(3);
        var flagged = Enumerable.Range(0, 400)
            .Count(_ => Decomposition.IsSeasonal(Enumerable.Range(0, 120).Select(_ => 100 + rng.NextDouble()).ToArray(), 12));
        Assert.InRange(flagged / 400.0, 0.04, 0.18);
    }
}
