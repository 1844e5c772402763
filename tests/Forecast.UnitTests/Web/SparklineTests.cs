using Forecast.Core.CustomerView;
using Forecast.Web;
using Forecast.Web.Charts;

namespace Forecast.UnitTests.Web;

public sealed class SparklineTests
{
    [Fact]
    public void Points_SpreadMonthsEvenly_ZeroOnTheBottomEdge_AndTheLargestOnTheTop()
    {
        var points = Sparkline.Points([0m, 10m, 5m, 20m], width: 100, height: 30, padding: 2);

        Assert.Equal([2.0, 34.0, 66.0, 98.0], points.Select(p => Math.Round(p.X, 6)));
        Assert.Equal([28.0, 15.0, 21.5, 2.0], points.Select(p => Math.Round(p.Y, 6)));
    }

    [Fact]
    public void Points_LieOnTheBottomEdge_WhenNothingWasOrdered_AndNegativeReadsAsZero()
    {
        var points = Sparkline.Points([0m, 0m, -3m], width: 100, height: 30, padding: 2);

        Assert.All(points, p => Assert.Equal(28.0, p.Y));
        Assert.All(points, p => Assert.True(double.IsFinite(p.X)));
    }

    [Fact]
    public void Points_PutASingleMonthInTheMiddle_AndNoMonthsDrawNothing()
    {
        Assert.Equal([(50.0, 2.0)], Sparkline.Points([7m], width: 100, height: 30, padding: 2));
        Assert.Empty(Sparkline.Points([]));
    }

    [Fact]
    public void Svg_IsAnImageNamedByItsLabel_WithTheLabelEscaped()
    {
        var svg = Sparkline.Svg([1m, 2m], "A & B: 1, 2 \"units\"", "s-1");

        Assert.StartsWith("<svg class=\"sparkline\" id=\"s-1\" role=\"img\" aria-label=\"A &amp; B: 1, 2 &quot;units&quot;\"", svg, StringComparison.Ordinal);
        Assert.Contains("points=\"2,14 118,2\"", svg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { 10, 10, 10, 10 }, TrendDirection.Steady)]
    [InlineData(new[] { 10, 10, 12, 12 }, TrendDirection.Rising)]
    [InlineData(new[] { 12, 12, 10, 10 }, TrendDirection.Falling)]
    [InlineData(new[] { 0, 0, 0, 1 }, TrendDirection.Rising)]
    [InlineData(new[] { 0, 0, 0, 0 }, TrendDirection.Steady)]
    public void Direction_ComparesTheLastHalfWithTheHalfBefore(int[] monthly, TrendDirection expected) =>
        Assert.Equal(expected, SalesTrends.Direction(monthly.Select(m => (decimal)m).ToList()));

    [Fact]
    public void Direction_UsesTheLastTwelveMonthsAgainstTheTwelveBefore_InTwoYears()
    {
        // A large first half-year (months 1-6) does not count against the second year if months 7-12 match it.
        decimal[] monthly = [.. Enumerable.Repeat(100m, 6), .. Enumerable.Repeat(5m, 6), .. Enumerable.Repeat(5m, 12)];

        Assert.Equal(TrendDirection.Falling, SalesTrends.Direction(monthly));
        Assert.Equal(TrendDirection.Steady, SalesTrends.Direction(monthly[6..]));
    }

    [Theory]
    [InlineData("02-2345-6789 ext. 12", "tel:0223456789;ext=12")]
    [InlineData("+886 (2) 2345-6789", "tel:+886223456789")]
    [InlineData("0912 345 678", "tel:0912345678")]
    [InlineData("(02) 2345 6789 分機 305", "tel:0223456789;ext=305")]
    [InlineData("555-1234 x7", "tel:5551234;ext=7")]
    [InlineData("call reception", null)]
    [InlineData("  ", null)]
    [InlineData(null, null)]
    public void Tel_KeepsWhatAPhoneDials(string? phone, string? expected) =>
        Assert.Equal(expected, PhoneLinks.Tel(phone));
}
