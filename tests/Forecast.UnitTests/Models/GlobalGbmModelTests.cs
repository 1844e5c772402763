using Forecast.Modeling.Models.Global;
using Forecast.Modeling.Series;

namespace Forecast.UnitTests.Models;

public sealed class GlobalGbmModelTests
{
    [Fact]
    public void Predict_FollowsExternalRegressor_WhenDemandIsDrivenByIt()
    {
        // Demand = 10 × pipeline (an external regressor known for the future) + small noise, across 40 series.
        var rng = new Random(7);
        const int n = 60, h = 4;
        var series = new List<GlobalSeries>();
        var futurePipeline = new List<double[]>();
        for (var i = 0; i < 40; i++)
        {
            var x = new double[n + h, 1];
            for (var t = 0; t < n + h; t++)
                x[t, 0] = rng.Next(0, 5);
            var y = Enumerable.Range(0, n).Select(t => 10 * x[t, 0] + rng.NextDouble()).ToArray();
            series.Add(new GlobalSeries(new RegularSeries(y), null, x));
            futurePipeline.Add([.. Enumerable.Range(n, h).Select(t => x[t, 0])]);
        }
        var forecasts = new GlobalGbmModel { Lags = 3, RollingWindows = [3], Trees = 100 }.Fit(series).Predict(h, [80]);
        var errors = new List<double>();
        for (var i = 0; i < series.Count; i++)
        {
            for (var k = 0; k < h; k++)
                errors.Add(Math.Abs(forecasts[i].Mean[k] - 10 * futurePipeline[i][k]));
        }
        // Ignoring the regressor would cost about 12 per step (the mean absolute deviation of 10·x); using it, about 1.
        Assert.True(errors.Average() < 4, $"mean abs error {errors.Average()}");
    }

    [Fact]
    public void Predict_ScalesEachSeries_WhenLevelsDifferByOrdersOfMagnitude()
    {
        var series = Enumerable.Range(0, 30).Select(i =>
        {
            var scale = Math.Pow(10, i % 4);
            return new GlobalSeries(new RegularSeries([.. Enumerable.Range(0, 48).Select(t => scale * (2 + Math.Sin(2 * Math.PI * t / 12)))], 12));
        }).ToList();
        var forecasts = new GlobalGbmModel().Fit(series).Predict(12, [80]);
        for (var i = 0; i < series.Count; i++)
        {
            var scale = Math.Pow(10, i % 4);
            for (var k = 0; k < 12; k++)
            {
                var expected = scale * (2 + Math.Sin(2 * Math.PI * (48 + k) / 12));
                Assert.InRange(forecasts[i].Mean[k], expected - 0.3 * scale, expected + 0.3 * scale);
            }
        }
    }

    [Fact]
    public void Fit_Throws_WhenSeriesDisagreeOnRegressors()
    {
        var a = new GlobalSeries(new RegularSeries([1.0, 2, 3]), null, new double[4, 1]);
        var b = new GlobalSeries(new RegularSeries([1.0, 2, 3]));
        Assert.Throws<ArgumentException>(() => new GlobalGbmModel().Fit([a, b]));
    }
}
