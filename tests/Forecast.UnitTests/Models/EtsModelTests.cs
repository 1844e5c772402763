using Forecast.Modeling.Models.Ets;
using Forecast.Modeling.Series;

namespace Forecast.UnitTests.Models;

public sealed class EtsModelTests
{
    public static TheoryData<string, string, int> RModels => new()
    {
        { "mam", "MAM", 12 },
        { "aaa", "AAA", 12 },
        { "aadn", "AAdN", 1 },
        { "mnn", "MNN", 1 },
        { "madn", "MAdN", 1 },
        { "mna", "MNA", 12 },
    };

    private static double[] Series(string label) => label switch
    {
        "mam" or "auto1" => RReference.Ymult,
        "aaa" or "mna" or "auto2" => RReference.Yadd,
        _ => RReference.Ynon,
    };

    private static double[] Get(string name) =>
        (double[])typeof(RReference).GetField(name)!.GetValue(null)!;

    private static string Camel(string label) => char.ToUpperInvariant(label[0]) + label[1..];

    /// <summary>Rebuilds R's fitted model from its par vector (α, β?, γ?, φ?, l, b?, s0..s(m−2)).</summary>
    internal static EtsFit FromR(double[] y, int m, EtsSpec spec, double[] par)
    {
        var k = 0;
        var alpha = par[k++];
        var beta = spec.HasTrend ? par[k++] : 0;
        var gamma = spec.HasSeason ? par[k++] : 0;
        var phi = spec.Trend == EtsTrend.Damped ? par[k++] : 1;
        var states = par[k..].ToList();
        if (spec.HasSeason)
        {
            var s0 = spec.HasTrend ? 2 : 1;
            states.Add((spec.Season == EtsSeason.Multiplicative ? m : 0) - states.Skip(s0).Sum());
        }
        return EtsFit.Create(y, spec.HasSeason ? m : 1, spec, new EtsParameters(alpha, beta, gamma, phi), [.. states], par.Length);
    }

