using Forecast.Modeling.Models.Arima;
using Forecast.Modeling.Series;

namespace Forecast.UnitTests.Models;

public sealed class AutoArimaModelTests
{
    public static TheoryData<int> Series => [.. Enumerable.Range(1, 14)];

    private static T Get<T>(string name) => (T)typeof(ArimaRReference).GetField(name)!.GetValue(null)!;

    private static void Close(double expected, double actual, double relative, string what)
    {
        var tolerance = relative * Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected}, got {actual} (tolerance {tolerance})");
    }

    [Theory]
    [MemberData(nameof(Series))]
    public void FitArima_ChoosesROrdersAndForecastsClose_WhenSearchingStepwise(int index)
    {
        var y = Get<double[]>($"A{index}");
        var expected = Get<int[]>($"A{index}Order");
        var m = ArimaRReference.AutoPeriods[index - 1];
        var fit = new AutoArimaModel().FitArima(new RegularSeries(y, m));
        var o = fit.Order;
        var actual = $"({o.Ar},{o.Diff},{o.Ma})({o.SeasonalAr},{o.SeasonalDiff},{o.SeasonalMa}) constant={fit.HasConstant}";
        Assert.Equal($"({expected[0]},{expected[1]},{expected[2]})({expected[3]},{expected[4]},{expected[5]}) constant={expected[7] == 1}", actual);
        var reference = Get<double[]>($"A{index}MeanLo80");
        var fc = fit.Predict(6, [80]);
        for (var h = 0; h < 6; h++)
        {
            Close(reference[h], fc.Mean[h], 1e-3, $"mean {h}");
            Close(reference[6 + h], fc.Interval(80)!.Lower[h], 1e-3, $"lo80 {h}");
        }
    }

    [Theory]
    [MemberData(nameof(Series))]
    public void Differences_EqualRNdiffsAndNsdiffs_WhenTestingSyntheticSeries(int index)
    {
        var y = Get<double[]>($"A{index}");
        var expected = Get<int[]>($"A{index}Order");
        var m = ArimaRReference.AutoPeriods[index - 1];
        var seasonalD = m > 1 ? UnitRootTests.SeasonalDifferences(y, m) : 0;
        Assert.Equal(expected[8], seasonalD);
        Assert.Equal(expected[9], UnitRootTests.FirstDifferences(seasonalD > 0 ? UnitRootTests.Diff(y, m) : y));
    }

    [Fact]
    public void Kpss_EqualsUrcaStatistic_WhenGivenSyntheticSeries()
    {
        double[][] series = [ArimaRReference.S1, UnitRootTests.Diff(ArimaRReference.S1, 1), ArimaRReference.S3, ArimaRReference.S4];
        for (var i = 0; i < series.Length; i++)
            Close(ArimaRReference.KpssS1S1dS3S4[i], UnitRootTests.Kpss(series[i]), 1e-10, $"series {i}");
    }

    [Fact]
    public void SeasonalStrength_EqualsRSeasHeuristic_WhenGivenMonthlySeries()
    {
        double[][] series = [ArimaRReference.S2, ArimaRReference.S3, ArimaRReference.S4];
        for (var i = 0; i < series.Length; i++)
            Close(ArimaRReference.SeasStrengthS2S3S4[i], UnitRootTests.SeasonalStrength(series[i], 12), 1e-9, $"series {i}");
    }

    [Fact]
    public void FitArima_ReturnsFlatForecast_WhenSeriesIsConstant()
    {
        var fit = new AutoArimaModel().FitArima(new RegularSeries([5, 5, 5, 5, 5, 5, 5, 5], 1));
        var fc = fit.Predict(3, [80]);
        Assert.All(fc.Mean, v => Assert.Equal(5, v, 12));
    }
}
