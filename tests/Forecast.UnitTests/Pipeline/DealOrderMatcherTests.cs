using Forecast.Modeling.Pipeline;

namespace Forecast.UnitTests.Pipeline;

public sealed class DealOrderMatcherTests
{
    private static readonly DateOnly Close = new(2026, 3, 10);

    private static WonDealLine Deal(string id, double quantity, DateOnly? closed = null, string customer = "C1", string product = "P1") =>
        new(id, customer, product, quantity, new DateOnly(2026, 1, 1), closed ?? Close);

    private static OrderLineFact Order(long id, double quantity, int daysAfterClose, string customer = "C1", string product = "P1") =>
        new(id, customer, product, quantity, Close.AddDays(daysAfterClose));

    [Fact]
    public void Match_TakesTheOrderOfTheDealQuantity_WhenOtherOrdersAreNearer()
    {
        var matches = DealOrderMatcher.Match([Deal("d1", 500)], [Order(1, 20, 1), Order(2, 505, 6), Order(3, 20, 8)]);
        var match = Assert.Single(matches);
        Assert.Equal([2L], match.Orders.Select(o => o.Id));
        Assert.Equal(6, match.CloseToOrderDays);
        Assert.Equal(Close.AddDays(6).DayNumber - new DateOnly(2026, 1, 1).DayNumber, match.OpenToOrderDays);
    }

    [Fact]
    public void Match_CombinesOrdersAfterTheClose_WhenTheDealWasDeliveredInParts()
    {
        var matches = DealOrderMatcher.Match([Deal("d1", 300)], [Order(1, 100, -3), Order(2, 150, 2), Order(3, 150, 9), Order(4, 40, 12)]);
        var match = Assert.Single(matches);
        Assert.Equal([2L, 3L], match.Orders.Select(o => o.Id));
        Assert.Equal(Close.AddDays(2), match.OrderedOn);
    }

    [Fact]
    public void Match_FindsNothing_WhenTheOrderIsOutsideTheWindowOrForAnotherCustomer()
    {
        var matches = DealOrderMatcher.Match(
            [Deal("d1", 200)],
            [Order(1, 200, 60), Order(2, 200, -20), Order(3, 200, 3, customer: "C2"), Order(4, 200, 3, product: "P2")]);
        Assert.Empty(matches);
    }

    [Fact]
    public void Match_UsesEachOrderOnce_WhenTwoDealsCompeteForIt()
    {
        var second = Close.AddDays(5);
        var matches = DealOrderMatcher.Match([Deal("late", 200, second), Deal("early", 200)], [Order(1, 200, 4), Order(2, 200, 12)]);
        Assert.Equal([("early", 1L), ("late", 2L)], matches.Select(m => (m.Deal.DealId, m.Orders.Single().Id)));
    }

    [Fact]
    public void Match_AcceptsAnOrderBeforeTheClose_WhenTheRepClosedTheDealLate()
    {
        var match = Assert.Single(DealOrderMatcher.Match([Deal("d1", 80)], [Order(1, 80, -5)]));
        Assert.Equal(-5, match.CloseToOrderDays);
    }
}
