using Forecast.Modeling.Reorder;

namespace Forecast.UnitTests.Reorder;

/// <summary>
/// Every part of the reorder model whose fit can fail to converge falls back to a simpler model, never to "everyone is
/// alive" (issue 10: a churned pair got P(pair active) = 1 and P(order within 30 days) = 0.91).
/// </summary>
public class FallbackTests
{
    private const int AsOf = 740_000;

    [Fact]
    public void Fit_KeepsAPairDropout_WhenTheBetaGeometricFitDoesNotConverge()
    {
        // Nobody in the background world ever drops a product, so the beta-geometric's maximum is not identified.
        // Customer 9999 still buys product 2 every 20 days, but bought product 1 (which others still buy) every 20 days
        // for a year and stopped 396 days ago: issue 10's "orders every ~20 days; last order 396 days ago".
        var pairs = Background(seed: 2, dropout: 0);
        var churned = Every(9999, 1, cycle: 20, orders: 19, lastDaysAgo: 396);
        var active = Every(9999, 2, cycle: 20, orders: 30, lastDaysAgo: 5);
        pairs.AddRange([churned, active]);

        var model = ReorderModel.Fit(pairs, AsOf);
        var report = model.Parameters.Report.Dropout!;
        var gone = model.Predict(churned, 30);

        Assert.False(report.Global.Converged, "the test needs data on which the beta-geometric fit fails: " + report.Global);
        Assert.NotNull(model.Parameters.Dropout);
        Assert.NotEqual(PairDropoutModel.BetaGeometric, report.Model);
        Assert.Contains("did not converge", report.Why, StringComparison.Ordinal);
        Assert.True(gone.ProbabilityPairActive < 0.01, $"P(pair active) = {gone.ProbabilityPairActive}");
        Assert.True(gone.ProbabilityWithinHorizon < 0.01, $"P(order within 30 days) = {gone.ProbabilityWithinHorizon}");
        Assert.True(gone.ProbabilityCustomerActive > 0.9, "the customer itself still buys");
        Assert.True(model.Predict(active, 30).ProbabilityWithinHorizon > 0.5);
    }

    [Fact]
    public void Predict_GivesStoppedPairsALowProbability_WhenEveryFitIsCappedAtOneIteration()
    {
        var world = SyntheticPairs.Draw(seed: 2, customers: 200, products: 8, AsOf, dropout: 0.15);
        var model = ReorderModel.Fit(world.Select(t => t.Pair).ToList(), AsOf, new ReorderModelOptions { MaxOptimizerIterations = 1 });
        var p = model.Parameters;

        Assert.Equal(PairDropoutModel.ConstantProbability, p.Report.Dropout!.Model);
        Assert.Equal(ActivityModelKind.RenewalWithDropout, p.CustomerActivity!.Model);
        Assert.Equal(ActivityModelKind.RenewalWithDropout, p.ProductActivity!.Model);
        // Pairs that stopped and have been silent for five of their cycles: none looks alive.
        var stopped = world.Where(t => t.Stopped && AsOf - t.Pair.LastOrderDay > 5 * t.MedianGap).ToList();
        Assert.True(stopped.Count > 50, $"only {stopped.Count} stopped pairs");
        var worst = stopped.Max(t => model.Predict(t.Pair, 30).ProbabilityWithinHorizon);
        Assert.True(worst < 0.05, $"a stopped pair got P(order within 30 days) = {worst}");
        // Sound, not just pessimistic: mean P(order in the next 30 days) against the share that did order, within 5 points.
        var predicted = world.Average(t => model.Predict(t.Pair, 30).ProbabilityWithinHorizon);
        var observed = world.Average(t => t.NextOrderDay is { } d && d <= AsOf + 30 ? 1.0 : 0.0);
        Assert.InRange(predicted - observed, -0.05, 0.05);
    }

