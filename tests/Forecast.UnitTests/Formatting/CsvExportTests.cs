using System.Text;
using Forecast.Core.Formatting;
using Forecast.Core.Inventory;
using Forecast.Core.Outreach.CrmSync;
using nietras.SeparatedValues;

namespace Forecast.UnitTests.Formatting;

/// <summary>
/// Every CSV the product hands out goes through Sep (issue 14: one CSV library): the header, RFC 4180 quoting of a
/// cell holding a comma, a quote and a newline, CRLF rows, a byte-order mark and invariant numbers.
/// </summary>
public sealed class CsvExportTests
{
    private const string Awkward = "Acme, \"Taipei\"\nBranch";

    private static List<Dictionary<string, string>> Rows(byte[] csv)
    {
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
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

    [Fact]
    public void ToBytes_QuotesACellWithACommaAQuoteAndANewline_AndEndsRowsWithCrLf()
    {
        var csv = CsvExport.ToBytes(["name", "qty"], [[Awkward, "1.5"], ["plain", "-2"]]);

        Assert.Equal("name,qty\r\n\"Acme, \"\"Taipei\"\"\nBranch\",1.5\r\nplain,-2\r\n", Encoding.UTF8.GetString(csv.AsSpan(3)));
    }

    [Fact]
    public void ToBytes_WritesTheHeader_WhenThereAreNoRows()
    {
        Assert.Equal("a,b\r\n", Encoding.UTF8.GetString(CsvExport.ToBytes(["a", "b"], []).AsSpan(3)));
    }

    [Fact]
    public void Row_RefusesARowOfAnotherWidth()
    {
        using var csv = new CsvExport(new MemoryStream(), ["a", "b"]);
        Assert.Throws<ArgumentException>(() => csv.Row("only one"));
    }

    [Fact]
    public void SuggestedOrders_KeepAnAwkwardNameWhole()
    {
        var csv = PlannerQueries.ToCsv(new SuggestedOrders(1, new DateOnly(2026, 11, 27),
            [new(1, "SKU-1", Awkward, null, Awkward, "pcs", 60.5m, new DateOnly(2026, 12, 1), 50, 12, 14, 0.42, null, 10, 0)]));

        var row = Assert.Single(Rows(csv));
        Assert.Equal(Awkward, row["name"]);
        Assert.Equal(Awkward, row["supplier"]);
        Assert.Equal("60.5", row["order_quantity"]);
        Assert.Equal("2026-11-27", row["as_of"]);
    }

    [Fact]
    public void PurchaseProposals_KeepAnAwkwardSupplierWhole()
    {
        PurchaseProposal[] proposals =
        [
            new() { Key = "B-1@2026-11-27", Sku = "B-1", Supplier = Awkward, Quantity = 1200.5m, SuggestedQuantity = 1200, PlanAsOf = new(2026, 11, 27),
                ApprovedBy = "p@x", ApprovedAt = new DateTimeOffset(2026, 12, 7, 8, 30, 0, TimeSpan.Zero) },
        ];

        var row = Assert.Single(Rows(PurchaseProposals.ToCsv(proposals)));
        Assert.Equal(Awkward, row["supplier"]);
        Assert.Equal("1200.5", row["quantity"]);
        Assert.Equal("2026-12-07T08:30:00Z", row["approved_at_utc"]);
    }

    [Fact]
    public void SupplierOrders_KeepAnAwkwardSupplierWhole()
    {
        var grouping = new SupplierGrouping(new DateOnly(2026, 11, 27), "TWD", [new(Awkward, 2, 1234.5m, 1, 10, 1244.5m, 0, 5000, "TWD", true)]);

        var row = Assert.Single(Rows(SupplierOrders.ToCsv(grouping)));
        Assert.Equal(Awkward, row["supplier"]);
        Assert.Equal("1244.5", row["total_value"]);
        Assert.Equal("true", row["below_minimum"]);
    }

    [Fact]
    public void CrmActivities_KeepAnAwkwardTextWhole()
    {
        var activity = new CrmActivity("k-1", 7, 3, CrmActivityKind.Note, "ACC-1", "U-1", new DateOnly(2026, 12, 7), null,
            new DateTimeOffset(2026, 12, 7, 8, 30, 0, TimeSpan.Zero), Awkward, Awkward, Awkward);

        var row = Assert.Single(Rows(CrmActivities.ToCsv([activity])));
        Assert.Equal(Awkward, row["subject"]);
        Assert.Equal(Awkward, row["text"]);
        Assert.Equal(Awkward, row["customer"]);
        Assert.Equal("", row["due_date"]);
        Assert.Equal("3", row["reminder_id"]);
    }
}
