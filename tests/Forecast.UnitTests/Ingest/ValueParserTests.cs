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

    private static readonly TargetField NameField = new("name", "name", FieldType.Text, "text");
    private static readonly TargetField EmailField = new("email", "email", FieldType.Text, "text") { IsEmail = true };
    private static readonly TargetField SubjectField = new("subject", "subject", FieldType.Text, "text") { FreeText = true };

    [Theory]
    [InlineData("0001/01/01")]
    [InlineData("9999/12/31")]
    [InlineData("1899/12/31")]
    [InlineData("2200/01/01")]
    public void TryParse_RefusesTheDate_WhenItIsOutsideTheLimits(string raw) =>
        Assert.Contains("outside the accepted dates 1900-01-01..2199-12-31", Fails(DateField, new FieldMapping { Format = "yyyy/MM/dd" }, raw), StringComparison.Ordinal);

    [Fact]
    public void TryParse_UsesTheConfiguredDateLimits()
    {
        var limits = new ImportLimits { MinDate = new DateOnly(2000, 1, 1), MaxDate = new DateOnly(2030, 12, 31) };
        Assert.False(ValueParser.Create(DateField, new FieldMapping(), null, limits).TryParse("1999-12-31", out _, out _));
        Assert.True(ValueParser.Create(DateField, new FieldMapping(), null, limits).TryParse("2000-01-01", out _, out _));
    }

    [Fact]
    public void TryParse_RefusesText_LongerThanTheConfiguredLimit()
    {
        var limits = new ImportLimits { MaxTextLength = 10 };
        Assert.True(ValueParser.Create(NameField, new FieldMapping(), null, limits).TryParse(new string('x', 10), out _, out _));
        Assert.False(ValueParser.Create(NameField, new FieldMapping(), null, limits).TryParse(new string('x', 11), out _, out var reason));
        Assert.Contains("11 characters; at most 10", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(@"Acme\u0000")]
    [InlineData(@"Acme\u0007 Tools")]
    [InlineData(@"Acme\r\nBcc: x@y")]
    [InlineData(@"Acme\tTools")]
    [InlineData(@"\u001b[31mAcme")]
    [InlineData(@"Ac\u0085me")]
    [InlineData(@"Acme\ud800")]
    public void TryParse_RefusesANameWithAControlCharacterOrABrokenSurrogate(string escaped) =>
        Assert.Matches("control character|unpaired surrogate", Fails(NameField, new FieldMapping(), System.Text.RegularExpressions.Regex.Unescape(escaped)));

    [Fact]
    public void TryParse_KeepsTabsAndLineBreaks_InFreeTextButNotANul()
    {
        Assert.Equal("Call\tback\nlater", Parse(SubjectField, new FieldMapping(), "Call\tback\nlater").Text);
        Assert.Contains("control character (U+0000)", Fails(SubjectField, new FieldMapping(), "Call\0"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a@x.com, b@y.com")]
    [InlineData("a@x.com;b@y.com")]
    [InlineData("Amy <a@x.com>")]
    [InlineData("not-an-email")]
    [InlineData("a@")]
    [InlineData("\"a b\"@x.com")]
    public void TryParse_RefusesAnEmail_ThatIsNotExactlyOneAddress(string raw) =>
        Assert.Contains("not one email address", Fails(EmailField, new FieldMapping(), raw), StringComparison.Ordinal);

    [Fact]
    public void TryParse_AcceptsOnePlainEmailAddress() =>
        Assert.Equal("amy.chen@example.com", Parse(EmailField, new FieldMapping(), " amy.chen@example.com ").Text);

    [Theory]
    [InlineData("1e20")]
    [InlineData("100000000000000")]
    [InlineData("-100000000000000")]
    public void TryParse_RefusesANumber_TooLargeForTheColumn(string raw) =>
        Assert.Contains("too large", Fails(DecimalField, new FieldMapping(), raw), StringComparison.Ordinal);

    [Fact]
    public void TryParse_AcceptsTheLargestNumberTheColumnHolds() =>
        Assert.Equal(99999999999999.9999m, Parse(DecimalField, new FieldMapping(), "99999999999999.9999").Decimal);
}