    [Fact]
    public void Fit_GivesALapsedCustomerALowProbabilityAlive_WhenTheActivityFitDoesNotConverge()
    {
        var pairs = Background(seed: 1, dropout: 0.1);
        // 8888 bought two products every 20 days for a year and nothing in the last 300 days; 8889 the same until last week.
        pairs.AddRange([Every(8888, 1, 20, 18, 300), Every(8888, 2, 20, 18, 300), Every(8889, 1, 20, 18, 7), Every(8889, 2, 20, 18, 7)]);

        var model = ReorderModel.Fit(pairs, AsOf);
        var activity = model.Parameters.CustomerActivity!;
        var customers = OrderActivity.ByCustomer(pairs);

        Assert.False(activity.Report.Converged, "the test needs data on which the MBG/NBD fit fails: " + activity.Report);
        Assert.Equal(ActivityModelKind.RenewalWithDropout, activity.Model);
        Assert.True(activity.ProbabilityAlive(customers[8888], AsOf) < 0.05, $"lapsed: {activity.ProbabilityAlive(customers[8888], AsOf)}");
        Assert.True(activity.ProbabilityAlive(customers[8889], AsOf) > 0.9, $"current: {activity.ProbabilityAlive(customers[8889], AsOf)}");
    }

    [Fact]
    public void Fit_GivesADiscontinuedProductALowProbabilityAlive_WhenTheActivityFitIsCappedAtOneIteration()
    {
        var pairs = Background(seed: 3, dropout: 0.1);
        // Forty customers bought product 99 every 30 days; nobody has since 300 days ago. The MBG/NBD fit is stopped
        // after one iteration.
        pairs.AddRange(Enumerable.Range(1, 40).Select(c => Every(c, 99, 30, 8, 300 + c % 7)));

        var model = ReorderModel.Fit(pairs, AsOf, new ReorderModelOptions { MaxOptimizerIterations = 1 });
        var activity = model.Parameters.ProductActivity!;
        var products = OrderActivity.ByProduct(pairs);

        Assert.False(activity.Report.Converged);
        Assert.Equal(ActivityModelKind.RenewalWithDropout, activity.Model);
        Assert.True(activity.ProbabilityAlive(products[99], AsOf) < 0.05, $"discontinued: {activity.ProbabilityAlive(products[99], AsOf)}");
        Assert.True(activity.ProbabilityAlive(products[1], AsOf) > 0.9, $"still sold: {activity.ProbabilityAlive(products[1], AsOf)}");
        Assert.True(model.Predict(pairs.Last(), 30).ProbabilityWithinHorizon < 0.01);
    }

    [Fact]
    public void Predict_ReturnsSameForecast_WhenAModelWithFallbacksIsStoredAndLoaded()
    {
        // What the service stores is gzip JSON of the parameters: the fallbacks (an infinite concentration, the renewal
        // activity models) must come back as they were.
        var pairs = Background(seed: 4, dropout: 0.1);
        var fitted = ReorderModel.Fit(pairs, AsOf, new ReorderModelOptions { MaxOptimizerIterations = 1 });
        var loaded = new ReorderModel(Forecast.Core.Reorder.ReorderModelArtefact.Deserialize(Forecast.Core.Reorder.ReorderModelArtefact.Serialize(fitted.Parameters)));
        var customers = OrderActivity.ByCustomer(pairs);

        Assert.True(double.IsPositiveInfinity(loaded.Parameters.Dropout!.Concentration));
        Assert.Equal(ActivityModelKind.RenewalWithDropout, loaded.Parameters.CustomerActivity!.Model);
        foreach (var p in pairs.Take(30))
            Assert.Equal(fitted.Predict(p, 30, customers[p.Customer]), loaded.Predict(p, 30, customers[p.Customer]));
    }

    [Fact]
    public void PairDropoutFit_KeepsTheBestPoint_WhenItBeatsOneDropoutProbability()
    {
        // Very different pairs (p ~ Beta(0.6, 1.4): many drop after one order, many never), and the optimiser stopped
        // after two iterations: its best point already explains the data far better than one p for all.
        var observations = BetaGeometric(seed: 21, a: 0.6, b: 1.4, pairs: 4000);

        var (dropout, report) = PairDropout.Fit(observations, optimizerIterations: 2);

        Assert.False(report.Global.Converged);
        Assert.Equal(PairDropoutModel.BetaGeometricBestPoint, report.Model);
        Assert.True(double.IsFinite(dropout.Concentration), report.Why);
        Assert.InRange(dropout.MeanDropout(1, 1), 0.15, 0.45);
    }

