using Forecast.Modeling.Reorder;

namespace Forecast.UnitTests.Reorder;

public class ReorderModelTests
{
    private const int AsOf = 740_000;

    [Fact]
    public void Predict_CoversTrueNextOrderAboutEightyPercent_WhenDataComeFromTheModel()
    {
        var world = SyntheticPairs.Draw(seed: 1, customers: 150, products: 8, AsOf, dropout: 0.05);
        var model = ReorderModel.Fit(world.Select(t => t.Pair).ToList(), AsOf);

        var checkable = world.Where(t => !t.Stopped && t.NextOrderDay.HasValue && t.Pair.OrderCount >= 2).ToList();
        var covered = checkable.Count(t =>
        {
            var f = model.Predict(t.Pair, 30);
            return t.NextOrderDay >= f.P10Day && t.NextOrderDay <= f.P90Day;
        });

        Assert.True(checkable.Count > 200, $"only {checkable.Count} pairs to check");
        Assert.InRange((double)covered / checkable.Count, 0.72, 0.90);
    }

    [Fact]
    public void Predict_ProbabilityIsCalibrated_WhenDataComeFromTheModel()
    {
        // Mean P(order in the next 30 days) against the share that did order: within 4 points.
        var world = SyntheticPairs.Draw(seed: 2, customers: 200, products: 8, AsOf, dropout: 0.15);
        var model = ReorderModel.Fit(world.Select(t => t.Pair).ToList(), AsOf);

        var p = world.Average(t => model.Predict(t.Pair, 30).ProbabilityWithinHorizon);
        var observed = world.Average(t => t.NextOrderDay is { } d && d <= AsOf + 30 ? 1.0 : 0.0);

        Assert.InRange(p - observed, -0.04, 0.04);
    }

    [Fact]
    public void Predict_PointsToTheNextCycle_WhenPairIsRegular()
    {
        var pairs = Background(seed: 3);
        // A part only this customer buys, every 60 days for two years; last order 50 days ago: due in about 10 days.
        var regular = new PairHistory(9999, 77, Enumerable.Range(0, 12).Select(i => AsOf - 50 - 60 * (11 - i)).ToArray(), Enumerable.Repeat(20.0, 12).ToArray());
        pairs.Add(regular);
        var model = ReorderModel.Fit(pairs, AsOf);

        var f = model.Predict(regular, 30);

        // The background pairs all vary by about 25% around their cycle, so the model expects this one to as well: the
        // median of a 60-day gap known to exceed 50 days is a few days past day 60.
        Assert.InRange(f.PredictedDay!.Value - AsOf, 8, 17);
        Assert.InRange(f.TypicalCycleDays, 55, 65);
        Assert.True(f.P10Day <= AsOf + 10 && AsOf + 10 <= f.P90Day);
        Assert.True(f.ProbabilityWithinHorizon > 0.6, $"P = {f.ProbabilityWithinHorizon}");
        Assert.Equal(60, f.MeanGapDays);
        Assert.Equal(20, f.UsualQuantity);
        Assert.InRange(f.ExpectedQuantity, 15, 27);
    }

    [Fact]
    public void Predict_RaisesProbability_WhenMoreOfTheCycleHasElapsed()
    {
        // A customer five months into a six-month cycle is likelier to order within 30 days than one a month in.
        var pairs = Background(seed: 4);
        var early = new PairHistory(9001, 1, Enumerable.Range(0, 5).Select(i => AsOf - 30 - 180 * (4 - i)).ToArray(), Enumerable.Repeat(5.0, 5).ToArray());
        var late = new PairHistory(9002, 1, Enumerable.Range(0, 5).Select(i => AsOf - 150 - 180 * (4 - i)).ToArray(), Enumerable.Repeat(5.0, 5).ToArray());
        pairs.Add(early);
        pairs.Add(late);
        var model = ReorderModel.Fit(pairs, AsOf);

        var pEarly = model.Predict(early, 30).ProbabilityWithinHorizon;
        var pLate = model.Predict(late, 30).ProbabilityWithinHorizon;

        Assert.True(pLate > 3 * pEarly, $"early {pEarly}, late {pLate}");
        Assert.InRange(model.Predict(late, 30).PredictedDay!.Value - AsOf, 15, 45);
    }

