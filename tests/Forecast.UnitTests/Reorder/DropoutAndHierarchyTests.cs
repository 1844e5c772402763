using Forecast.Modeling.Reorder;

namespace Forecast.UnitTests.Reorder;

public class DropoutAndHierarchyTests
{
    [Fact]
    public void DropoutPriorFit_RecoversBetaParameters_WhenPairsAreSimulated()
    {
        // Beta-geometric pairs, p ~ Beta(2, 6): after each order the pair drops with probability p; if it goes on,
        // its next gap either outlasts the observation (survival S, drawn uniformly: then it is censored there) or
        // ends inside it and the pair orders again.
        var random = new Random(11);
        var beta = new MathNet.Numerics.Distributions.Beta(2, 6, random);
        var observations = new List<(int, double)>();
        for (var i = 0; i < 6000; i++)
        {
            var p = beta.Sample();
            var orders = 1;
            while (true)
            {
                if (random.NextDouble() < p)
                {
                    observations.Add((orders, random.NextDouble()));
                    break;
                }
                var s = random.NextDouble();
                if (random.NextDouble() < s)
                {
                    observations.Add((orders, s));
                    break;
                }
                orders++;
            }
        }

        var (prior, report) = DropoutPrior.Fit(observations);

        Assert.True(report.Converged, report.ToString());
        Assert.InRange(prior.A / (prior.A + prior.B), 0.2, 0.3);
        Assert.InRange(prior.A, 1.2, 3.2);
    }

    [Fact]
    public void ProbabilityActive_FallsWithSilenceAndRisesWithLoyalty()
    {
        var prior = new DropoutPrior(1, 3);

        Assert.True(prior.ProbabilityActive(2, 0.1) < prior.ProbabilityActive(2, 0.9));
        Assert.True(prior.ProbabilityActive(10, 0.5) > prior.ProbabilityActive(2, 0.5));
        // By hand: c = b + n - 1 = 4, P = c S / (c S + a) = 2 / 3 at S = 0.5.
        Assert.Equal(2.0 / 3, prior.ProbabilityActive(2, 0.5), 12);
    }

    [Fact]
    public void PairDropoutFit_GivesStaplesLowerDropoutThanNovelties_WhenProductsDiffer()
    {
        var random = new Random(12);
        var observations = new List<PairDropout.Observation>();
        for (var c = 1; c <= 400; c++)
        {
            foreach (var (product, dropout) in new[] { (1L, 0.05), (2L, 0.6) })
            {
                var orders = 1;
                while (random.NextDouble() > dropout && orders < 100)
                    orders++;
                observations.Add(new PairDropout.Observation(c, product, orders, random.NextDouble() < dropout ? 0.01 : 0.9));
            }
        }

        var (model, report) = PairDropout.Fit(observations);

        Assert.True(report.Global.Converged, report.Global.ToString());
        Assert.True(model.MeanDropout(1, 1) < 0.2, $"staple {model.MeanDropout(1, 1)}");
        Assert.True(model.MeanDropout(1, 2) > 0.4, $"novelty {model.MeanDropout(1, 2)}");
        Assert.True(model.ProductVariance > 0.1);
    }

    [Fact]
    public void LogNormalHierarchyFit_RecoversWithinVarianceAndProductCycles_WhenGapsAreSimulated()
    {
        var random = new Random(13);
        var cycles = new[] { 10.0, 30, 90 };
        var pairs = new List<(long, long, double[])>();
        for (var c = 1; c <= 300; c++)
        {
            for (var p = 0; p < cycles.Length; p++)
            {
                var mu = Math.Log(cycles[p]) + 0.1 * SyntheticPairs.Normal(random);
                var k = random.Next(1, 10);
                pairs.Add((c, p, Enumerable.Range(0, k).Select(_ => mu + 0.3 * SyntheticPairs.Normal(random)).ToArray()));
            }
        }

        var (h, report) = LogNormalHierarchy.Fit(pairs);

        Assert.NotNull(report.WithinFit);
        Assert.True(report.WithinFit!.Converged, report.WithinFit.ToString());
        Assert.InRange(h.WithinScale, 0.07, 0.11);
        for (var p = 0; p < cycles.Length; p++)
            Assert.InRange(Math.Exp(h.PairPrior(1, p).Mean), cycles[p] * 0.9, cycles[p] * 1.1);
        Assert.InRange(h.CustomerVariance, 0, 0.01);
    }

    [Fact]
    public void LogStudentT_InverseSurvivalUndoesSurvival()
    {
        var d = new LogStudentT(Math.Log(30), 0.4, 6);

        foreach (var v in new[] { 3.0, 20, 30, 90, 400 })
            Assert.Equal(v, d.InverseSurvival(d.Survival(v)), 6);
        Assert.Equal(0.5, d.Survival(30), 12);
    }
}