    [Fact]
    public void PairDropoutFit_FallsBackToOneDropoutProbability_WhenTheBestPointIsNoBetter()
    {
        // Every pair drops with p = 0.2: no heterogeneity, so one p explains the data as well as any beta-geometric.
        var observations = BetaGeometric(seed: 22, a: double.PositiveInfinity, b: 0.2, pairs: 4000);

        var (dropout, report) = PairDropout.Fit(observations, optimizerIterations: 1);

        Assert.Equal(PairDropoutModel.ConstantProbability, report.Model);
        Assert.True(double.IsPositiveInfinity(dropout.Concentration));
        Assert.InRange(dropout.MeanDropout(1, 1), 0.18, 0.22);
        // A pair silent far beyond its cycle is not active; one that just ordered is.
        Assert.True(dropout.ProbabilityActiveFromLog(1, 1, 5, -50) < 1e-15);
        Assert.InRange(dropout.ProbabilityActive(1, 1, 5, 1.0), 0.78, 0.82);
    }

    [Fact]
    public void PairDropoutFit_UsesThePrior_WhenThereIsNoEvidence()
    {
        // Every pair has one order, placed today: nothing says how often pairs stop.
        var observations = Enumerable.Range(1, 50).Select(c => new PairDropout.Observation(c, 1, 1, 1.0)).ToArray();

        var (dropout, report) = PairDropout.Fit(observations);

        Assert.Equal(PairDropoutModel.Prior, report.Model);
        Assert.Equal(0.1, dropout.MeanDropout(1, 1), 6);
        Assert.True(dropout.ProbabilityActive(1, 1, 1, 1e-6) < 1e-4, "even the prior lets a long silence mean a stop");
    }

    [Fact]
    public void ConstantDropoutFit_IsTheBetaBinomialPosteriorMode_WhenEveryOutcomeIsSeen()
    {
        // Survival 0: the pair certainly stopped after its last order; survival 1: it certainly did not (yet). Then the
        // likelihood is binomial: D dropouts in D + C trials, and the Beta(2, 10) mode is (1 + D) / (10 + D + C).
        (int, double)[] histories = [(3, 0.0), (1, 0.0), (5, 1.0), (2, 1.0), (4, 0.0), (1, 1.0)];
        const double dropouts = 3, continuations = 2 + 0 + 4 + 1 + 3 + 0;

        var (fit, _, evidence) = ConstantDropout.Fit(histories);

        Assert.True(evidence);
        Assert.Equal((1 + dropouts) / (10 + dropouts + continuations), fit.Probability, 8);
    }

    private static List<PairHistory> Background(int seed, double dropout) =>
        SyntheticPairs.Draw(seed, customers: 120, products: 6, AsOf, dropout: dropout).Select(t => t.Pair).ToList();

    private static PairHistory Every(long customer, long product, int cycle, int orders, int lastDaysAgo) =>
        new(customer, product, Enumerable.Range(0, orders).Select(i => AsOf - lastDaysAgo - cycle * (orders - 1 - i)).ToArray(),
            Enumerable.Repeat(4.0, orders).ToArray());

    /// <summary>
    /// Beta-geometric pairs as in <c>DropoutPriorFit_RecoversBetaParameters_WhenPairsAreSimulated</c>: p ~ Beta(a, b)
    /// (a = infinity: p = b for every pair); after each order the pair drops with p, else its gap is censored with
    /// survival S ~ U(0, 1) or it orders again.
    /// </summary>
    private static PairDropout.Observation[] BetaGeometric(int seed, double a, double b, int pairs)
    {
        var random = new Random(seed);
        var beta = double.IsPositiveInfinity(a) ? null : new MathNet.Numerics.Distributions.Beta(a, b, random);
        var observations = new PairDropout.Observation[pairs];
        for (var i = 0; i < pairs; i++)
        {
            var p = beta?.Sample() ?? b;
            var orders = 1;
            while (true)
            {
                if (random.NextDouble() < p)
                {
                    observations[i] = new PairDropout.Observation(i, 1, orders, random.NextDouble());
                    break;
                }
                var s = random.NextDouble();
                if (random.NextDouble() < s)
                {
                    observations[i] = new PairDropout.Observation(i, 1, orders, s);
                    break;
                }
                orders++;
            }
        }
        return observations;
    }
}
