using Forecast.Modeling.Inventory;

namespace Forecast.UnitTests.Inventory;

/// <summary>
/// Hand-worked cases: as of 1 Jan (day 0 is 2 Jan), 10 units a day for 60 days, reorder point 100, safety stock 30,
/// margin 7 days unless said otherwise. The balance without a line on day k is on hand − 10·(k + 1) (+ other lines).
/// </summary>
public sealed class PurchaseOrderMessagesTests
{
    private static readonly DateOnly AsOf = new(2026, 1, 1);

    private static DateOnly Day(int k) => AsOf.AddDays(1 + k);

    private static PurchaseOrderReview Review(double onHand, params OpenPurchaseOrder[] orders) =>
        new(AsOf, onHand, Enumerable.Repeat(10.0, 60).ToArray(), orders, ReorderPoint: 100, SafetyStock: 30);

    private static OpenPurchaseOrder Po(string key, int day, double quantity) => new(key, Day(day), quantity);

    [Fact]
    public void Evaluate_ExpeditesToTheStockoutDay_WhenStockRunsOutBeforeTheLineArrives()
    {
        // 50 − 10·(k+1) < 0 first on day 5; by day 9 the balance is −50.
        var message = Assert.Single(PurchaseOrderMessages.Evaluate(Review(50, Po("PO1", 10, 200))));

        Assert.Equal(PurchaseOrderAction.Expedite, message.Action);
        Assert.Equal(Day(5), message.SuggestedDate);
        Assert.Equal(50, message.Shortfall, 6);
        Assert.False(message.IsLate);
    }

    [Fact]
    public void Evaluate_ReportsAShortfallLargerThanTheLine_WhenTheLineCanOnlyPartlyCloseTheGap()
    {
        var message = Assert.Single(PurchaseOrderMessages.Evaluate(Review(50, Po("PO1", 10, 30))));

        Assert.Equal(PurchaseOrderAction.Expedite, message.Action);
        Assert.Equal(50, message.Shortfall, 6);
        Assert.Equal(30, message.Quantity);
    }

    [Fact]
    public void Evaluate_ReschedulesIn_WhenStockFallsBelowSafetyStockWellBeforeTheLineButDoesNotRunOut()
    {
        // Safety stock 100, reorder point 200: 200 − 10·(k+1) < 100 first on day 10, 10 < 20 − 7; it reaches −10 only on day 20.
        var review = Review(200, Po("PO1", 20, 300)) with { ReorderPoint = 200, SafetyStock = 100 };

        var message = Assert.Single(PurchaseOrderMessages.Evaluate(review));

        Assert.Equal(PurchaseOrderAction.RescheduleIn, message.Action);
        Assert.Equal(Day(10), message.SuggestedDate);
    }

    [Fact]
    public void Evaluate_ReschedulesOutToTheNeedDate_WhenStockStaysAboveTheReorderPointLongAfterTheLine()
    {
        // 500 − 10·(k+1) < 100 first on day 40, more than 7 days after day 10.
        var message = Assert.Single(PurchaseOrderMessages.Evaluate(Review(500, Po("PO1", 10, 300))));

        Assert.Equal(PurchaseOrderAction.RescheduleOut, message.Action);
        Assert.Equal(Day(40), message.SuggestedDate);
        Assert.Equal(new DateOnly(2026, 2, 11), message.SuggestedDate);
    }

    [Fact]
    public void Evaluate_LeavesTheLineAlone_WhenTheNeedDateIsWithinTheMargin()
    {
        // 430 − 10·(k+1) < 100 first on day 33 (430 − 340 = 90), and 33 ≤ 30 + 7.
        var messages = PurchaseOrderMessages.Evaluate(Review(430, Po("PO1", 30, 100)));

        Assert.Empty(messages);
    }

    [Fact]
    public void Evaluate_Cancels_WhenStockStaysAboveTheReorderPointOverTheWholeHorizonWithoutTheLine()
    {
        var message = Assert.Single(PurchaseOrderMessages.Evaluate(Review(1000, Po("PO1", 10, 200))));

        Assert.Equal(PurchaseOrderAction.Cancel, message.Action);
        Assert.Equal(200, message.ReduceBy);
        Assert.Null(message.SuggestedDate);
    }

