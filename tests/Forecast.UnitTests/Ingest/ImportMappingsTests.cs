using System.Text;
using Forecast.Core.Ingest;

namespace Forecast.UnitTests.Ingest;

public sealed class ImportMappingsTests
{
    private static ImportMapping Parse(string json) => ImportMappings.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test");

    [Theory]
    [InlineData("demo-erp", "erp", 8)]
    [InlineData("demo-crm", "crm", 6)]
    [InlineData("online-retail", "erp", 1)]
    public void Load_GivesAValidMapping_ForEachShippedMapping(string name, string system, int files)
    {
        var mapping = ImportMappings.Load(name);
        Assert.Equal(system, mapping.System);
        Assert.Equal(files, mapping.Files.Count);
        Assert.Empty(ImportMappings.Validate(mapping));
    }

    [Fact]
    public void Load_MapsBothSourceNamesToOurCustomerName_ForTheClassicErpAndCrmCase()
    {
        var erp = ImportMappings.Load("demo-erp").Files.Single(f => f.File == "CUSTOMER.csv").Targets.Single();
        var crm = ImportMappings.Load("demo-crm").Files.Single(f => f.File == "Accounts.csv").Targets.Single();
        Assert.Equal("CUST_NM", erp.Fields["name"].Column);
        Assert.Equal("Client_Name", crm.Fields["name"].Column);
    }

    [Fact]
    public void Parse_ReadsAPlainStringAsAColumn_AndAnObjectWithItsOptions()
    {
        var mapping = Parse("""
            { "system": "erp", "files": [ { "file": "SO.csv", "targets": [ { "entity": "sales-orders", "key": ["NO"],
              "fields": { "customer": "CUST", "orderDate": { "column": "D", "format": "dd.MM.yyyy" } } } ] } ] }
            """);
        var fields = mapping.Files[0].Targets[0].Fields;
        Assert.Equal("CUST", fields["customer"].Column);
        Assert.Equal("dd.MM.yyyy", fields["orderDate"].Format);
        Assert.Equal("erp", mapping.EffectiveSourceSystem);
    }