    [Fact]
    public void Predict_GivesWiderIntervalToFewOrders_WhenPairsShareProductAndCycle()
    {
        var pairs = Background(seed: 5);
        // Both ordered yesterday, every 40 days (+-3): one twice, one fifteen times.
        var two = new PairHistory(9101, 2, [AsOf - 41, AsOf - 1], [3, 3]);
        var many = new PairHistory(9102, 2, Enumerable.Range(0, 15).Select(i => AsOf - 1 - 40 * (14 - i) + (i % 3 - 1) * 3).ToArray(), Enumerable.Repeat(3.0, 15).ToArray());
        pairs.Add(two);
        pairs.Add(many);
        var model = ReorderModel.Fit(pairs, AsOf);

        var fewWidth = WidthOf(model.Predict(two, 30));
        var manyWidth = WidthOf(model.Predict(many, 30));

        Assert.True(fewWidth > 1.3 * manyWidth, $"two orders: {fewWidth} days, fifteen: {manyWidth} days");
    }

    [Fact]
    public void Predict_BorrowsTheProductsCycle_WhenPairHasOneOrder()
    {
        var world = SyntheticPairs.Draw(seed: 6, customers: 150, products: 6, AsOf, dropout: 0.05);
        var pairs = world.Select(t => t.Pair).ToList();
        var single = new PairHistory(99_999, 3, [AsOf - 5], [7]);
        pairs.Add(single);
        var model = ReorderModel.Fit(pairs, AsOf);

        var productMedian = world.Where(t => t.Pair.Product == 3).Select(t => t.MedianGap).Order().ElementAt(world.Count(t => t.Pair.Product == 3) / 2);
        var f = model.Predict(single, 30);

        Assert.Null(f.MeanGapDays);
        Assert.InRange(f.TypicalCycleDays / productMedian, 0.7, 1.4);
        Assert.True(f.P90Day - f.P10Day > 20, "one order: the interval stays wide");
    }

    [Fact]
    public void Predict_LowersProbability_WhenCustomerStoppedBuyingEverything()
    {
        var pairs = Background(seed: 7);
        var model0 = ReorderModel.Fit(pairs, AsOf);
        var active = pairs.First(p => p.OrderCount >= 5 && AsOf - p.LastOrderDay < 20);
        // The same history shifted 300 days back: nothing bought since.
        var stopped = active with { Customer = 8888, OrderDays = active.OrderDays.Select(d => d - 300).ToArray() };
        pairs.Add(stopped);
        var model = ReorderModel.Fit(pairs, AsOf);

        Assert.True(model.Predict(stopped, 30).ProbabilityWithinHorizon < 0.25 * model.Predict(active, 30).ProbabilityWithinHorizon);
        Assert.NotNull(model0.Parameters.Dropout);
    }

    [Fact]
    public void Fit_IgnoresOrdersAfterAsOf_WhenHistoryRunsPastIt()
    {
        var pairs = Background(seed: 8);
        var withFuture = pairs.Select(p => p with { OrderDays = [.. p.OrderDays, AsOf + 5], Quantities = [.. p.Quantities, 1] }).ToList();

        var a = ReorderModel.Fit(pairs, AsOf).Predict(pairs[0], 30);
        var b = ReorderModel.Fit(withFuture, AsOf).Predict(withFuture[0], 30);

        Assert.Equal(a.PredictedDay, b.PredictedDay);
        Assert.Equal(a.ProbabilityWithinHorizon, b.ProbabilityWithinHorizon, 12);
    }

    [Fact]
    public void Predict_ReturnsSameForecast_WhenParametersAreRebuiltFromTheirFields()
    {
        // What a service stores is the parameters; a model built from them must predict the same.
        var pairs = Background(seed: 9);
        var fitted = ReorderModel.Fit(pairs, AsOf);
        var customers = OrderActivity.ByCustomer(pairs);
        var rebuilt = new ReorderModel(fitted.Parameters);

        foreach (var p in pairs.Take(20))
            Assert.Equal(fitted.Predict(p, 30, customers[p.Customer]), rebuilt.Predict(p, 30, customers[p.Customer]));
    }

    [Fact]
    public void PairHistory_Validate_Throws_WhenDaysAreNotAscending()
    {
        Assert.Throws<ArgumentException>(() => ReorderModel.Fit([new PairHistory(1, 1, [10, 5], [1, 1])], 20));
    }

    private static int WidthOf(ReorderForecast f) => f.P90Day!.Value - f.P10Day!.Value;

    private static List<PairHistory> Background(int seed) =>
        SyntheticPairs.Draw(seed, customers: 120, products: 6, AsOf, dropout: 0.1).Select(t => t.Pair).ToList();
}
