using Forecast.Modeling.Models;
using Forecast.Modeling.Models.Intermittent;
using Forecast.Modeling.Models.Theta;
using Forecast.Modeling.Series;

namespace Forecast.UnitTests.Models;

public sealed class StatisticalBaselinesTests
{
    private static void Close(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double relative)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var tolerance = relative * Math.Max(1, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"step {i + 1}: expected {expected[i]}, got {actual[i]}");
        }
    }

    [Fact]
    public void Naive_MatchesR_WhenForecastingARandomWalk()
    {
        var f = new NaiveModel().Fit(new RegularSeries(RReference.Ynon)).Predict(5, [80]);
        Close(RReference.NaiveMean, f.Mean, 1e-12);
        Close(RReference.NaiveLo80, f.Intervals[0].Lower, 1e-9);
    }

    [Fact]
    public void SeasonalNaive_MatchesR_WhenSeriesIsMonthly()
    {
        var f = new SeasonalNaiveModel().Fit(new RegularSeries(RReference.Yadd, 12)).Predict(14, [80]);
        Close(RReference.SnaiveMean, f.Mean, 1e-12);
        Close(RReference.SnaiveLo80, f.Intervals[0].Lower, 1e-9);
    }

    [Fact]
    public void RandomWalkWithDrift_MatchesR_WhenSeriesDrifts()
    {
        var f = new RandomWalkWithDriftModel().Fit(new RegularSeries(RReference.Ynon)).Predict(5, [80]);
        Close(RReference.RwdMean, f.Mean, 1e-9);
        Close(RReference.RwdLo80, f.Intervals[0].Lower, 1e-9);
    }

    [Fact]
    public void HistoricAverage_MatchesR_WhenUsingStudentT()
    {
        var f = new HistoricAverageModel().Fit(new RegularSeries(RReference.Ynon)).Predict(3, [80]);
        Close(RReference.MeanMean, f.Mean, 1e-12);
        Close(RReference.MeanLo80, f.Intervals[0].Lower, 1e-9);
    }

    [Fact]
    public void WindowAverage_AveragesLastValues_WhenWindowIsShorterThanSeries()
    {
        var f = new WindowAverageModel(3).Fit(new RegularSeries([1.0, 2, 3, 10, 20, 30])).Predict(2, []);
        Close([20.0, 20.0], f.Mean, 1e-12);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Theta_MatchesRThetaf_WhenSeriesIsSeasonalOrNot(bool seasonal)
    {
        var series = seasonal ? new RegularSeries(RReference.Ymult, 12) : new RegularSeries(RReference.Ynon, 1);
        var h = seasonal ? 14 : 8;
        var f = new ThetaModel().Fit(series).Predict(h, [80]);
        Close(seasonal ? RReference.Theta1Mean : RReference.Theta3Mean, f.Mean, 1e-6);
        Close(seasonal ? RReference.Theta1Lo80 : RReference.Theta3Lo80, f.Intervals[0].Lower, 1e-6);
        Close(seasonal ? RReference.Theta1Hi80 : RReference.Theta3Hi80, f.Intervals[0].Upper, 1e-6);
    }

    private static readonly double[] Intermittent = [0, 0, 3, 0, 0, 0, 5, 0, 2, 0, 0, 0, 0, 4, 0, 0, 1, 0, 0, 0, 6, 0, 0, 3, 0, 0, 0, 0, 2, 0, 0, 5, 0, 0, 0, 1, 0, 0, 4, 0];

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.2)]
    public void Croston_MatchesR_WhenAlphaIsFixed(double alpha)
    {
        var f = new CrostonModel(CrostonVariant.Classic, alpha).Fit(new RegularSeries(Intermittent)).Predict(3, []);
        Close(alpha == 0.1 ? RReference.Croston : RReference.CrostonA02, f.Mean, 1e-12);
    }

    [Fact]
    public void Sba_ShrinksCroston_ByOneMinusHalfAlpha()
    {
        var croston = new CrostonModel().Fit(new RegularSeries(Intermittent)).Predict(1, []).Mean[0];
        var sba = new CrostonModel(CrostonVariant.Sba).Fit(new RegularSeries(Intermittent)).Predict(1, []).Mean[0];
        Assert.Equal(RReference.Croston[0] * 0.95, sba, 12);
        Assert.Equal(croston * 0.95, sba, 12);
    }

    [Fact]
    public void Tsb_DecaysProbability_WhenDemandStops()
    {
        double[] y = [5, 5, 5, 5, 0, 0, 0, 0, 0, 0];
        var f = new TsbModel(0.1, 0.1).Fit(new RegularSeries(y)).Predict(1, []).Mean[0];
        // p starts at 0.4, rises with four demands and decays six times; the size stays 5.
        var p = 0.4;
        for (var t = 0; t < 10; t++)
            p += 0.1 * ((t < 4 ? 1 : 0) - p);
        Assert.Equal(p * 5, f, 12);
    }

    [Fact]
    public void Adida_SpreadsBucketForecast_WhenDemandIsRegularlySpaced()
    {
        // Demand of 6 every third period: buckets of 3 all hold 6, so SES gives 6 per bucket = 2 per period.
        var y = Enumerable.Range(0, 30).Select(i => i % 3 == 2 ? 6.0 : 0).ToArray();
        Assert.Equal(2.0, new AdidaModel().Fit(new RegularSeries(y)).Predict(1, []).Mean[0], 9);
    }

    [Fact]
    public void Imapa_AveragesAggregationLevels_WhenDemandIsRegularlySpaced()
    {
        // Levels 1..3; every level sees a constant bucket total except level 1 and 2, whose SES levels are checked against an independent average.
        var y = Enumerable.Range(0, 30).Select(i => i % 3 == 2 ? 6.0 : 0).ToArray();
        var f = new ImapaModel().Fit(new RegularSeries(y)).Predict(4, [80]);
        Assert.All(f.Mean, v => Assert.InRange(v, 1.0, 3.0));
        Assert.All(f.Intervals[0].Lower, v => Assert.True(v >= 0));
    }

    [Fact]
    public void IntermittentModels_NeverForecastNegative_WhenDemandIsSparse()
    {
        var series = new RegularSeries(Intermittent);
        IForecastModel[] models = [new CrostonModel(), new CrostonModel(CrostonVariant.Sba), new TsbModel(), new AdidaModel(), new ImapaModel()];
        foreach (var model in models)
        {
            var f = model.Fit(series).Predict(6, [80, 95]);
            Assert.All(f.Mean, v => Assert.True(v >= 0, model.Name));
            Assert.All(f.Intervals.SelectMany(i => i.Lower), v => Assert.True(v >= 0, model.Name));
        }
    }
}