    [Fact]
    public void Parse_ListsEveryProblemWithItsPlace_WhenTheMappingIsWrong()
    {
        var ex = Assert.Throws<MappingException>(() => Parse("""
            { "system": "erp", "files": [ { "file": "X.csv", "targets": [
              { "entity": "salesorders", "key": ["A"], "fields": {} },
              { "entity": "sales-orders", "key": ["A"], "fields": { "customer": "C", "colour": "Z",
                "status": { "column": "S", "codes": { "O": "Opened" } } } },
              { "entity": "accounts", "key": ["A"], "fields": { "name": "N" } },
              { "entity": "sales-order-lines", "key": ["A"], "sum": ["quantity"], "fields": { "salesOrder": "A", "lineNumber": "L", "product": "P", "quantity": "Q" } }
            ] } ] }
            """));
        Assert.Contains("files[0].targets[0].entity: unknown entity \"salesorders\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("files[0].targets[1].fields.colour: sales-orders has no field", ex.Message, StringComparison.Ordinal);
        Assert.Contains("files[0].targets[1].fields.status", ex.Message, StringComparison.Ordinal);
        Assert.Contains("files[0].targets[1].fields: sales-orders needs \"orderDate\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("files[0].targets[2].entity: accounts is a crm entity", ex.Message, StringComparison.Ordinal);
        Assert.Contains("files[0].targets[3].sum: summing needs duplicates", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReadsAnArrayAsOneColumnPerValue_ForACustomersAliases()
    {
        var mapping = Parse("""
            { "system": "erp", "files": [ { "file": "C.csv", "targets": [ { "entity": "customers", "key": ["NO"],
              "fields": { "name": "CUST_NM", "aliases": ["ENG_NAME", "SHORT_NAME"] } } ] } ] }
            """);
        Assert.Equal(["ENG_NAME", "SHORT_NAME"], mapping.Files[0].Targets[0].Fields["aliases"].SourceColumns);
    }

    [Fact]
    public void Parse_RefusesAnArrayOfColumns_WhenTheFieldHoldsOneValue()
    {
        // Joining the registered and the English name into one "name" would hide both from matching.
        var ex = Assert.Throws<MappingException>(() => Parse("""
            { "system": "erp", "files": [ { "file": "C.csv", "targets": [ { "entity": "customers", "key": ["NO"],
              "fields": { "name": ["CUST_NM", "ENG_NAME"], "aliases": { "constant": "X" } } } ] } ] }
            """));
        Assert.Contains("files[0].targets[0].fields.name: an array of columns is only for a list field (customers.aliases)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("map a customer's other names to \"aliases\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("files[0].targets[0].fields.aliases: a list of values is read from columns", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RefusesAnOptionalColumn_ForARequiredField()
    {
        // A required field read from a column the file may lack would import rows without it: refuse the mapping instead.
        var ex = Assert.Throws<MappingException>(() => Parse("""
            { "system": "crm", "files": [ { "file": "A.csv", "targets": [ { "entity": "accounts", "key": ["ID"],
              "fields": { "name": { "column": "NAME", "optional": true }, "city": { "column": "CITY", "optional": true } } } ] } ] }
            """));
        Assert.Contains("files[0].targets[0].fields.name.optional: only a column of a field that is not required", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("fields.city", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RefusesAMisspelledOption_InsteadOfIgnoringIt()
    {
        var ex = Assert.Throws<MappingException>(() => Parse("""
            { "system": "erp", "files": [ { "file": "C.csv", "targets": [ { "entity": "customers", "key": ["A"],
              "fields": { "name": { "colum": "N" } } } ] } ] }
            """));
        Assert.Contains("colum", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RefusesAnUnknownEncoding()
    {
        var ex = Assert.Throws<MappingException>(() => Parse("""
            { "system": "erp", "encoding": "klingon", "files": [ { "file": "C.csv", "targets": [ { "entity": "customers", "key": ["A"], "fields": { "name": "N" } } ] } ] }
            """));
        Assert.Contains("unknown encoding \"klingon\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SaysWhichMappingsShip_WhenTheNameIsNeitherShippedNorAFile()
    {
        var ex = Assert.Throws<MappingException>(() => ImportMappings.Load("no-such-mapping"));
        Assert.Contains("online-retail", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SO_LINE.csv", "so_line.CSV", true)]
    [InlineData("SO_LINE.csv", "SO_LINE.csv.gz", true)]
    [InlineData("online_retail*.csv", "online_retail.csv.gz", true)]
    [InlineData("SO_LINE.csv", "SO_LINE_2.csv", false)]
    public void Matches_FindsTheFile_WithoutCaseAndThroughGzip(string pattern, string name, bool expected) =>
        Assert.Equal(expected, ImportFiles.Matches(pattern, name));

    [Theory]
    [InlineData("""{ "system": "erp", "files": null }""", "files: null")]
    [InlineData("""{ "system": "erp", "files": [ null ] }""", "files[0]: null")]
    [InlineData("""{ "system": "erp", "files": [ { "file": "C.csv", "targets": null } ] }""", "files[0].targets: null")]
    [InlineData("""{ "system": "erp", "files": [ { "file": "C.csv", "targets": [ null ] } ] }""", "files[0].targets[0]: null")]
    [InlineData("""{ "system": "erp", "files": [ { "file": "C.csv", "targets": [ { "entity": "customers", "key": ["A"], "fields": null } ] } ] }""", "files[0].targets[0].fields: null")]
    [InlineData("""{ "system": "erp", "files": [ { "file": "C.csv", "targets": [ { "entity": "customers", "key": null, "fields": { "name": "N" } } ] } ] }""", "files[0].targets[0].key: null")]
    [InlineData("""{ "system": "erp", "files": [ { "file": "C.csv", "targets": [ { "entity": "customers", "key": ["A"], "fields": { "name": null } } ] } ] }""", "files[0].targets[0].fields.name: null")]
    [InlineData("""{ "system": "erp", "files": [ { "file": "C.csv", "skip": null, "targets": [ { "entity": "customers", "key": ["A"], "fields": { "name": "N" } } ] } ] }""", "files[0].skip: null")]
    [InlineData("""{ "system": "erp", "files": [ { "file": "C.csv", "targets": [ { "entity": "customers", "key": [null], "fields": { "name": "N" } } ] } ] }""", "files[0].targets[0].key: a column name is null")]
    public void Parse_NamesTheKey_WhenAListOrObjectIsNull(string json, string expected)
    {
        var ex = Assert.Throws<MappingException>(() => Parse(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "system": "erp", "files": "C.csv" }""", "at files")]
    [InlineData("""{ "system": "erp", "files": [ { "file": "C.csv", "targets": [ { "entity": "customers", "key": "A", "fields": { "name": "N" } } ] } ] }""", "at files[0].targets[0].key")]
    public void Parse_NamesTheKeyWithoutDotNetTypeNames_WhenAValueHasTheWrongKind(string json, string expected)
    {
        var ex = Assert.Throws<MappingException>(() => Parse(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Forecast.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TakesValueAsAConstant_ForARequiredFieldWithoutAColumn()
    {
        var mapping = Parse("""
            { "system": "erp", "files": [ { "file": "S.csv", "targets": [ { "entity": "stock", "key": ["ITEM"],
              "fields": { "product": "ITEM", "warehouse": { "value": "MAIN" }, "quantity": "QTY", "asOf": "D" } } ] } ] }
            """);
        Assert.Equal("MAIN", mapping.Files[0].Targets[0].Fields["warehouse"].Constant);
    }

    [Fact]
    public void Parse_RefusesABackreference_BecauseMappingPatternsRunWithoutBacktracking()
    {
        var ex = Assert.Throws<MappingException>(() => Parse("""
            { "system": "erp", "files": [ { "file": "C.csv", "skip": [ { "column": "A", "matches": "(a)\\1" } ],
              "targets": [ { "entity": "customers", "key": ["A"], "fields": { "name": "N" } } ] } ] }
            """));
        Assert.Contains("files[0].skip[0].matches: backreferences", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MappingRegex_AnswersInLinearTime_ForACatastrophicPattern()
    {
        // No stopwatch (a shared build machine makes any wall-clock bound flaky): a backtracking engine would need about
        // 2^5000 steps here and hit the pattern's match timeout (RegexMatchTimeoutException); the linear engine answers.
        var regex = ValueParser.MappingRegex("^(a+)+$");
        Assert.True(regex.Options.HasFlag(System.Text.RegularExpressions.RegexOptions.NonBacktracking), regex.Options.ToString());
        Assert.DoesNotMatch(regex, new string('a', 5000) + "!");
    }

    [Fact]
    public void Parse_RefusesASourceSystemLongerThanTheColumn()
    {
        var ex = Assert.Throws<MappingException>(() => Parse($$"""
            { "system": "erp", "sourceSystem": "{{new string('s', 65)}}", "files": [ { "file": "C.csv", "targets": [ { "entity": "customers", "key": ["A"], "fields": { "name": "N" } } ] } ] }
            """));
        Assert.Contains("sourceSystem: 65 characters; at most 64", ex.Message, StringComparison.Ordinal);
    }
}
