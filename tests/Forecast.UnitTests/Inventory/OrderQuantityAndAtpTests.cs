using Forecast.Modeling.Inventory;

namespace Forecast.UnitTests.Inventory;

public sealed class OrderQuantityTests
{
    [Theory]
    [InlineData(37, 50, 12, 60)]   // MOQ first (50), then whole packs of 12: 5 packs
    [InlineData(61, 50, 12, 72)]
    [InlineData(72, 50, 12, 72)]
    [InlineData(120.0000000001, 0, 12, 120)] // floating-point noise does not add a pack
    [InlineData(13.2, 0, 1, 14)]
    [InlineData(13.2, 0, 0, 14)]  // pack 0 reads as single units
    [InlineData(5, 0, 0.5, 5)]
    [InlineData(0, 50, 12, 0)]
    [InlineData(-3, 50, 12, 0)]
    public void Round_RoundsUpToMoqThenWholePacks_WhenANeedIsGiven(double raw, double moq, double pack, double expected) =>
        Assert.Equal((decimal)expected, OrderQuantity.Round(raw, (decimal)moq, (decimal)pack));

    [Theory]
    [InlineData(0, 50, 12, 60)]
    [InlineData(0, 0, 6, 6)]
    [InlineData(0, 0, 0, 1)]
    public void Round_ReturnsTheSmallestAcceptableOrder_WhenAnOrderIsDueButTheNeedIsZero(double raw, double moq, double pack, double expected) =>
        Assert.Equal((decimal)expected, OrderQuantity.Round(raw, (decimal)moq, (decimal)pack, mustOrder: true));
}

public sealed class AvailableToPromiseTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 27);
    private static readonly DateOnly First = AsOf.AddDays(1);

    [Fact]
    public void FromBalances_TakesTheRunningMinimumFromTheEnd_AndFloorsAtZero()
    {
        var steps = AvailableToPromise.FromBalances([5, 3, 4, 10, 8], First);

        Assert.Equal(
            [new AvailableToPromiseStep(First, 3), new AvailableToPromiseStep(First.AddDays(2), 4), new AvailableToPromiseStep(First.AddDays(3), 8)],
            steps);
        Assert.Equal([new AvailableToPromiseStep(First, 0), new AvailableToPromiseStep(First.AddDays(2), 1)], AvailableToPromise.FromBalances([2, -1, 1], First));
    }

    [Fact]
    public void EarliestShipDate_AnswersEachCase_FromTheSteps()
    {
        AvailableToPromiseStep[] steps = [new(First, 3), new(First.AddDays(2), 4), new(First.AddDays(3), 8)];

        Assert.Equal(new ShipDateAnswer(First, ShipDateBasis.AvailableNow, 3), AvailableToPromise.EarliestShipDate(steps, 3, AsOf, 14));
        Assert.Equal(new ShipDateAnswer(First.AddDays(2), ShipDateBasis.AfterScheduledSupply, 4), AvailableToPromise.EarliestShipDate(steps, 3.5, AsOf, 14));
        Assert.Equal(new ShipDateAnswer(AsOf.AddDays(15), ShipDateBasis.NeedsNewReplenishment, 8), AvailableToPromise.EarliestShipDate(steps, 9, AsOf, 14));
        Assert.Throws<ArgumentOutOfRangeException>(() => AvailableToPromise.EarliestShipDate(steps, 0, AsOf, 14));
    }
}

public sealed class PeriodGridTests
{
    [Fact]
    public void PeriodOf_FindsThePeriodOfADay_AndMinusOneOutside()
    {
        var grid = new PeriodGrid([new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 8), new DateOnly(2026, 12, 15)], new DateOnly(2027, 1, 1));

        Assert.Equal(0, grid.PeriodOf(new DateOnly(2026, 12, 1)));
        Assert.Equal(0, grid.PeriodOf(new DateOnly(2026, 12, 7)));
        Assert.Equal(1, grid.PeriodOf(new DateOnly(2026, 12, 8)));
        Assert.Equal(2, grid.PeriodOf(new DateOnly(2026, 12, 31)));
        Assert.Equal(-1, grid.PeriodOf(new DateOnly(2027, 1, 1)));
        Assert.Equal(-1, grid.PeriodOf(new DateOnly(2026, 11, 30)));
        Assert.Equal(17, grid.LengthInDays(2));
    }

    [Fact]
    public void Constructor_Throws_WhenStartsDoNotIncreaseOrTheEndIsNotAfterThem()
    {
        var day = new DateOnly(2026, 12, 1);

        Assert.Throws<ArgumentException>(() => new PeriodGrid([], day));
        Assert.Throws<ArgumentException>(() => new PeriodGrid([day, day], day.AddDays(7)));
        Assert.Throws<ArgumentException>(() => new PeriodGrid([day], day));
    }
}