    private static void Close(double expected, double actual, double relative)
    {
        var tolerance = relative * Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected}, got {actual} (tolerance {tolerance})");
    }

    [Theory]
    [MemberData(nameof(RModels))]
    public void Create_ReproducesRLikelihoodAndForecasts_WhenGivenRParameters(string label, string code, int m)
    {
        var y = Series(label);
        var fit = FromR(y, m, EtsSpec.Parse(code), Get(Camel(label) + "Par"));
        var stats = Get(Camel(label) + "LoglikAiccSigma2");
        Close(stats[0], fit.LogLikelihood, 1e-9);
        Close(stats[1], fit.Aicc, 1e-9);
        Close(stats[2], fit.Sigma2, 1e-9);
        var forecast = fit.Predict(Get(Camel(label) + "Mean").Length, [80]);
        var lo = Get(Camel(label) + "Lo80");
        var hi = Get(Camel(label) + "Hi80");
        // R's class1 misplaces γ for no-trend seasonal models (see EtsFit.Variance): compare bounds before step m there.
        var spec = EtsSpec.Parse(code);
        var comparable = spec.HasSeason && !spec.HasTrend && spec.Season == EtsSeason.Additive ? m - 1 : lo.Length;
        for (var i = 0; i < forecast.Mean.Length; i++)
        {
            Close(Get(Camel(label) + "Mean")[i], forecast.Mean[i], 1e-9);
            if (i >= comparable)
                continue;
            Close(lo[i], forecast.Intervals[0].Lower[i], 1e-7);
            Close(hi[i], forecast.Intervals[0].Upper[i], 1e-7);
        }
    }

    [Theory]
    [MemberData(nameof(RModels))]
    public void FitEts_ReachesRLikelihood_WhenOptimisingTheSameModel(string label, string code, int m)
    {
        var y = Series(label);
        var fit = new EtsModel { Spec = EtsSpec.Parse(code) }.FitEts(new RegularSeries(y, m));
        var rLogLik = Get(Camel(label) + "LoglikAiccSigma2")[0];
        // Same start, same Nelder–Mead: the optimum should be R's to many digits.
        Close(rLogLik, fit.LogLikelihood, 1e-6);
        var rPar = Get(Camel(label) + "Par");
        Close(rPar[0], fit.Parameters.Alpha, 1e-4);
    }

    [Theory]
    [InlineData("auto1", 12, "ETS(M,A,M)")]
    [InlineData("auto2", 12, "ETS(A,A,A)")]
    [InlineData("auto3", 1, "ETS(A,N,N)")]
    public void FitEts_ChoosesRModelAndForecastsClose_WhenSelectingByAicc(string label, int m, string expected)
    {
        var y = Series(label);
        var fit = new EtsModel().FitEts(new RegularSeries(y, m));
        Assert.Equal(expected, fit.Description);
        var rMean = Get(Camel(label) + "Mean");
        var mean = fit.Predict(rMean.Length, []).Mean;
        for (var i = 0; i < rMean.Length; i++)
            Close(rMean[i], mean[i], 1e-6);
    }

    [Fact]
    public void FitEts_ExcludesMultiplicativeModels_WhenDataHaveZeros()
    {
        var y = RReference.Yadd.Select((v, i) => i == 5 ? 0 : v).ToArray();
        var candidates = new EtsModel().Candidates(y, 12).ToList();
        Assert.Equal(6, candidates.Count);
        Assert.All(candidates, c => Assert.Equal(EtsError.Additive, c.Error));
        Assert.Equal(15, new EtsModel().Candidates(RReference.Ymult, 12).Count());
    }

    [Fact]
    public void FitEts_ReturnsFlatForecast_WhenSeriesIsConstant()
    {
        var fit = new EtsModel().Fit(new RegularSeries(Enumerable.Repeat(7.0, 30).ToArray(), 12));
        Assert.All(fit.Predict(5, [80]).Mean, v => Assert.Equal(7.0, v));
    }

    [Theory]
    [InlineData(new[] { 1.0, -0.5 }, true)]
    [InlineData(new[] { 1.0, -2.5, 1.0 }, false)]
    [InlineData(new[] { 1.0, 0.0, 0.81 }, true)]
    [InlineData(new[] { 1.0, 0.0, 1.21 }, false)]
    [InlineData(new[] { 1.0, -1.5, 0.56 }, true)]
    public void RootsInUnitDisc_AgreesWithExplicitRoots_WhenPolynomialIsKnown(double[] coefficients, bool expected)
    {
        // z - 0.5; (z-2)(z-0.5); z^2 + 0.81 (|z| = 0.9); z^2 + 1.21 (|z| = 1.1); (z-0.8)(z-0.7).
        Assert.Equal(expected, EtsCore.RootsInUnitDisc(coefficients));
    }
    [Fact]
    public void RootsInUnitDisc_AgreesWithTheRootsItWasBuiltFrom_WhenPolynomialsHaveSeasonalDegree()
    {
        // Monic polynomials of degree 13 (m = 12 plus the level) multiplied out from chosen roots: real ones and
        // conjugate pairs with moduli spread around 1 but never within 2% of it, so the expected answer is unambiguous.
        var random = new Random(20261127);
        for (var trial = 0; trial < 500; trial++)
        {
            // Half the polynomials are stable; the other half have one root (or one pair) just outside the disc.
            var outsideAt = trial % 2 == 0 ? -1 : random.Next(13);
            var roots = new List<System.Numerics.Complex>();
            while (roots.Count < 13)
            {
                var outside = roots.Count == outsideAt || roots.Count + 1 == outsideAt;
                var modulus = outside ? 1.02 + 0.3 * random.NextDouble() : 0.2 + 0.78 * random.NextDouble();
                if (roots.Count <= 11 && random.NextDouble() < 0.7)
                {
                    var angle = Math.PI * random.NextDouble();
                    roots.Add(System.Numerics.Complex.FromPolarCoordinates(modulus, angle));
                    roots.Add(System.Numerics.Complex.FromPolarCoordinates(modulus, -angle));
                }
                else
                {
                    roots.Add(random.NextDouble() < 0.5 ? modulus : -modulus);
                }
            }
            var coefficients = new System.Numerics.Complex[] { 1 };
            foreach (var root in roots)
            {
                var next = new System.Numerics.Complex[coefficients.Length + 1];
                for (var i = 0; i < coefficients.Length; i++)
                {
                    next[i] += coefficients[i];
                    next[i + 1] -= root * coefficients[i];
                }
                coefficients = next;
            }
            var expected = roots.All(r => r.Magnitude < 1);
            Assert.Equal(outsideAt < 0, expected);

            Assert.Equal(expected, EtsCore.RootsInUnitDisc([.. coefficients.Select(c => c.Real)]));
        }
    }
}
