using Forecast.Modeling.Lifetimes;

namespace Forecast.UnitTests.Lifetimes;

public class GammaGammaTests
{
    // Fader, Hardie & Lee (2005, JMR) on the CDNOW sample's 946 repeat buyers; lifetimes' tests assert the same.
    private static readonly GammaGammaParameters Published = new(6.25, 3.74, 15.44);

    [Fact]
    public void Fit_MatchesPublishedParametersWithinOnePercent_WhenGivenCdnowRepeatBuyers()
    {
        var fit = GammaGammaFitter.Fit(CdnowFixture.Spend);

        Assert.True(fit.Report.Converged, fit.Report.ToString());
        Assert.Equal(946, fit.Customers);
        AssertWithinRelative(6.25, fit.Parameters.P, 0.01);
        AssertWithinRelative(3.74, fit.Parameters.Q, 0.01);
        AssertWithinRelative(15.44, fit.Parameters.Gamma, 0.01);
    }

    [Fact]
    public void Fit_IsTheMaximum_WhenComparedWithThePublishedParameters()
    {
        var fit = GammaGammaFitter.Fit(CdnowFixture.Spend);
        var used = CdnowFixture.Spend.Where(c => c.Frequency > 0).ToArray();

        Assert.True(fit.LogLikelihood >= GammaGammaModel.LogLikelihood(Published, used) - 1e-6);
        Assert.Equal(GammaGammaModel.LogLikelihood(fit.Parameters, used), fit.LogLikelihood, 1e-6);
    }

    [Fact]
    public void ConditionalExpectedValue_EqualsLifetimesQuickstart_ForCdnowCustomersOneAndTwo()
    {
        // lifetimes' Quickstart prints 24.658619 (x = 2, z̄ = 22.35 in Hardie's summary it reads; 22.345 in ours,
        // SOURCE.md's rounding) and 18.911489 (x = 1, z̄ = 11.77) with its fit p = 6.248802, q = 3.744588,
        // γ = 15.447748, and 35.170981 for every customer with x = 0.
        var lifetimes = new GammaGammaParameters(6.248802, 3.744588, 15.447748);

        Assert.Equal(24.658619, GammaGammaModel.ConditionalExpectedValue(lifetimes, 2, 22.35), 0.001);
        Assert.Equal(18.911489, GammaGammaModel.ConditionalExpectedValue(lifetimes, 1, 11.77), 0.001);
        Assert.Equal(35.170981, GammaGammaModel.ConditionalExpectedValue(lifetimes, 0, 0), 0.001);
    }

    [Fact]
    public void ConditionalExpectedValue_ShrinksLessTowardsThePopulation_AsRepeatPurchasesGrow()
    {
        var population = Published.PopulationMeanValue;
        var once = GammaGammaModel.ConditionalExpectedValue(Published, 1, 200);
        var twenty = GammaGammaModel.ConditionalExpectedValue(Published, 20, 200);

        Assert.InRange(once, population, 200);
        Assert.InRange(twenty, once, 200);
        Assert.True(200 - twenty < (200 - once) / 5);
    }

    [Fact]
    public void LogLikelihoodGradient_MatchesFiniteDifferences()
    {
        var customer = new SpendSummary(3, 41.5);
        var gradient = new double[3];
        GammaGammaModel.IndividualLogLikelihood(Published, customer, gradient);
        double[] theta = [Published.P, Published.Q, Published.Gamma];
        for (var i = 0; i < 3; i++)
        {
            var up = (double[])theta.Clone();
            var down = (double[])theta.Clone();
            const double h = 1e-5;
            up[i] += h;
            down[i] -= h;
            var numeric = (GammaGammaModel.IndividualLogLikelihood(new(up[0], up[1], up[2]), customer, null)
                           - GammaGammaModel.IndividualLogLikelihood(new(down[0], down[1], down[2]), customer, null)) / (2 * h);
            Assert.Equal(numeric, gradient[i], 1e-5);
        }
    }

    [Fact]
    public void FrequencyValueCorrelation_IsWeakOnCdnow_SoTheIndependenceAssumptionHolds()
    {
        // lifetimes' Quickstart: 0.113884 between frequency and monetary value of the repeat buyers.
        var correlation = GammaGammaModel.FrequencyValueCorrelation(CdnowFixture.Spend.Where(c => c.Frequency > 0).ToArray());

        Assert.Equal(0.1139, correlation, 0.001);
    }

    [Fact]
    public void Fit_RejectsAZeroMeanValueWithRepeatPurchases_NamingTheValues()
    {
        var error = Assert.Throws<ArgumentException>(() => GammaGammaFitter.Fit([new SpendSummary(2, 0), new SpendSummary(1, 10)]));

        Assert.Contains("x=2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResidualLifetimeValue_IsExpectedPurchasesTimesValue_WhenNotDiscounted()
    {
        var purchases = BgNbdFitter.Fit(CdnowFixture.Customers);
        var customer = CdnowFixture.Customers[0];
        var value = GammaGammaModel.ConditionalExpectedValue(Published, 2, 22.345);

        var undiscounted = CustomerLifetimeValue.Residual(purchases, customer, value, periods: 12, periodLength: 52.0 / 12, discountRatePerPeriod: 0);
        var discounted = CustomerLifetimeValue.Residual(purchases, customer, value, periods: 12, periodLength: 52.0 / 12, discountRatePerPeriod: 0.01);

        Assert.Equal(purchases.ConditionalExpectedPurchases(customer, 52) * value, undiscounted, 1e-9);
        Assert.InRange(discounted, undiscounted * Math.Pow(1.01, -12), undiscounted * Math.Pow(1.01, -1));
    }

    private static void AssertWithinRelative(double expected, double actual, double tolerance) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"expected {expected} ± {tolerance:P0}, got {actual}");
}
