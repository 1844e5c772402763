using Forecast.Modeling.WinRates;

namespace Forecast.UnitTests.WinRates;

public sealed class PairedBootstrapTests
{
    [Fact]
    public void PairedBootstrap_GivesZeroDifference_WhenBothModelsAreTheSame()
    {
        var random = new Random(1);
        var p = Enumerable.Range(0, 300).Select(_ => random.NextDouble()).ToArray();
        var y = p.Select(x => random.NextDouble() < x).ToArray();
        var d = BinaryMetrics.PairedBootstrap(p, p, y, resamples: 200);
        Assert.Equal(new Difference(0, 0, 0), d.Auc);
        Assert.Equal(new Difference(0, 0, 0), d.LogLoss);
    }

    [Fact]
    public void PairedBootstrap_ExcludesZero_WhenOneModelIsClearlyBetter()
    {
        var random = new Random(2);
        var truth = Enumerable.Range(0, 500).Select(_ => random.NextDouble()).ToArray();
        var y = truth.Select(x => random.NextDouble() < x).ToArray();
        var constant = truth.Select(_ => 0.5).ToArray();
        var d = BinaryMetrics.PairedBootstrap(truth, constant, y, resamples: 300);
        Assert.True(d.Auc.Low > 0, $"{d.Auc}");
        Assert.True(d.Brier.High < 0, $"{d.Brier}");
        Assert.InRange(d.Auc.Estimate, d.Auc.Low, d.Auc.High);
    }
}
