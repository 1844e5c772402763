using Forecast.Core.Data;
using Forecast.Core.Ingest;

namespace Forecast.UnitTests.Ingest;

public sealed class ValueParserTests
{
    private static readonly TargetField DateField = new("d", "d", FieldType.Date, "date");
    private static readonly TargetField DecimalField = new("q", "q", FieldType.Decimal, "numeric(18,4)");
    private static readonly TargetField IntField = new("i", "i", FieldType.Integer, "integer");
    private static readonly TargetField BoolField = new("b", "b", FieldType.Boolean, "boolean");
    private static readonly TargetField TextField = new("t", "t", FieldType.Text, "text");
    private static readonly TargetField StatusField = new("s", "s", FieldType.Enum, "text") { EnumType = typeof(SalesOrderStatus) };

    private static FieldValue Parse(TargetField field, FieldMapping mapping, string raw, string? culture = null)
    {
        Assert.True(ValueParser.Create(field, mapping, culture).TryParse(raw, out var value, out var reason), reason);
        return value;
    }

    private static string Fails(TargetField field, FieldMapping mapping, string raw, string? culture = null)
    {
        Assert.False(ValueParser.Create(field, mapping, culture).TryParse(raw, out _, out var reason));
        return reason!;
    }

    [Theory]
    [InlineData("yyyy/MM/dd", "2024/05/02")]
    [InlineData("dd.MM.yyyy", "02.05.2024")]
    [InlineData("yyyy-MM-dd HH:mm:ss", "2024-05-02 23:59:00")]
    [InlineData("yyyy-MM-dd", " 2024-05-02 ")]
    public void TryParse_ReadsTheDate_WhenTheCellHasTheMappingsFormat(string format, string raw) =>
        Assert.Equal(new DateOnly(2024, 5, 2), Parse(DateField, new FieldMapping { Format = format }, raw).Date);

    [Theory]
    [InlineData("113/05/02", 2024, 5, 2)]
    [InlineData("113/02/29", 2024, 2, 29)]
    [InlineData("99/12/31", 2010, 12, 31)]
    [InlineData("1/01/01", 1912, 1, 1)]
    public void TryParse_AddsNineteenElevenYears_WhenTheCalendarIsRoc(string raw, int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), Parse(DateField, new FieldMapping { Format = "yyy/MM/dd", Calendar = "roc" }, raw).Date);

    [Theory]
    [InlineData("112/02/29")]
    [InlineData("113/13/01")]
    [InlineData("2024/05/02")]
    [InlineData("113-05-02")]
    public void TryParse_Fails_WhenARocDateDoesNotExistOrHasAnotherShape(string raw) =>
        Assert.Contains("ROC", Fails(DateField, new FieldMapping { Format = "yyy/MM/dd", Calendar = "roc" }, raw), StringComparison.Ordinal);

    [Theory]
    [InlineData("2024/02/30")]
    [InlineData("02.05.2024")]
    [InlineData("tomorrow")]
    public void TryParse_Fails_WhenTheDateIsNotInTheFormat(string raw) =>
        Assert.Contains("yyyy/MM/dd", Fails(DateField, new FieldMapping { Format = "yyyy/MM/dd" }, raw), StringComparison.Ordinal);

    [Fact]
    public void TryParse_ReadsADecimalComma_WhenTheColumnSaysSo() =>
        Assert.Equal(1234.56m, Parse(DecimalField, new FieldMapping { DecimalComma = true }, "1234,56").Decimal);

    [Fact]
    public void TryParse_ReadsADecimalComma_WhenTheFileCultureUsesOne() =>
        Assert.Equal(-0.5m, Parse(DecimalField, new FieldMapping(), "-0,5", culture: "de-DE").Decimal);

    [Fact]
    public void TryParse_RefusesACommaInsteadOfGuessing_WhenNoCultureOrThousandsIsGiven() =>
        Assert.Contains("number", Fails(DecimalField, new FieldMapping(), "1,5"), StringComparison.Ordinal);

    [Fact]
    public void TryParse_ReadsThousandsSeparators_WhenAllowed() =>
        Assert.Equal(1234567.5m, Parse(DecimalField, new FieldMapping { Thousands = true }, "1,234,567.50").Decimal);

    [Theory]
    [InlineData("2.55", 2.55)]
    [InlineData("1e-04", 0.0001)]
    [InlineData("-12", -12)]
    public void TryParse_ReadsInvariantNumbers_WhenNoCultureIsGiven(string raw, double expected) =>
        Assert.Equal((decimal)expected, Parse(DecimalField, new FieldMapping(), raw).Decimal);

    [Theory]
    [InlineData("30", 30)]
    [InlineData("30.0", 30)]
    public void TryParse_ReadsWholeNumbers_WhenTheFieldIsAnInteger(string raw, int expected) =>
        Assert.Equal(expected, Parse(IntField, new FieldMapping(), raw).Integer);

    [Fact]
    public void TryParse_Fails_WhenAnIntegerHasAFraction() =>
        Assert.Contains("whole number", Fails(IntField, new FieldMapping(), "2.5"), StringComparison.Ordinal);

    [Theory]
    [InlineData("Y", true)]
    [InlineData("n", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData("TRUE", true)]
    [InlineData("false", false)]
    [InlineData("yes", true)]
    public void TryParse_ReadsBooleans_InTheUsualSpellings(string raw, bool expected) =>
        Assert.Equal(expected, Parse(BoolField, new FieldMapping(), raw).Boolean);

    [Fact]
    public void TryParse_MapsTheCodeThenTheEnum_WhenTheFieldHasACodeList()
    {
        var mapping = new FieldMapping { Codes = new() { ["O"] = "Open", ["X"] = "Cancelled" } };
        Assert.Equal("Cancelled", Parse(StatusField, mapping, "x").Text);
        Assert.Contains("unknown code", Fails(StatusField, mapping, "Z"), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_UsesTheEnumsOwnSpelling_WhenTheCellNamesAMemberInAnotherCase() =>
        Assert.Equal("Shipped", Parse(StatusField, new FieldMapping(), "SHIPPED").Text);

    [Fact]
    public void TryParse_SetsTheBooleanFromThePattern_WhenTheFieldHasMatches()
    {
        var mapping = new FieldMapping { Matches = "^C" };
        Assert.True(Parse(BoolField, mapping, "C536379").Boolean);
        Assert.False(Parse(BoolField, mapping, "536379").Boolean);
    }

    [Theory]
    [InlineData("=cmd|' /C calc'!A0")]
    [InlineData("+SUM(A1:A9)")]
    [InlineData("@HYPERLINK(\"http://x\")")]
    public void TryParse_KeepsFormulaLookingTextAsItIs_WhenTheFieldIsText(string raw) =>
        Assert.Equal(raw, Parse(TextField, new FieldMapping(), raw).Text);

    [Fact]
    public void TryParse_GivesNull_WhenTheCellIsBlank() =>
        Assert.True(Parse(DecimalField, new FieldMapping(), "   ").IsNull);
}