    [Fact]
    public void Evaluate_ReducesByTheExcessInWholePacks_WhenTheLineIsOnlyPartlyNeeded()
    {
        // Without the line the balance ends at 300 − 600 = −300: 400 units keep it at the reorder point; 500 − 400 = 100 spare.
        var single = Assert.Single(PurchaseOrderMessages.Evaluate(Review(300, Po("PO1", 20, 500))));
        var packed = Assert.Single(PurchaseOrderMessages.Evaluate(Review(300, Po("PO1", 20, 500)) with { PackSize = 30 }));

        Assert.Equal(PurchaseOrderAction.Reduce, single.Action);
        Assert.Equal(100, single.ReduceBy, 6);
        Assert.Equal(90, packed.ReduceBy, 6);
    }

    [Fact]
    public void Evaluate_SaysNothing_WhenTheLineIsWellTimedAndWhollyNeeded()
    {
        Assert.Empty(PurchaseOrderMessages.Evaluate(Review(300, Po("PO1", 20, 100))));
    }

    [Fact]
    public void Evaluate_ExpeditesALateLineToTheFirstDay_WhenItIsNeededNow()
    {
        var late = new OpenPurchaseOrder("PO-LATE", new DateOnly(2025, 12, 20), 200);

        var message = Assert.Single(PurchaseOrderMessages.Evaluate(Review(50, late)));

        Assert.Equal(PurchaseOrderAction.Expedite, message.Action);
        Assert.Equal(Day(0), message.SuggestedDate);
        Assert.True(message.IsLate);
    }

    [Theory]
    [InlineData(1000, PurchaseOrderAction.Cancel)]
    [InlineData(500, PurchaseOrderAction.RescheduleOut)]
    public void Evaluate_CancelsOrPushesOutALateLine_WhenItIsNotNeededSoon(double onHand, PurchaseOrderAction expected)
    {
        var late = new OpenPurchaseOrder("PO-LATE", AsOf, 200);

        var message = Assert.Single(PurchaseOrderMessages.Evaluate(Review(onHand, late)));

        Assert.Equal(expected, message.Action);
        Assert.True(message.IsLate);
        if (expected == PurchaseOrderAction.RescheduleOut)
            Assert.Equal(Day(40), message.SuggestedDate);
    }

    [Fact]
    public void Evaluate_CancelsOnlyTheLaterOfTwoSurplusLines_WhenEachAloneWouldLookSurplus()
    {
        // Without the day-20 line: 800 − 10·(k+1) ≥ 200 → cancel it. Then without both: 600 − 10·(k+1) < 100 first on
        // day 50 → the day-10 line is pushed out to day 50, not cancelled too.
        var messages = PurchaseOrderMessages.Evaluate(Review(600, Po("PO1", 10, 200), Po("PO2", 20, 200)));

        Assert.Equal(2, messages.Count);
        Assert.Equal(("PO1", PurchaseOrderAction.RescheduleOut), (messages[0].Key, messages[0].Action));
        Assert.Equal(Day(50), messages[0].SuggestedDate);
        Assert.Equal(("PO2", PurchaseOrderAction.Cancel), (messages[1].Key, messages[1].Action));
    }

    [Fact]
    public void Evaluate_LeavesALineDatedPastTheHorizonAlone_WhenNothingIsShortBeforeIt()
    {
        Assert.Empty(PurchaseOrderMessages.Evaluate(Review(1000, Po("PO1", 90, 200))));
    }

    [Fact]
    public void Evaluate_Throws_WhenAQuantityIsNegative()
    {
        Assert.Throws<ArgumentException>(() => PurchaseOrderMessages.Evaluate(Review(100, Po("PO1", 10, -5))));
    }

    [Fact]
    public void Project_ExposesTheMeanDailyDemandItUsed()
    {
        var grid = new PeriodGrid([new DateOnly(2026, 1, 2), new DateOnly(2026, 1, 9)], new DateOnly(2026, 1, 16));
        var demand = new QuantileDemandForecast(grid, [0.5], [[70.0], [140.0]], [70.0, 140.0]);
        var projection = InventoryProjector.Project(new InventoryProblem(AsOf, 100, [], demand, new ReplenishmentPolicy { LeadTimeDays = 7 }));

        Assert.Equal(14, projection.ExpectedDailyDemand.Count);
        Assert.Equal(10, projection.ExpectedDailyDemand[0], 6);
        Assert.Equal(20, projection.ExpectedDailyDemand[13], 6);
    }
}
