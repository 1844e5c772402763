using System.Globalization;
using Forecast.Core.Formatting;

namespace Forecast.UnitTests.Formatting;

public sealed class AmountsTests
{
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en");

    [Theory]
    [InlineData(62.5, "EA", 63)]
    [InlineData(2.5, "PCS", 3)]
    [InlineData(2.01, "set", 3)]
    [InlineData(40, "pcs", 40)]
    [InlineData(2.5, "盒", 3)]
    [InlineData(2.5, "kg", 2.5)]
    [InlineData(2.5, null, 2.5)]
    public void Needed_RoundsUpToAWholeUnit_OnlyForCountableUnits(double quantity, string? unit, double expected) =>
        Assert.Equal((decimal)expected, Amounts.Needed((decimal)quantity, unit));

    [Theory]
    [InlineData(2.5, "PCS", 2)]
    [InlineData(2.5, "L", 2.5)]
    public void Available_RoundsDownToAWholeUnit_OnlyForCountableUnits(double quantity, string? unit, double expected) =>
        Assert.Equal((decimal)expected, Amounts.Available((decimal)quantity, unit));

    [Theory]
    [InlineData(45962.9, "TWD", "TWD 45,963")]
    [InlineData(-67289.4, "TWD", "-TWD 67,289")]
    [InlineData(1234.5, "usd", "USD 1,234.50")]
    [InlineData(-0.2, "TWD", "TWD 0")]
    [InlineData(10, null, "10.00")]
    public void Money_ShowsTheCurrencyAndItsDecimals(double amount, string? currency, string expected) =>
        Assert.Equal(expected, Amounts.Money((decimal)amount, currency, En));

    [Fact]
    public void MoneyNumber_UsesTheCurrencysDecimals_WithoutTheCode() =>
        Assert.Equal("45,963", Amounts.MoneyNumber(45962.9m, "TWD", En));
}
