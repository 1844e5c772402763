using Forecast.Modeling.Models.Arima;
using Forecast.Modeling.Series;

namespace Forecast.UnitTests.Models;

public sealed class ArimaModelTests
{
    public static TheoryData<string, int, int[], bool> FixedModels => new()
    {
        { "F1", 1, [1, 1, 1, 0, 0, 0], true },
        { "F2", 12, [0, 1, 1, 0, 1, 1], false },
        { "F3", 12, [2, 0, 1, 1, 0, 0], true },
        { "F4", 12, [1, 0, 0, 0, 1, 1], true },
        { "F5", 1, [0, 2, 2, 0, 0, 0], false },
        { "F6", 12, [1, 0, 1, 0, 0, 2], true },
    };

    private static double[] Get(string name) => (double[])typeof(ArimaRReference).GetField(name)!.GetValue(null)!;

    private static double[] SeriesOf(string label) => label switch
    {
        "F1" or "F5" => ArimaRReference.S1,
        "F2" => ArimaRReference.S2,
        "F3" or "F6" => ArimaRReference.S3,
        _ => ArimaRReference.S4,
    };

    private static void Close(double expected, double actual, double relative, string what)
    {
        var tolerance = relative * Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected}, got {actual} (tolerance {tolerance})");
    }

    [Theory]
    [MemberData(nameof(FixedModels))]
    public void FitArima_MatchesRCoefficientsLikelihoodAndIntervals_WhenOrdersAreFixed(string label, int m, int[] o, bool constant)
    {
        var order = new ArimaOrder(o[0], o[1], o[2], o[3], o[4], o[5], m);
        var fit = new ArimaModel(order, constant).FitArima(new RegularSeries(SeriesOf(label), m));
        var coef = Get(label + "Coef");
        var stats = Get(label + "LoglikAiccSigma2");
        Assert.Equal(coef.Length, fit.Coefficients.Length);
        for (var i = 0; i < coef.Length; i++)
            Close(coef[i], fit.Coefficients[i], 2e-3, $"coef {i}");
        Close(stats[0], fit.LogLikelihood, 1e-5, "loglik");
        Close(stats[1], fit.Aicc, 1e-5, "aicc");
        Close(stats[2], fit.Sigma2, 1e-3, "sigma2");
        var fc = fit.Predict(12, [80]);
        var mean = Get(label + "Mean");
        var lo = Get(label + "Lo80");
        var hi = Get(label + "Hi80");
        for (var h = 0; h < 12; h++)
        {
            Close(mean[h], fc.Mean[h], 1e-4, $"mean {h}");
            Close(lo[h], fc.Interval(80)!.Lower[h], 1e-4, $"lo80 {h}");
            Close(hi[h], fc.Interval(80)!.Upper[h], 1e-4, $"hi80 {h}");
        }
    }
}

public sealed class ArimaStateSpaceTests
{
    public static TheoryData<double[], double[]> Polynomials => new()
    {
        { [0.5], [] },
        { [0.5, -0.3], [0.4] },
        { [0.9], [0.3, 0.2, -0.1] },
        { [1.2, -0.5, 0.1], [0.7] },
        { [0.3, 0, 0, 0.5, -0.15], [-0.4, 0, 0, 0.6, -0.24] },
    };

    [Theory]
    [MemberData(nameof(Polynomials))]
    public void StationaryCovariance_EqualsGardnerAs154_WhenArmaIsStationary(double[] phi, double[] theta)
    {
        var r = Math.Max(phi.Length, theta.Length + 1);
        var ws = new ArimaWorkspace(r, r);
        var gardner = new double[r * r];
        var fast = new double[r * r];
        ArimaStateSpace.GetQ0(phi, theta, gardner, ws);
        ArimaStateSpace.StationaryCovariance(phi, theta, fast, ws);
        for (var i = 0; i < r * r; i++)
            Assert.True(Math.Abs(gardner[i] - fast[i]) <= 1e-9 * Math.Max(1, Math.Abs(gardner[i])), $"entry {i}: AS 154 {gardner[i]}, autocovariance route {fast[i]}");
    }

    [Fact]
    public void InvPartrans_InvertsPartrans_WhenArIsStationary()
    {
        double[] raw = [0.4, -1.1, 0.7];
        var ar = new double[3];
        var back = new double[3];
        ArimaStateSpace.Partrans(3, raw, ar);
        Assert.True(ArimaStateSpace.ArIsStationary(ar));
        ArimaStateSpace.InvPartrans(3, ar, back);
        for (var i = 0; i < 3; i++)
            Assert.Equal(raw[i], back[i], 12);
    }

    [Fact]
    public void MaInvert_ReflectsRootsInsideUnitCircle_WhenMaIsNotInvertible()
    {
        // 1 + 2.5z + z² = (1 + 2z)(1 + 0.5z): the root −0.5 is reflected to −2, giving (1 + 0.5z)² = 1 + z + 0.25z².
        double[] ma = [2.5, 1];
        ArimaStateSpace.MaInvert(ma);
        Assert.Equal(1.0, ma[0], 10);
        Assert.Equal(0.25, ma[1], 10);
        double[] single = [4];
        ArimaStateSpace.MaInvert(single);
        Assert.Equal(0.25, single[0], 12);
    }

    [Fact]
    public void Delta_ExpandsDifferencingPolynomial_WhenSeasonalAndFirstDifferences()
    {
        // (1 − B)(1 − B⁴) = 1 − B − B⁴ + B⁵ → Δ = (1, 0, 0, 1, −1).
        Assert.Equal([1.0, 0, 0, 1, -1], ArimaStateSpace.Delta(1, 1, 4));
    }
}
