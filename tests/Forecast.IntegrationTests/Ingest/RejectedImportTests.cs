using System.Text;
using System.Text.Json;
using Forecast.Core.Ingest;
using Forecast.IntegrationTests.Infrastructure;

namespace Forecast.IntegrationTests.Ingest;

/// <summary>
/// Each bad input rejects the whole folder: the report names file, line, column, value and reason, no imported row
/// changes (the database already holds an earlier import), and the rejected run is recorded.
/// </summary>
public sealed class RejectedImportTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private readonly IngestTestKit _kit = new(database);
    private List<string> _before = [];

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        await _kit.ImportAsync("demo-erp", IngestTestKit.Fixture("demo", "erp"));
        _before = await _kit.SnapshotAsync();
    }

    public Task DisposeAsync()
    {
        _kit.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Edits a copy of the demo ERP folder (which also changes good rows), imports it, and checks the rejection.</summary>
    private async Task<ImportReport> RejectedAsync(Action<string> breakFolder)
    {
        var folder = _kit.Copy("demo/erp");
        IngestTestKit.Edit(folder, "CUSTOMER.csv", t => t.Replace("N30,500000", "N60,750000", StringComparison.Ordinal));
        IngestTestKit.Edit(folder, "ITEM.csv", t => t + "CN-1003,New drill,Cutting,PCS,Hsin Tools,21,100,10,50,80\n");
        breakFolder(folder);

        var result = await _kit.ImportAsync("demo-erp", folder);

        Assert.Equal(ImportStatus.Rejected, result.Status);
        Assert.Equal(_before, await _kit.SnapshotAsync());
        var run = await _kit.RowsAsync($"SELECT status, error_count, report_json::text FROM ingest.import_runs WHERE id = {result.RunId}");
        Assert.Equal("Rejected", run.Single()[0]);
        Assert.Equal(result.Report.ErrorCount, run.Single()[1]);
        var stored = JsonDocument.Parse((string)run.Single()[2]!).RootElement.GetProperty("errors");
        Assert.Equal(result.Report.Errors.Count, stored.GetArrayLength());
        return result.Report;
    }

    private static void AssertError(ImportReport report, string file, long line, string column, string value, string reason)
    {
        Assert.Contains(report.Errors, e => e.File == file && e.Line == line && e.Column == column && e.Value == value
            && e.Reason.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ImportAsync_RejectsTheFolder_WhenARequiredColumnIsMissing()
    {
        var report = await RejectedAsync(f => IngestTestKit.Edit(f, "SO_HEADER.csv", t => t.Replace(",SO_DATE", "", StringComparison.Ordinal)));
        AssertError(report, "SO_HEADER.csv", 1, "SO_DATE", "", "missing required column");
    }

    [Fact]
    public async Task ImportAsync_RejectsTheFolder_WhenALineNamesAnUnknownProduct()
    {
        var report = await RejectedAsync(f => IngestTestKit.Edit(f, "SO_LINE.csv", t => t + "SO24004,2,XX-9999,1,10,N\n"));
        AssertError(report, "SO_LINE.csv", 8, "ITEM_NO", "XX-9999", "unknown product");
        Assert.Equal(1, report.ErrorCount);
    }

    [Fact]
    public async Task ImportAsync_RejectsTheFolder_WhenAnOrderNamesAnUnknownCustomer()
    {
        var report = await RejectedAsync(f => IngestTestKit.Edit(f, "SO_HEADER.csv", t => t + "SO24005,C9999,2024/07/01,,O,TWD\n"));
        AssertError(report, "SO_HEADER.csv", 6, "CUST_NO", "C9999", "unknown customer");
    }

    [Fact]
    public async Task ImportAsync_RejectsTheFolder_WhenAQuantityIsNegativeOnALineThatIsNotAReturn()
    {
        var report = await RejectedAsync(f => IngestTestKit.Edit(f, "SO_LINE.csv", t => t + "SO24004,2,CN-1002,-3,1800,N\n"));
        AssertError(report, "SO_LINE.csv", 8, "QTY", "-3", "negative quantity on a line that is not a return");
    }

    [Fact]
    public async Task ImportAsync_RejectsTheFolder_WhenDatesAndNumbersDoNotParse()
    {
        var report = await RejectedAsync(f =>
        {
            IngestTestKit.Edit(f, "SO_HEADER.csv", t => t + "SO24005,C0001,2024-07-01,,O,TWD\n");
            IngestTestKit.Edit(f, "AR_INVOICE.csv", t => t + "INV1130701,C0001,,113/07/01,113/13/01,1.000,50,TWD\n");
            IngestTestKit.Edit(f, "SO_LINE.csv", t => t + "SO24004,2,CN-1002,1,\"1,5\",N\n");
        });
        AssertError(report, "SO_HEADER.csv", 6, "SO_DATE", "2024-07-01", "not a date as yyyy/MM/dd");
        AssertError(report, "AR_INVOICE.csv", 5, "DUE_DATE", "113/13/01", "not a ROC (Minguo) date");
        AssertError(report, "SO_LINE.csv", 8, "PRICE", "1,5", "not a number");
        Assert.Equal(3, report.ErrorCount);
    }

    [Fact]
    public async Task ImportAsync_RejectsTheFolder_WhenAKeyAppearsTwiceInOneFile()
    {
        var report = await RejectedAsync(f => IngestTestKit.Edit(f, "SO_LINE.csv", t => t + "SO24001,2,CN-1001,1,150,N\n"));
        AssertError(report, "SO_LINE.csv", 8, "SO_NO+LINE_NO", "SO24001/2", "duplicate key: line 3");
    }

    [Fact]
    public async Task ImportAsync_RejectsTheFolder_WhenAFileIsBig5ButTheMappingExpectsUtf8()
    {
        var report = await RejectedAsync(f => File.WriteAllBytes(Path.Combine(f, "CUSTOMER.csv"),
            FileEncodings.Resolve("big5")!.GetBytes(File.ReadAllText(Path.Combine(f, "CUSTOMER.csv")))));
        AssertError(report, "CUSTOMER.csv", 1, "", "", "this file looks like Big5");
    }

    [Fact]
    public async Task ImportAsync_ReportsTheLineWhereTheRowStarts_WhenAnEarlierCellHasQuotedNewlines()
    {
        var report = await RejectedAsync(f => IngestTestKit.Edit(f, "ITEM.csv", t => t + "CN-1004,\"Drill\nset\nof 3\",Cutting,PCS,Hsin Tools,x,100,10,50,80\nCN-1005,Tap,Cutting,PCS,Hsin Tools,21,100,ten,50,80\n"));
        AssertError(report, "ITEM.csv", 7, "LT_DAYS", "x", "not a whole number");
        AssertError(report, "ITEM.csv", 10, "PACK_QTY", "ten", "not a number");
    }

    [Fact]
    public async Task ImportAsync_ListsTheFirstHundredErrorsAndCountsTheRest_WhenManyRowsAreBad()
    {
        var bad = new StringBuilder();
        for (var i = 0; i < 150; i++)
            bad.Append(System.Globalization.CultureInfo.InvariantCulture, $"SO9{i:D4},C0001,not-a-date,,O,TWD\n");
        var report = await RejectedAsync(f => IngestTestKit.Edit(f, "SO_HEADER.csv", t => t + bad));
        Assert.Equal(100, report.Errors.Count);
        Assert.Equal(150, report.ErrorCount);
        AssertError(report, "SO_HEADER.csv", 105, "SO_DATE", "not-a-date", "not a date");
    }

    [Fact]
    public async Task ImportAsync_RejectsTheFolder_WhenAStatusCodeIsNotInTheCodeList()
    {
        var report = await RejectedAsync(f => IngestTestKit.Edit(f, "SO_HEADER.csv", t => t + "SO24005,C0001,2024/07/01,,Z,TWD\n"));
        AssertError(report, "SO_HEADER.csv", 6, "STATUS", "Z", "unknown code");
    }
}
