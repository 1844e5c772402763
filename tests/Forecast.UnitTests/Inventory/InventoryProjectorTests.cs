using Forecast.Modeling.Inventory;
using MathNet.Numerics.Distributions;

namespace Forecast.UnitTests.Inventory;

public sealed class InventoryProjectorTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 27);
    private static readonly DateOnly First = AsOf.AddDays(1);
    private static readonly double[] Percentiles = [.. Enumerable.Range(1, 99).Select(i => i / 100.0)];
    private static readonly double[] Levels5 = [0.1, 0.25, 0.5, 0.75, 0.9];

    /// <summary>Every quantile equal: the same demand in every simulated future.</summary>
    private static QuantileDemandForecast Constant(PeriodGrid grid, double perPeriod) =>
        new(grid, [0.1, 0.5, 0.9], [.. Enumerable.Range(0, grid.Count).Select(_ => (IReadOnlyList<double>)[perPeriod, perPeriod, perPeriod])], [.. Enumerable.Repeat(perPeriod, grid.Count)]);

    private static QuantileDemandForecast NormalWeeks(int weeks, double mean, double sd) =>
        new(PeriodGrid.Weekly(First, weeks), Percentiles,
            [.. Enumerable.Range(0, weeks).Select(_ => (IReadOnlyList<double>)[.. Percentiles.Select(p => Normal.InvCDF(mean, sd, p))])],
            [.. Enumerable.Repeat(mean, weeks)]);

    private static double[] Rounded(IEnumerable<double> values) => [.. values.Select(v => Math.Round(v, 9))];

    private static InventoryProblem Problem(PeriodDemandForecast demand, double onHand, ReplenishmentPolicy policy, params SupplyReceipt[] incoming) =>
        new(AsOf, onHand, incoming, demand, policy);

    [Fact]
    public void Project_GivesTheHandComputedPlan_WhenDemandIsCertain()
    {
        // 10 a day; 100 on hand; 70 arrive on day 10 (2026-12-07). Net stock on day k (0-based) = 100 + 70·[k ≥ 9] − 10(k+1).
        var demand = Constant(PeriodGrid.Weekly(First, 4), 70);
        var policy = new ReplenishmentPolicy { LeadTimeDays = 7, ReviewPeriodDays = 7 };

        var plan = InventoryProjector.Project(Problem(demand, 100, policy, new SupplyReceipt(new DateOnly(2026, 12, 7), 70)));

        Assert.Equal([30, 30, -40, -110], Rounded(plan.Periods.Select(p => p.StockP50)));
        Assert.All(plan.Periods, p => Assert.Equal(p.StockP10, p.StockP90, 9));
        Assert.Equal([0, 0, 1, 1], plan.Periods.Select(p => p.StockoutProbability));
        Assert.Equal([70, 70, 70, 70], Rounded(plan.Periods.Select(p => p.MeanDemand)));
        Assert.Equal([0, 70, 0, 0], plan.Periods.Select(p => p.Incoming));
        Assert.Equal(new DateOnly(2026, 12, 15), plan.MedianStockoutDate); // 170 − 10(k+1) < 0 first at k = 17
        Assert.Equal(0, plan.StockoutProbabilityWithinLeadTime);
        Assert.Equal(10, plan.DaysOfCover!.Value, 9);
        // Reorder point covers 14 days (lead time + review): 140, no safety stock; order up to 140 + 7 days' demand.
        Assert.Equal(140, plan.ReorderPoint, 9);
        Assert.Equal(0, plan.SafetyStock, 9);
        Assert.Equal(210, plan.OrderUpToLevel, 9);
        Assert.Equal(140, plan.NormalApproximationReorderPoint, 9);
        // Position 170 falls below 140 after 4 days (170 − 40 = 130): order 210 − 130 = 80 on 2026-12-01.
        Assert.Equal(new DateOnly(2026, 12, 1), plan.OrderByDate);
        Assert.Equal(80m, plan.SuggestedOrderQuantity);
    }

    [Fact]
    public void Project_RoundsTheSuggestedOrderToMoqAndPacks_AndOrdersToday_WhenThePositionIsAlreadyBelowTheReorderPoint()
    {
        var demand = Constant(PeriodGrid.Weekly(First, 4), 70);
        var policy = new ReplenishmentPolicy { LeadTimeDays = 7, ReviewPeriodDays = 7, MinimumOrderQuantity = 100, PackSize = 24 };

        var plan = InventoryProjector.Project(Problem(demand, 50, policy));

        Assert.Equal(AsOf, plan.OrderByDate);
        // Order-up-to = reorder point 140 + max(one week's demand 70, MOQ 100) = 240; 240 − 50 = 190 → 8 packs of 24 = 192.
        Assert.Equal(240, plan.OrderUpToLevel, 9);
        Assert.Equal(192m, plan.SuggestedOrderQuantity);
    }

    [Fact]
    public void Project_ComputesAvailableToPromiseAndShipDates_ByHand_FromStockSupplyAndCommittedOrders()
    {
        // 300 on hand, 100 arrive on day 20, an order of 120 taken and due on day 10. Balance(k) = 300 + 100·[k ≥ 19] − 120·[k ≥ 9]:
        // 300 until day 9, 180 until day 19, 280 after. Promisable with look-ahead: 180 from now, 280 from day 20. The
        // forecast of new orders (5 a day) is not reserved.
        var demand = Constant(PeriodGrid.Weekly(First, 4), 35);
        var policy = new ReplenishmentPolicy { LeadTimeDays = 10, ReviewPeriodDays = 0 };

        var plan = InventoryProjector.Project(Problem(demand, 300, policy, new SupplyReceipt(AsOf.AddDays(20), 100)) with
        {
            Committed = [new CommittedOrder(AsOf.AddDays(10), 120)],
        });

        Assert.Equal([First, AsOf.AddDays(20)], plan.AvailableToPromise.Select(s => s.From));
        Assert.Equal([180, 280], Rounded(plan.AvailableToPromise.Select(s => s.Quantity)));
        Assert.Equal([180, 180, 180, 280], Rounded(plan.Periods.Select(p => p.AvailableToPromise)));
        Assert.Equal((First, ShipDateBasis.AvailableNow), (plan.EarliestShipDate(100).Date, plan.EarliestShipDate(100).Basis));
        Assert.Equal((AsOf.AddDays(20), ShipDateBasis.AfterScheduledSupply), (plan.EarliestShipDate(250).Date, plan.EarliestShipDate(250).Basis));
        Assert.Equal((AsOf.AddDays(20), ShipDateBasis.AfterScheduledSupply), (plan.EarliestShipDate(280).Date, plan.EarliestShipDate(280).Basis));
        Assert.Equal(ShipDateBasis.NeedsNewReplenishment, plan.EarliestShipDate(300).Basis);
        Assert.Equal(AsOf.AddDays(11), plan.EarliestShipDate(300).Date);
        // The projected stock takes the committed order out on its day as well as the forecast: end of week 2 (day 14)
        // 300 − 120 − 5·14 = 110; end of week 3 (day 21) 300 + 100 − 120 − 5·21 = 175; of week 4, 140.
        Assert.Equal([265, 110, 175, 140], Rounded(plan.Periods.Select(p => p.StockP50)));
    }

    [Fact]
    public void Project_PromisesWhatIsOnTheShelf_WhenTheForecastIsLargeButNoOrderIsCommitted()
    {
        // The field report: 255 on hand, 109 days of cover, 0% stock-out risk, yet "at most 0 can be promised" because
        // ATP reserved half a year of the forecast's upper quantile. Stock no customer has claimed is available.
        var demand = NormalWeeks(26, 16, 12);
        var policy = new ReplenishmentPolicy { LeadTimeDays = 14, ReviewPeriodDays = 7 };

        var plan = InventoryProjector.Project(Problem(demand, 255, policy), new SimulationSettings { Seed = 3 });

        Assert.Equal(255, plan.AvailableToPromise[0].Quantity, 9);
        var answer = plan.EarliestShipDate(5);
        Assert.Equal((First, ShipDateBasis.AvailableNow), (answer.Date, answer.Basis));
    }

    [Fact]
    public void Project_MatchesTheNormalClosedForm_WhenWeeklyDemandIsNormalAndIndependent()
    {
        // Two weeks of N(100, 20²): lead-time demand N(200, (20√2)²).
        var policy = new ReplenishmentPolicy { LeadTimeDays = 14, ReviewPeriodDays = 0, CycleServiceLevel = 0.95 };
        var plan = InventoryProjector.Project(Problem(NormalWeeks(4, 100, 20), 250, policy), new SimulationSettings { Paths = 20_000, Seed = 1 });

        var sd = 20 * Math.Sqrt(2);
        var expected = 200 + Normal.InvCDF(0, 1, 0.95) * sd; // 246.52
        Assert.InRange(plan.ReorderPoint, expected - 2.5, expected + 2.5);
        Assert.InRange(plan.SafetyStock, expected - 200 - 2.5, expected - 200 + 2.5);
        Assert.InRange(plan.NormalApproximationReorderPoint, expected - 1, expected + 1);
        // P(demand over two weeks > 250) = 1 − Φ(50 / 28.28) = 0.0385; standard error with 20 000 paths ≈ 0.0014.
        var stockout = 1 - Normal.CDF(0, 1, 50 / sd);
        Assert.InRange(plan.StockoutProbabilityWithinLeadTime, stockout - 0.006, stockout + 0.006);
        Assert.InRange(plan.Periods[1].StockoutProbability, stockout - 0.006, stockout + 0.006);
        // Median stock at the end of week 1: 250 − 100.
        Assert.InRange(plan.Periods[0].StockP50, 148, 152);
        Assert.InRange(plan.Periods[0].StockP90 - plan.Periods[0].StockP10, 2 * 1.2816 * 20 - 2, 2 * 1.2816 * 20 + 2);
    }

    [Fact]
    public void ReorderPoint_DiffersFromZSigma_AndMeetsTheServiceLevel_WhenTheItemIsIntermittent()
    {
        // Weekly quantiles p10..p90 all zero, mean 5: zero with probability 0.9, otherwise an exponential lump of mean 50.
        // Demand over 4 weeks = sum of 4 such weeks: P(D ≤ x) = Σ_k C(4,k)·0.1^k·0.9^(4−k)·GammaCDF(k, 1/50, x).
        var grid = PeriodGrid.Weekly(First, 4);
        var demand = new QuantileDemandForecast(grid, Levels5, [.. Enumerable.Range(0, 4).Select(_ => (IReadOnlyList<double>)[0, 0, 0, 0, 0])], [5, 5, 5, 5]);
        var policy = new ReplenishmentPolicy { LeadTimeDays = 28, ReviewPeriodDays = 0, CycleServiceLevel = 0.97 };

        var plan = InventoryProjector.Project(Problem(demand, 0, policy), new SimulationSettings { Paths = 20_000, Seed = 3 });

        static double Cdf(double x) => Enumerable.Range(0, 5).Sum(k =>
            MathNet.Numerics.SpecialFunctions.Binomial(4, k) * Math.Pow(0.1, k) * Math.Pow(0.9, 4 - k) * (k == 0 ? 1 : Gamma.CDF(k, 1 / 50.0, x)));
        double low = 0, high = 1000;
        for (var i = 0; i < 100; i++)
        {
            var mid = (low + high) / 2;
            (low, high) = Cdf(mid) < 0.97 ? (mid, high) : (low, mid);
        }
        Assert.InRange(plan.ReorderPoint, high - 8, high + 8); // ≈ 148; Monte Carlo standard error ≈ 2.7

        // z·σ·√L: mean 20, variance 4 × (0.1·2·50² − 5²) = 1900.
        var zSigma = 20 + Normal.InvCDF(0, 1, 0.97) * Math.Sqrt(1900); // ≈ 102
        Assert.Equal(zSigma, plan.NormalApproximationReorderPoint, 6);
        Assert.True(plan.ReorderPoint - zSigma > 30);
        Assert.True(Cdf(zSigma) < 0.95, $"z·σ·√L gives a cycle service level of {Cdf(zSigma):0.000}, not 0.97");
        Assert.True(Cdf(plan.ReorderPoint) > 0.96);
    }

    [Fact]
    public void ReorderPoint_IsTheNextLump_WhenSamplePathsAreLumpyAndZSigmaFallsBetweenLumps()
    {
        // Each week 50 units with probability 0.1: demand over 4 weeks = 50 × Binomial(4, 0.1), so
        // P(D ≤ 50) = 0.9477 < 0.97 ≤ P(D ≤ 100) = 0.9963: the reorder point is exactly 100.
        var random = new Random(7);
        var paths = Enumerable.Range(0, 10_000)
            .Select(_ => (IReadOnlyList<double>)[.. Enumerable.Range(0, 4).Select(_ => random.NextDouble() < 0.1 ? 50.0 : 0.0)])
            .ToList();
        var demand = new SamplePathDemandForecast(PeriodGrid.Weekly(First, 4), paths);
        var policy = new ReplenishmentPolicy { LeadTimeDays = 28, ReviewPeriodDays = 0, CycleServiceLevel = 0.97 };

        var plan = InventoryProjector.Project(Problem(demand, 0, policy));

        Assert.Equal(100, plan.ReorderPoint, 9);
        // μ + zσ with μ = 20, σ = 50·√(4·0.09) = 30: about 76, which protects only P(Bin ≤ 1) = 0.9477.
        Assert.InRange(plan.NormalApproximationReorderPoint, 73, 80);
        var binomial = new Binomial(0.1, 4);
        Assert.True(binomial.CumulativeDistribution(Math.Floor(plan.NormalApproximationReorderPoint / 50)) < 0.97);
        Assert.True(binomial.CumulativeDistribution(Math.Round(plan.ReorderPoint / 50)) >= 0.97);
        Assert.Equal(10_000, plan.Paths);
    }

    [Fact]
    public void Project_ReadsBandsAndRisksStraightFromThePaths_WhenFourPathsAreGiven()
    {
        var demand = new SamplePathDemandForecast(PeriodGrid.Weekly(First, 2), [[0, 0], [10, 10], [20, 20], [30, 30]]);
        var policy = new ReplenishmentPolicy { LeadTimeDays = 0, ReviewPeriodDays = 0 };

        var plan = InventoryProjector.Project(Problem(demand, 25, policy));

        // End of week 1: demand {0, 10, 20, 30}; inverse-ECDF quantiles 0.9 → 30, 0.5 → 10, 0.1 → 0.
        Assert.Equal([-5, 15, 25], Rounded([plan.Periods[0].StockP10, plan.Periods[0].StockP50, plan.Periods[0].StockP90]));
        Assert.Equal([0.25, 0.5], plan.Periods.Select(p => p.StockoutProbability));
        // First day short: 30/week passes 25 on day 6 (k = 5), 20/week on day 9 (k = 8), the others never: median k = 8.
        Assert.Equal(AsOf.AddDays(9), plan.MedianStockoutDate);
    }

    [Fact]
    public void Project_IsMonotoneInStock_WhenOnlyOnHandChanges()
    {
        var policy = new ReplenishmentPolicy { LeadTimeDays = 21, ReviewPeriodDays = 7 };
        var demand = new QuantileDemandForecast(PeriodGrid.Weekly(First, 12), Levels5,
            [.. Enumerable.Range(0, 12).Select(_ => (IReadOnlyList<double>)[0, 2, 6, 12, 20])], [.. Enumerable.Repeat(8.0, 12)]);
        var settings = new SimulationSettings { Paths = 4000, Seed = 11 };

        var plans = new[] { 0.0, 20, 40, 80, 160 }.Select(onHand => InventoryProjector.Project(Problem(demand, onHand, policy), settings)).ToList();

        for (var i = 1; i < plans.Count; i++)
        {
            var (less, more) = (plans[i - 1], plans[i]);
            Assert.True(more.StockoutProbabilityWithinLeadTime <= less.StockoutProbabilityWithinLeadTime);
            Assert.True((more.MedianStockoutDate ?? DateOnly.MaxValue) >= (less.MedianStockoutDate ?? DateOnly.MaxValue));
            Assert.True((more.OrderByDate ?? DateOnly.MaxValue) >= (less.OrderByDate ?? DateOnly.MaxValue));
            Assert.True(more.DaysOfCover >= less.DaysOfCover);
            for (var p = 0; p < more.Periods.Count; p++)
            {
                Assert.True(more.Periods[p].StockoutProbability <= less.Periods[p].StockoutProbability);
                Assert.True(more.Periods[p].StockP50 > less.Periods[p].StockP50);
            }
            Assert.Equal(less.ReorderPoint, more.ReorderPoint);
        }
        foreach (var plan in plans)
        {
            Assert.All(plan.Periods, p => Assert.InRange(p.StockoutProbability, 0, 1));
            Assert.All(plan.Periods, p => Assert.True(p.StockP10 <= p.StockP50 && p.StockP50 <= p.StockP90));
            // Stock-out "by the end of period p" can only grow with p.
            Assert.True(plan.Periods.Zip(plan.Periods.Skip(1)).All(pair => pair.First.StockoutProbability <= pair.Second.StockoutProbability));
        }
    }

    [Fact]
    public void AvailableToPromise_IgnoresTheForecastAndServiceLevel_AndFollowsSupplyAndCommittedOrders()
    {
        var settings = new SimulationSettings { Seed = 9 };
        IReadOnlyList<AvailableToPromiseStep> Atp(PeriodDemandForecast demand, double level, CommittedOrder[] committed, params SupplyReceipt[] incoming) =>
            InventoryProjector.Project(Problem(demand, 600, new ReplenishmentPolicy { LeadTimeDays = 14, CycleServiceLevel = level }, incoming) with { Committed = committed }, settings).AvailableToPromise;
        static double On(IReadOnlyList<AvailableToPromiseStep> steps, DateOnly day) => steps.Last(s => s.From <= day).Quantity;
        CommittedOrder[] orders = [new(First.AddDays(3), 200), new(First.AddDays(30), 250)];

        var quiet = Atp(Constant(PeriodGrid.Weekly(First, 8), 0), 0.6, orders);
        var busy = Atp(NormalWeeks(8, 50, 25), 0.99, orders);
        var supplied = Atp(NormalWeeks(8, 50, 25), 0.99, orders, new SupplyReceipt(First.AddDays(40), 150));

        for (var k = 0; k < 56; k += 3)
            Assert.Equal(On(quiet, First.AddDays(k)), On(busy, First.AddDays(k)), 9);
        // 600 − 200 − 250 may be promised now; supply arriving after the last order is due adds 150 from its day on.
        Assert.Equal(150, On(busy, First), 9);
        Assert.Equal(150, On(supplied, First), 9);
        Assert.Equal(300, On(supplied, First.AddDays(40)), 9);
        Assert.True(supplied.Zip(supplied.Skip(1)).All(pair => pair.First.Quantity <= pair.Second.Quantity));
    }

    [Fact]
    public void Project_OrdersEarlier_WhenCustomerOrdersAreAlreadyCommitted()
    {
        var demand = Constant(PeriodGrid.Weekly(First, 4), 70);
        var policy = new ReplenishmentPolicy { LeadTimeDays = 7, ReviewPeriodDays = 7 };

        var free = InventoryProjector.Project(Problem(demand, 300, policy));
        var promised = InventoryProjector.Project(Problem(demand, 300, policy) with { Committed = [new CommittedOrder(First.AddDays(2), 100)] });

        // The inventory position nets the committed order: the reorder point is crossed 10 days earlier.
        Assert.True(promised.OrderByDate < free.OrderByDate, $"{promised.OrderByDate} vs {free.OrderByDate}");
        Assert.True(promised.Periods[1].StockP50 < free.Periods[1].StockP50);
    }

    [Fact]
    public void Project_IsDeterministic_ForASeed()
    {
        var policy = new ReplenishmentPolicy { LeadTimeDays = 14, ReviewPeriodDays = 7, FillRate = 0.98 };
        var demand = NormalWeeks(8, 50, 25);

        var a = InventoryProjector.Project(Problem(demand, 120, policy), new SimulationSettings { Seed = 5 });
        var b = InventoryProjector.Project(Problem(demand, 120, policy), new SimulationSettings { Seed = 5 });
        var c = InventoryProjector.Project(Problem(demand, 120, policy), new SimulationSettings { Seed = 6 });

        Assert.Equal(a.Periods, b.Periods);
        Assert.Equal((a.ReorderPoint, a.OrderByDate, a.SuggestedOrderQuantity, a.MedianStockoutDate), (b.ReorderPoint, b.OrderByDate, b.SuggestedOrderQuantity, b.MedianStockoutDate));
        Assert.NotEqual(a.Periods.Select(p => p.StockP10), c.Periods.Select(p => p.StockP10));
        Assert.InRange(c.ReorderPoint, a.ReorderPoint - 10, a.ReorderPoint + 10);
    }

    [Fact]
    public void ReorderPoint_IsTheSumOfPeriodQuantiles_WhenPeriodsArePerfectlyCorrelated()
    {
        var policy = new ReplenishmentPolicy { LeadTimeDays = 14, ReviewPeriodDays = 0, CycleServiceLevel = 0.95 };
        var demand = NormalWeeks(4, 100, 20);

        var together = InventoryProjector.Project(Problem(demand, 0, policy), new SimulationSettings { Paths = 20_000, PeriodCorrelation = 1 });
        var apart = InventoryProjector.Project(Problem(demand, 0, policy), new SimulationSettings { Paths = 20_000 });

        var expected = 2 * Normal.InvCDF(100, 20, 0.95); // 265.8: both weeks at their own 95th percentile
        Assert.InRange(together.ReorderPoint, expected - 2.5, expected + 2.5);
        Assert.True(together.ReorderPoint > apart.ReorderPoint + 15);
    }

    [Fact]
    public void ReorderPoint_MeetsTheFillRate_ByTheNormalLossFunction_WhenFillRateIsTheBindingTarget()
    {
        // Protection 21 days = 3 weeks of N(100, 20²): N(300, 34.64²). Order size = one week's demand = 100.
        // Fill rate 0.99 → E[(D − s)⁺] = σ·G(z) = 0.01·100, G(z) = φ(z) − z(1 − Φ(z)).
        var policy = new ReplenishmentPolicy { LeadTimeDays = 14, ReviewPeriodDays = 7, CycleServiceLevel = 0.5, FillRate = 0.99 };
        var plan = InventoryProjector.Project(Problem(NormalWeeks(6, 100, 20), 0, policy), new SimulationSettings { Paths = 20_000 });

        var sd = 20 * Math.Sqrt(3);
        static double Loss(double z) => Normal.PDF(0, 1, z) - z * (1 - Normal.CDF(0, 1, z));
        double low = -5, high = 5;
        for (var i = 0; i < 100; i++)
        {
            var mid = (low + high) / 2;
            (low, high) = sd * Loss(mid) > 1 ? (mid, high) : (low, mid);
        }
        var expected = 300 + high * sd; // ≈ 352
        Assert.InRange(plan.ReorderPoint, expected - 3, expected + 3);
        Assert.InRange(plan.ExpectedFillRate!.Value, 0.988, 0.9921);
    }

    [Fact]
    public void Project_CountsOnlyTheRemainingDays_WhenTheFirstPeriodBeganBeforeTheAsOfDate()
    {
        // The week began on Wednesday 2026-11-25; Saturday 11-28 to Tuesday 12-01 remain: 4 of 7 days.
        var demand = Constant(PeriodGrid.Weekly(new DateOnly(2026, 11, 25), 3), 70);
        var plan = InventoryProjector.Project(Problem(demand, 100, new ReplenishmentPolicy { LeadTimeDays = 7 }));

        Assert.Equal(new DateOnly(2026, 11, 25), plan.Periods[0].Start);
        Assert.Equal(40, plan.Periods[0].MeanDemand, 9);
        Assert.Equal(60, plan.Periods[0].StockP50, 9);
    }

    [Fact]
    public void Project_RepeatsTheLastPeriod_WhenTheForecastIsShorterThanLeadTimePlusReview()
    {
        var demand = Constant(PeriodGrid.Weekly(First, 2), 70);
        var plan = InventoryProjector.Project(Problem(demand, 0, new ReplenishmentPolicy { LeadTimeDays = 21, ReviewPeriodDays = 7 }));

        Assert.Equal(280, plan.ReorderPoint, 9);
        Assert.Equal(2, plan.Periods.Count);
        Assert.Contains(plan.Notes, n => n.Contains("repeated", StringComparison.Ordinal));
    }

    [Fact]
    public void Project_Throws_WhenTheForecastStartsAfterTheFirstProjectedDayOrAnInputIsOutOfRange()
    {
        var late = Constant(PeriodGrid.Weekly(First.AddDays(1), 2), 70);
        var ok = Constant(PeriodGrid.Weekly(First, 2), 70);

        Assert.Throws<ArgumentException>(() => InventoryProjector.Project(Problem(late, 0, new ReplenishmentPolicy())));
        Assert.Throws<ArgumentException>(() => InventoryProjector.Project(Problem(ok, 0, new ReplenishmentPolicy { LeadTimeDays = -1 })));
        Assert.Throws<ArgumentException>(() => InventoryProjector.Project(Problem(ok, 0, new ReplenishmentPolicy { CycleServiceLevel = 1 })));
        Assert.Throws<ArgumentException>(() => InventoryProjector.Project(Problem(ok, 0, new ReplenishmentPolicy(), new SupplyReceipt(First, -5))));
        Assert.Throws<ArgumentException>(() => InventoryProjector.Project(Problem(ok, 0, new ReplenishmentPolicy()), new SimulationSettings { PeriodCorrelation = 2 }));
    }

    [Fact]
    public void Project_OrdersNothing_WhenNoDemandIsExpected()
    {
        var plan = InventoryProjector.Project(Problem(Constant(PeriodGrid.Weekly(First, 4), 0), 10, new ReplenishmentPolicy { LeadTimeDays = 14, MinimumOrderQuantity = 50 }));

        Assert.Null(plan.OrderByDate);
        Assert.Equal(0m, plan.SuggestedOrderQuantity);
        Assert.Null(plan.DaysOfCover);
        Assert.Null(plan.MedianStockoutDate);
        Assert.Equal(0, plan.StockoutProbabilityWithinLeadTime);
    }
}
