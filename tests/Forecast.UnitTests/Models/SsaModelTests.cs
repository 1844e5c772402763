using Forecast.Modeling.Models.Optimization;
using Forecast.Modeling.Models.Ssa;
using Forecast.Modeling.Series;

namespace Forecast.UnitTests.Models;

public sealed class SsaModelTests
{
    [Fact]
    public void Predict_ContinuesASinusoid_WhenSeriesIsNoiseFree()
    {
        // A sinusoid plus a constant spans rank 3 and satisfies an exact linear recurrence.
        Func<int, double> f = t => 50 + 10 * Math.Sin(2 * Math.PI * t / 12);
        var y = Enumerable.Range(0, 96).Select(f).ToArray();
        var forecast = new SsaModel { WindowSize = 24, Rank = 3 }.Fit(new RegularSeries(y, 12)).Predict(12, [95]);
        for (var h = 0; h < 12; h++)
            Assert.Equal(f(96 + h), forecast.Mean[h], 6);
    }

    [Fact]
    public void Fit_UsesOnlyTrainSizeLastPoints_WhenTrainSizeIsSet()
    {
        // The first half is a different level; training on the last 48 points must not see it.
        var y = Enumerable.Range(0, 96).Select(t => t < 48 ? 1000.0 : 10 + Math.Sin(t)).ToArray();
        var forecast = new SsaModel { WindowSize = 12, TrainSize = 48, Rank = 1 }.Fit(new RegularSeries(y)).Predict(1, []);
        Assert.InRange(forecast.Mean[0], 5, 15);
    }
}

public sealed class NelderMeadTests
{
    private sealed class Rosenbrock : IObjective
    {
        public double Evaluate(ReadOnlySpan<double> x) => 100 * Math.Pow(x[1] - x[0] * x[0], 2) + Math.Pow(1 - x[0], 2);
    }

    [Fact]
    public void Minimize_FindsRosenbrockMinimum_WhenStartedAtTheClassicPoint()
    {
        // R: optim(c(-1.2, 1), fr) reaches 8.825241e-08 at (1.000260, 1.000506) with the same algorithm.
        double[] x = [-1.2, 1];
        var result = NelderMead.Minimize(new Rosenbrock(), x, 500);
        Assert.Equal(1.000260, x[0], 5);
        Assert.Equal(1.000506, x[1], 5);
        Assert.True(result.Value < 1e-6);
    }
}
