using Forecast.Modeling.WinRates;

namespace Forecast.UnitTests.WinRates;

public sealed class BetaBinomialTests
{
    [Fact]
    public void LogLikelihood_EqualsUniformProbability_WhenPriorIsBetaOneOne()
    {
        // Beta-binomial(n, 1, 1) is uniform on 0..n: P = 1 / (n + 1).
        Assert.Equal(-Math.Log(11), BetaBinomial.LogLikelihood(3, 10, 1, 1), 10);
    }

    [Fact]
    public void FitPriorStrength_MatchesGridSearch_WhenGroupsDiffer()
    {
        // Reference: the same marginal likelihood maximised by a 10^-4 grid on log κ in Python (math.lgamma): κ = 4.882.
        (int Won, int Closed)[] counts = [(3, 10), (7, 12), (1, 9), (12, 20), (4, 4), (0, 6), (9, 15), (5, 11)];
        var mu = 41.0 / 87.0;
        var kappa = BetaBinomial.FitPriorStrength(counts.Select(c => (new WinCount(c.Won, c.Closed), mu)).ToArray(), fallback: 20);
        Assert.Equal(4.882, kappa, 2);
    }

    [Fact]
    public void FitPriorStrength_IsLarge_WhenEveryGroupHasTheSameRate()
    {
        var groups = Enumerable.Range(0, 10).Select(_ => (new WinCount(50, 100), 0.5)).ToArray();
        Assert.True(BetaBinomial.FitPriorStrength(groups, fallback: 20) > 1000);
    }

    [Fact]
    public void FitPriorStrength_ReturnsFallback_WhenTooFewGroups()
    {
        var groups = new[] { (new WinCount(5, 10), 0.5), (new WinCount(1, 10), 0.5) };
        Assert.Equal(20, BetaBinomial.FitPriorStrength(groups, fallback: 20));
    }

    [Fact]
    public void PosteriorMean_AddsPseudoDeals_WhenCalled()
    {
        // (3 + 10·0.5) / (4 + 10) = 8 / 14.
        Assert.Equal(8.0 / 14.0, BetaBinomial.PosteriorMean(new WinCount(3, 4), 0.5, 10), 12);
    }
}
