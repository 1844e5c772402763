using System.Text;
using Forecast.Core.Inventory;
using nietras.SeparatedValues;

namespace Forecast.UnitTests.Inventory;

/// <summary>The suggested-orders CSV a planner opens in a spreadsheet: no formula runs, Chinese names survive, numbers stay numbers.</summary>
public sealed class SuggestedOrdersCsvTests
{
    private static SuggestedOrderLine Line(string sku, string name, string? family = null, string? supplier = null, string? unit = null, decimal onHand = 10) =>
        new(1, sku, name, family, supplier, unit, 60, new DateOnly(2026, 12, 1), 50, 12, 14, 0.42, new DateOnly(2026, 12, 10), onHand, 0);

    private static List<Dictionary<string, string>> Rows(byte[] csv)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromText(Encoding.UTF8.GetString(csv.AsSpan(3)));
        var header = reader.Header.ColNames;
        var rows = new List<Dictionary<string, string>>();
        foreach (var row in reader)
        {
            var cells = new Dictionary<string, string>();
            foreach (var name in header)
                cells[name] = row[name].ToString();
            rows.Add(cells);
        }
        return rows;
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"click\")")]
    [InlineData("+cmd|' /C calc'!A0")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1:A9)")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    public void ToCsv_PrefixesAQuote_WhenATextCellWouldRunAsAFormula(string hostile)
    {
        var csv = PlannerQueries.ToCsv(new SuggestedOrders(1, new DateOnly(2026, 11, 27),
            [Line(hostile, hostile, hostile, hostile, hostile)]));

        var row = Assert.Single(Rows(csv));
        foreach (var column in new[] { "sku", "name", "family", "supplier", "unit" })
            Assert.Equal("'" + hostile, row[column]);
    }

    [Fact]
    public void ToCsv_KeepsNegativeNumbersAndPlainTextAsTheyAre()
    {
        var csv = PlannerQueries.ToCsv(new SuggestedOrders(1, new DateOnly(2026, 11, 27), [Line("SKU-1", "A-grade bolt", "Fasteners", null, "pcs", onHand: -5.5m)]));

        var row = Assert.Single(Rows(csv));
        Assert.Equal("-5.5", row["on_hand"]);
        Assert.Equal("SKU-1", row["sku"]);
        Assert.Equal("A-grade bolt", row["name"]);
        Assert.Equal("", row["supplier"]);
        Assert.Equal("60", row["order_quantity"]);
    }

    [Fact]
    public void ToCsv_StartsWithAUtf8ByteOrderMark_SoExcelReadsChineseNames()
    {
        var csv = PlannerQueries.ToCsv(new SuggestedOrders(1, new DateOnly(2026, 11, 27), [Line("SKU-2", "台灣精密螺絲")]));

        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
        Assert.Equal("台灣精密螺絲", Assert.Single(Rows(csv))["name"]);
    }
}
