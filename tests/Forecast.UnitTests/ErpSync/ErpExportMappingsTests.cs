using System.Text;
using Forecast.Core.ErpSync;
using Forecast.Core.Ingest;

namespace Forecast.UnitTests.ErpSync;

/// <summary>The import's mapping language read in reverse: what a cell becomes, and which mappings are refused.</summary>
public sealed class ErpExportMappingsTests
{
    private static readonly TargetField Date = new("orderDate", "order_date", FieldType.Date, "date");
    private static readonly TargetField Amount = new("unitPrice", "unit_price", FieldType.Decimal, "numeric");
    private static readonly TargetField Status = new("status", "status", FieldType.Enum, "text");

    [Theory]
    [InlineData("yyyy/MM/dd", null, "2026/05/09")]
    [InlineData("yyy/MM/dd", "roc", "115/05/09")]
    [InlineData("yyyMMdd", "roc", "1150509")]
    [InlineData("dd.MM.yyyy", null, "09.05.2026")]
    public void Format_WritesADateAsTheImportReadsIt(string format, string? calendar, string expected) =>
        Assert.Equal(expected, ErpExportMappings.Format(new DateOnly(2026, 5, 9), Date, new FieldMapping { Format = format, Calendar = calendar }, null));

    [Fact]
    public void Format_WritesNumbersInTheFieldsConvention_AndOurValueAsItsFirstCode()
    {
        Assert.Equal("1234.5", ErpExportMappings.Format(1234.5m, Amount, new FieldMapping(), null));
        Assert.Equal("1234,5", ErpExportMappings.Format(1234.5m, Amount, new FieldMapping { DecimalComma = true }, null));
        Assert.Equal("1234,5", ErpExportMappings.Format(1234.5m, Amount, new FieldMapping(), "de-DE"));
        var codes = new FieldMapping { Codes = new(StringComparer.OrdinalIgnoreCase) { ["O"] = "Open", ["OP"] = "Open", ["S"] = "Shipped" } };
        Assert.Equal("O", ErpExportMappings.Format("Open", Status, codes, null));
        Assert.Equal("Cancelled", ErpExportMappings.Format("Cancelled", Status, codes, null)); // no code: our value
        Assert.Equal("", ErpExportMappings.Format(null, Amount, new FieldMapping(), null));
    }

    [Fact]
    public void TheShippedLayout_Loads_AndCoversEveryKind()
    {
        var mapping = ErpExportMappings.Load("erp-documents");
        Assert.Equal(["customers", "sales-orders", "sales-order-lines", "purchase-proposals"], mapping.Files.Select(f => f.Targets[0].Entity));
    }

    [Fact]
    public void Parse_RefusesWhatItCannotWrite_NamingEachPlace()
    {
        const string json = """
            { "system": "crm", "files": [
              { "file": "out/*.csv", "targets": [ { "entity": "sales-orders", "key": ["N"], "fields": { "orderNumber": "N", "colour": "C", "currency": { "column": "K", "format": "yyyy" } } } ] },
              { "file": "I.csv", "targets": [ { "entity": "invoices", "key": ["N"], "fields": { "amount": "A" } } ] } ] }
            """;

        var error = Assert.Throws<MappingException>(() => ErpExportMappings.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)), "bad"));

        Assert.Contains("system: an export mapping is for \"erp\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("files[0].file: give the file name the ERP reads, without wildcards or folders.", error.Message, StringComparison.Ordinal);
        Assert.Contains("files[0].targets[0].fields.colour: sales-orders has no field \"colour\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("files[0].targets[0].fields.currency.format: only date fields take a format.", error.Message, StringComparison.Ordinal);
        Assert.Contains("files[1].targets[0].entity: \"invoices\" cannot be exported", error.Message, StringComparison.Ordinal);
    }
}
