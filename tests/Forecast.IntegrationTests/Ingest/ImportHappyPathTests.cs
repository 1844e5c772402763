using Forecast.Core.Ingest;
using Forecast.IntegrationTests.Infrastructure;

namespace Forecast.IntegrationTests.Ingest;

/// <summary>Valid exports go in whole; expected values are read off the fixture files by hand, not from the importer.</summary>
public sealed class ImportHappyPathTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private readonly IngestTestKit _kit = new(database);

    public Task InitializeAsync() => database.ResetAsync();

    public Task DisposeAsync()
    {
        _kit.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ImportAsync_WritesEveryErpEntityConverted_WhenTheDemoErpFilesAreValid()
    {
        var result = await _kit.ImportAsync("demo-erp", IngestTestKit.Fixture("demo", "erp"));

        Assert.Equal(ImportStatus.Succeeded, result.Status);
        Assert.Equal(25, result.Report.Inserted);
        var customer = await _kit.RowsAsync("SELECT code, name, tax_id, payment_terms_days, credit_limit, language FROM erp.customers WHERE source_key = 'C0001'");
        Assert.Equal(["C0001", "大同精密工業股份有限公司", "12345675", 30, 500000m, "zh-TW"], customer.Single());
        Assert.Equal(0, await _kit.ScalarAsync<int>("SELECT payment_terms_days FROM erp.customers WHERE source_key = 'C0003'"));
        Assert.Equal("Lin's \"Best\" Machining Co., Ltd.", await _kit.ScalarAsync<string>("SELECT name FROM erp.customers WHERE source_key = 'C0003'"));

        // A quoted newline stays inside the cell.
        Assert.Equal("Spindle bearing\n(spare part)", await _kit.ScalarAsync<string>("SELECT name FROM erp.products WHERE sku = 'SP-2001'"));

        var order = await _kit.RowsAsync("""
            SELECT c.code, o.order_date, o.requested_date, o.status, o.currency
            FROM erp.sales_orders o JOIN erp.customers c ON c.id = o.customer_id WHERE o.order_number = 'SO24002'
            """);
        Assert.Equal(["C0002", new DateOnly(2024, 5, 3), null, "Shipped", "USD"], order.Single());

        var lines = await _kit.RowsAsync("""
            SELECT l.source_key, o.order_number, l.line_number, p.sku, l.quantity, l.unit_price, l.is_return
            FROM erp.sales_order_lines l JOIN erp.sales_orders o ON o.id = l.sales_order_id JOIN erp.products p ON p.id = l.product_id
            WHERE o.order_number = 'SO24003' ORDER BY l.line_number
            """);
        Assert.Equal(["SO24003/1", "SO24003", 1, "CN-1001", -20m, 148.5m, true], lines[0]);
        Assert.Equal(["SO24003/2", "SO24003", 2, "CN-1002", 15m, 1750m, false], lines[1]);

        // ROC dates: 113/02/29 is 2024-02-29 (a leap day).
        var invoice = await _kit.RowsAsync("""
            SELECT i.invoice_date, i.due_date, i.amount, i.paid_amount, i.sales_order_id IS NULL
            FROM erp.invoices i WHERE i.invoice_number = 'INV1130229'
            """);
        Assert.Equal([new DateOnly(2024, 2, 29), new DateOnly(2024, 3, 29), 1000m, 250.5m, true], invoice.Single());
        Assert.Equal("SO24001", await _kit.ScalarAsync<string>(
            "SELECT o.order_number FROM erp.invoices i JOIN erp.sales_orders o ON o.id = i.sales_order_id WHERE i.invoice_number = 'INV1130501'"));

        Assert.Equal(120m, await _kit.ScalarAsync<decimal>("SELECT quantity FROM erp.stock_on_hand WHERE source_key = 'CN-1001/TXG'"));
        Assert.Equal(new DateOnly(2024, 8, 30), await _kit.ScalarAsync<DateOnly>("SELECT expected_date FROM erp.incoming_supply WHERE source_key = 'PO9001/2'"));
        Assert.Equal(2, await _kit.ScalarAsync<long>("SELECT count(*) FROM erp.incoming_supply WHERE import_run_id = " + result.RunId));
    }

    [Fact]
    public async Task ImportAsync_LinksCrmRowsAndErpProducts_WhenTheCrmFilesFollowTheErpImport()
    {
        await _kit.ImportAsync("demo-erp", IngestTestKit.Fixture("demo", "erp"));
        var result = await _kit.ImportAsync("demo-crm", IngestTestKit.Fixture("demo", "crm"));

        Assert.Equal(ImportStatus.Succeeded, result.Status);
        Assert.Equal(14, result.Report.Inserted);
        Assert.Equal([["U01", true], ["U02", false]], await _kit.RowsAsync("SELECT source_key, active FROM crm.reps ORDER BY source_key"));
        Assert.Equal("U02", await _kit.ScalarAsync<string>("SELECT r.source_key FROM crm.accounts a JOIN crm.reps r ON r.id = a.owner_rep_id WHERE a.name = 'ACME TOOLS'"));
        Assert.Equal([["K001", false], ["K002", true]], await _kit.RowsAsync("SELECT source_key, opted_out FROM crm.contacts ORDER BY source_key"));

        var won = await _kit.RowsAsync("SELECT stage, amount, created_on, expected_close, closed_on, outcome, lead_source FROM crm.opportunities WHERE source_key = 'OP02'");
        Assert.Equal(["Closed Won", 45000.75m, new DateOnly(2024, 2, 1), new DateOnly(2024, 3, 31), new DateOnly(2024, 3, 28), "Won", "Trade show"], won.Single());

        // CRM product codes are ERP item numbers: the line points at the ERP's product.
        Assert.Equal([["OL01", "erp", "CN-1001", 145m], ["OL02", "erp", "SP-2001", null]], await _kit.RowsAsync("""
            SELECT l.source_key, p.source_system, p.sku, l.unit_price FROM crm.opportunity_lines l JOIN erp.products p ON p.id = l.product_id ORDER BY 1
            """));
        Assert.Equal([["AC01", "K001", "Call"], ["AC02", null, "Visit"], ["AC03", "K002", "Email"]], await _kit.RowsAsync("""
            SELECT a.source_key, c.source_key, a.kind FROM crm.activities a LEFT JOIN crm.contacts c ON c.id = a.contact_id ORDER BY 1
            """));

        // A cell that looks like a spreadsheet formula is kept as text and counted, never evaluated.
        Assert.Equal("=cmd|' /C calc'!A0", await _kit.ScalarAsync<string>("SELECT name FROM crm.accounts WHERE source_key = 'A003'"));
        // Phone numbers such as +886-2-1234-5678 are not counted.
        Assert.Equal(1, result.Report.Files.Single(f => f.File == "Accounts.csv").FormulaLikeCells);
        Assert.Equal(0, result.Report.Files.Single(f => f.File == "Contacts.csv").FormulaLikeCells);
    }

    [Fact]
    public async Task ImportAsync_ImportsTheOnlineRetailExcerpt_WithTheMappingsRulesForItsQuirks()
    {
        // The first 1,500 lines of the UCI Online Retail file (CC0), gzipped. Expected figures counted with pandas.
        var result = await _kit.ImportAsync("online-retail", IngestTestKit.Fixture("online-retail"));

        Assert.Equal(ImportStatus.Succeeded, result.Status);
        var file = result.Report.Files.Single();
        Assert.Equal(1500, file.RowsRead);
        Assert.Equal(58, file.Skipped["no CustomerID (guest sale)"]);
        Assert.Equal(5, file.Skipped["not a product (postage, fees, discounts, manual adjustments)"]);
        Assert.Equal(new long[] { 69, 773, 87, 1358 }, await Counts("online-retail"));
        Assert.Equal(17143m, await _kit.ScalarAsync<decimal>("SELECT sum(quantity) FROM erp.sales_order_lines"));

        // Two lines of invoice 536381 for 71270 at 1.25 (quantities 1 and 3) are one line of 4.
        Assert.Equal(4m, await _kit.ScalarAsync<decimal>("SELECT quantity FROM erp.sales_order_lines WHERE source_key = '536381/71270/1.25'"));
        // A credit note's lines are returns with their negative quantities.
        Assert.Equal([[-1m, true, "15311", new DateOnly(2010, 12, 1)]], await _kit.RowsAsync("""
            SELECT l.quantity, l.is_return, c.code, o.order_date FROM erp.sales_order_lines l
            JOIN erp.sales_orders o ON o.id = l.sales_order_id JOIN erp.customers c ON c.id = o.customer_id WHERE o.order_number = 'C536383'
            """));
        // Line numbers count the invoice's lines in file order.
        Assert.Equal([[1, "85123A"], [2, "71053"], [3, "84406B"], [4, "84029G"], [5, "84029E"], [6, "22752"], [7, "21730"]], await _kit.RowsAsync("""
            SELECT l.line_number, p.sku FROM erp.sales_order_lines l JOIN erp.sales_orders o ON o.id = l.sales_order_id
            JOIN erp.products p ON p.id = l.product_id WHERE o.order_number = '536365' ORDER BY l.line_number
            """));
        Assert.Equal(0L, await _kit.ScalarAsync<long>("SELECT count(*) FROM erp.sales_order_lines WHERE quantity < 0 AND NOT is_return"));
    }

    private async Task<long[]> Counts(string system)
    {
        var counts = new List<long>();
        foreach (var table in new[] { "customers", "products", "sales_orders", "sales_order_lines" })
            counts.Add(await _kit.ScalarAsync<long>($"SELECT count(*) FROM erp.{table} WHERE source_system = '{system}'"));
        return [.. counts];
    }

    [Fact]
    public async Task ImportAsync_AcceptsAByteOrderMarkAndReferencesToRowsAlreadyInTheDatabase_WhenAFolderHasOnlySomeFiles()
    {
        await _kit.ImportAsync("demo-erp", IngestTestKit.Fixture("demo", "erp"));
        var folder = _kit.Copy("demo/erp");
        foreach (var file in Directory.GetFiles(folder).Where(f => !f.EndsWith("SO_LINE.csv", StringComparison.Ordinal)))
            File.Delete(file);
        var text = File.ReadAllText(Path.Combine(folder, "SO_LINE.csv")) + "SO24004,2,SP-2001,1,5000,N\n";
        File.WriteAllBytes(Path.Combine(folder, "SO_LINE.csv"), [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(text)]);

        var result = await _kit.ImportAsync("demo-erp", folder);

        Assert.Equal(ImportStatus.Succeeded, result.Status);
        Assert.Equal((1, 0, 6), (result.Report.Inserted, result.Report.Updated, result.Report.Unchanged));
        Assert.Contains("CUSTOMER.csv", result.Report.MissingFiles);
    }
}
