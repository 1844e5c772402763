using System.Globalization;
using System.Text.Json;
using Forecast.Core.Customers;
using Forecast.Core.Data;
using Forecast.Core.ErpSync;
using Forecast.Core.Ingest;
using Forecast.Core.Inventory;
using Forecast.Core.Outbound;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Forecast.IntegrationTests.ErpSync;

/// <summary>
/// The ERP document outbox on the real database and a real HTTP receiver: won deals and approved proposals become
/// documents once per key, are posted signed with their key as Idempotency-Key, and are dropped as CSV in a mapping's layout
/// that the import reads back, linking the ERP's order to the deal.
/// </summary>
public sealed class ErpDocumentOutboxTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private readonly WebhookReceiver _receiver = new("/documents", json => [json.GetProperty("key").GetString()!]);
    private readonly string _drop = Path.Combine(Path.GetTempPath(), "erp-drop-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        await _receiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        if (Directory.Exists(_drop))
            Directory.Delete(_drop, recursive: true);
    }

    private IHost Host(Web.MovableClock clock, bool webhook = true) => ErpWorld.Host(database, clock, webhook
        ? new Dictionary<string, string?> { ["Erp:DocumentWebhook:Url"] = _receiver.Url, ["Erp:DocumentWebhook:Secret"] = WebhookReceiver.Secret }
        : null);

    private static async Task<T> InScopeAsync<T>(IHost host, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    private static Task<ConversionResult> ConvertAsync(IHost host) =>
        InScopeAsync(host, sp => sp.GetRequiredService<WonDealConversion>().ConvertAsync(ErpWorld.Today, default));

    private static Task<int> DeliverAsync(IHost host) => InScopeAsync(host, sp => sp.GetRequiredService<ErpDocumentWebhook>().DeliverDueAsync(default));

    private async Task<List<ErpDocument>> DocumentsAsync()
    {
        await using var db = database.CreateContext();
        return await db.Set<ErpDocument>().AsNoTracking().OrderBy(d => d.Id).ToListAsync();
    }

    [Fact]
    public async Task ConvertAsync_WritesOneDraftOrderPerWonDeal_AndACustomerForAnAccountWithNoErpSide_HoweverOftenItRuns()
    {
        var clock = ErpWorld.ClockAt(ErpWorld.Today);
        using var host = Host(clock, webhook: false);
        await ErpWorld.SeedAsync(database);

        var runs = await Task.WhenAll(ConvertAsync(host), ConvertAsync(host)); // two workers at once: the advisory lock makes one write
        var again = await ConvertAsync(host);

        Assert.Equal(2, runs.Sum(r => r.SalesOrders));
        Assert.Equal(1, runs.Sum(r => r.Customers));
        Assert.Equal((0, 0), (again.SalesOrders, again.Customers));
        var documents = await DocumentsAsync();
        Assert.Equal(["sales-order:CRM-OPP-o-1", "customer:CRM-ACC-a-nova", "sales-order:CRM-OPP-o-2"], documents.Select(d => $"{d.Kind}:{d.Key}"));

        var acme = JsonSerializer.Deserialize<SalesOrderDocument>(documents[0].Payload, ErpDocuments.Json)!;
        Assert.Equal(("C001", false, "CRM-OPP-o-1", ErpWorld.Today.AddDays(-3), ErpWorld.Today.AddDays(11), "TWD"),
            (acme.Customer, acme.NewCustomer, acme.ExternalReference, acme.OrderDate, acme.RequestedDate, acme.Currency));
        Assert.Equal([("P-100", 10m, (decimal?)11m, "deal"), ("P-200", 2m, 40m, "list")], acme.Lines.Select(l => (l.Product, l.Quantity, l.UnitPrice, l.PriceSource)));
        var customer = JsonSerializer.Deserialize<CustomerDocument>(documents[1].Payload, ErpDocuments.Json)!;
        Assert.Equal(("諾瓦貿易股份有限公司", "24536806", "TW", "+886 2 2345 6789", "zh-TW", "lin@nova.example", 30),
            (customer.Name, customer.TaxId, customer.Country, customer.Phone, customer.Language, customer.Email, customer.PaymentTermsDays));
        var nova = JsonSerializer.Deserialize<SalesOrderDocument>(documents[2].Payload, ErpDocuments.Json)!;
        Assert.Equal(("CRM-ACC-a-nova", true), (nova.Customer, nova.NewCustomer));
    }

    [Fact]
    public async Task DeliverDueAsync_PostsEachDocumentOnceWithItsKey_AfterA500AndACrashBetweenWritingAndDelivering()
    {
        var clock = ErpWorld.ClockAt(ErpWorld.Today);
        using var host = Host(clock);
        await ErpWorld.SeedAsync(database);
        await ConvertAsync(host);
        _receiver.Answer(500);

        await Assert.ThrowsAsync<WebhookUnavailableException>(() => DeliverAsync(host));
        // As if a sender had claimed the other two and died before posting: the next scan writes nothing, the claims expire.
        await using (var db = database.CreateContext())
        {
            var now = clock.GetUtcNow();
            await db.Set<ErpDocument>().Where(d => d.Attempts == 0).ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedAt, now).SetProperty(d => d.Attempts, 1));
        }
        Assert.Equal(0, (await ConvertAsync(host)).SalesOrders);
        clock.UtcNow = clock.UtcNow.AddMinutes(1);
        Assert.Equal(1, await DeliverAsync(host)); // the 500'd one, after its back-off; the claimed ones wait out their lease
        clock.UtcNow = clock.UtcNow.AddMinutes(11);
        Assert.Equal(2, await DeliverAsync(host));
        Assert.Equal(0, await DeliverAsync(host));

        var documents = await DocumentsAsync();
        Assert.Equal(3, documents.Count);
        Assert.All(documents, d => Assert.NotNull(d.DeliveredAt));
        var received = _receiver.Received.ToArray();
        Assert.Equal([(500, "CRM-OPP-o-1"), (200, "CRM-OPP-o-1"), (200, "CRM-ACC-a-nova"), (200, "CRM-OPP-o-2")], received.Select(r => (r.Status, r.IdempotencyKey)));
        Assert.Equal(0, _receiver.BadSignatures);
        using var body = JsonDocument.Parse(received[1].Body);
        Assert.Equal(("sales-order", "C001"), (body.RootElement.GetProperty("kind").GetString(), body.RootElement.GetProperty("document").GetProperty("customer").GetString()));
    }

    [Fact]
    public async Task ApproveAsync_Twice_WritesOneProposalDocument_DeliveredOnceWithTheSameKeyAfterA500()
    {
        var clock = ErpWorld.ClockAt(ErpWorld.Today);
        using var host = Host(clock);
        var ids = await ErpWorld.SeedAsync(database);
        _receiver.Answer(500);

        var first = await InScopeAsync(host, sp => sp.GetRequiredService<PurchaseProposals>().ApproveAsync(ids.ProductToOrder, null, "planner@test.local", default));
        var second = await InScopeAsync(host, sp => sp.GetRequiredService<PurchaseProposals>().ApproveAsync(ids.ProductToOrder, 200, "other@test.local", default));
        await Assert.ThrowsAsync<WebhookUnavailableException>(() => DeliverAsync(host));
        clock.UtcNow = clock.UtcNow.AddMinutes(1);
        Assert.Equal(1, await DeliverAsync(host));
        Assert.Equal(0, await DeliverAsync(host));

        Assert.Equal((true, false), (first!.Created, second!.Created));
        var document = Assert.Single(await DocumentsAsync());
        Assert.Equal(("purchase-proposal", "P-100@2026-06-01"), (document.Kind, document.Key));
        var proposal = JsonSerializer.Deserialize<PurchaseProposalDocument>(document.Payload, ErpDocuments.Json)!;
        Assert.Equal((120m, "planner@test.local", "NSK"), (proposal.Quantity, proposal.ApprovedBy, proposal.Supplier));
        Assert.Equal([(500, "P-100@2026-06-01"), (200, "P-100@2026-06-01")], _receiver.Received.Select(r => (r.Status, r.IdempotencyKey)));
    }

    [Fact]
    public async Task TheJob_WritesTheDocumentOfAnApprovalThatWasNotPassedOn_Once()
    {
        var clock = ErpWorld.ClockAt(ErpWorld.Today);
        using var host = Host(clock);
        var ids = await ErpWorld.SeedAsync(database);
        // As if the approval had committed and the process died before the observer wrote its document.
        await using (var db = database.CreateContext())
        {
            db.Set<PurchaseProposal>().Add(new PurchaseProposal { Key = "P-100@2026-05-25", ProductId = ids.ProductToOrder, Sku = "P-100", Quantity = 50,
                SuggestedQuantity = 50, PlanAsOf = ErpWorld.Today.AddDays(-7), ApprovedBy = "planner@test.local", ApprovedAt = clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        for (var i = 0; i < 2; i++)
            await InScopeAsync(host, async sp => { await sp.GetRequiredService<ErpDocumentJobs>().RunAsync(default); return 0; });

        var documents = await DocumentsAsync();
        Assert.Equal(["P-100@2026-05-25"], documents.Where(d => d.Kind == ErpDocumentKinds.PurchaseProposal).Select(d => d.Key));
        Assert.All(documents, d => Assert.NotNull(d.DeliveredAt));
        Assert.Equal(documents.Count, _receiver.Received.Count);
    }

    [Fact]
    public async Task DeliverDueAsync_RecordsA422AndNeverRetriesIt()
    {
        var clock = ErpWorld.ClockAt(ErpWorld.Today);
        using var host = Host(clock);
        await ErpWorld.SeedAsync(database);
        await ConvertAsync(host);
        _receiver.Answer(422);

        Assert.Equal(2, await DeliverAsync(host));
        clock.UtcNow = clock.UtcNow.AddHours(2);
        Assert.Equal(0, await DeliverAsync(host));

        var refused = (await DocumentsAsync())[0];
        Assert.Equal((1, (DateTimeOffset?)null), (refused.Attempts, refused.DeliveredAt));
        Assert.NotNull(refused.GaveUpAt);
        Assert.StartsWith("422", refused.LastError, StringComparison.Ordinal);
        Assert.Equal(4 - 1, _receiver.Received.Count);
    }

    [Fact]
    public async Task ExportToDirectoryAsync_WritesTheShippedLayout_OnceEachDocument()
    {
        var clock = ErpWorld.ClockAt(ErpWorld.Today);
        using var host = Host(clock, webhook: false);
        var ids = await ErpWorld.SeedAsync(database);
        await ConvertAsync(host);
        await InScopeAsync(host, sp => sp.GetRequiredService<PurchaseProposals>().ApproveAsync(ids.ProductToOrder, null, "planner@test.local", default));

        var drop = await InScopeAsync(host, sp => sp.GetRequiredService<ErpCsvDrop>().ExportToDirectoryAsync(_drop, null, default));
        var again = await InScopeAsync(host, sp => sp.GetRequiredService<ErpCsvDrop>().ExportToDirectoryAsync(_drop, null, default));

        Assert.Equal((4, 0), (drop.Documents, drop.NotInLayout));
        Assert.Null(again.Folder);
        Assert.Equal([Path.GetFileName(drop.Folder!)], Directory.GetFileSystemEntries(_drop).Select(Path.GetFileName));
        string[] Lines(string file) => File.ReadAllLines(Path.Combine(drop.Folder!, file));
        Assert.Equal(["SO_NO,CUST_NO,SO_DATE,REQ_DATE,STATUS,CURR,CUST_REF", "CRM-OPP-o-1,C001,2026/05/29,2026/06/12,O,TWD,CRM-OPP-o-1",
            "CRM-OPP-o-2,CRM-ACC-a-nova,2026/05/22,2026/06/05,O,TWD,CRM-OPP-o-2"], Lines("SO_HEADER.csv"));
        Assert.Equal(["SO_NO,LINE_NO,ITEM_NO,QTY,PRICE", "CRM-OPP-o-1,1,P-100,10,11", "CRM-OPP-o-1,2,P-200,2,40", "CRM-OPP-o-2,1,P-100,5,12.5"], Lines("SO_LINE.csv"));
        Assert.Equal(["CUST_NO,CUST_NM,TAX_ID,CNTRY,LANG,TEL,EMAIL,PAY_TERM", "CRM-ACC-a-nova,諾瓦貿易股份有限公司,24536806,TW,zh-TW,+886 2 2345 6789,lin@nova.example,N30"],
            Lines("CUSTOMER_NEW.csv"));
        Assert.StartsWith("P-100@2026-06-01,NSK,P-100,120,PCS,2026/06/05,120,2026/06/01,planner@test.local,", Lines("PURCHASE_PROPOSAL.csv")[1], StringComparison.Ordinal);
        Assert.All(await DocumentsAsync(), d => Assert.NotNull(d.ExportedAt));
    }

    [Fact]
    public async Task ExportToDirectoryAsync_FollowsTheMappingsFormats_RocYearsDecimalCommasAndDelimiter_AndLeavesOutWhatItCannotLayOut()
    {
        var clock = ErpWorld.ClockAt(ErpWorld.Today);
        using var host = Host(clock, webhook: false);
        await ErpWorld.SeedAsync(database);
        await ConvertAsync(host);
        Directory.CreateDirectory(_drop);
        var mapping = Path.Combine(_drop, "legacy.json");
        await File.WriteAllTextAsync(mapping, """
            { "system": "erp", "delimiter": ";", "files": [ { "file": "訂單明細.txt", "encoding": "big5", "culture": "de-DE", "targets": [ { "entity": "sales-order-lines", "key": ["單號"],
              "fields": { "salesOrder": "單號", "product": "料號", "quantity": "數量", "unitPrice": { "column": "單價", "decimalComma": true } } } ] },
              { "file": "訂單.txt", "targets": [ { "entity": "sales-orders", "key": ["單號"],
              "fields": { "orderNumber": "單號", "orderDate": { "column": "日期", "format": "yyy/MM/dd", "calendar": "roc" } } } ] } ] }
            """);

        var drop = await InScopeAsync(host, sp => sp.GetRequiredService<ErpCsvDrop>().ExportToDirectoryAsync(Path.Combine(_drop, "out"), mapping, default));

        Assert.Equal((2, 1), (drop.Documents, drop.NotInLayout)); // the new customer waits for a layout that has customers
        var big5 = System.Text.Encoding.GetEncoding("big5");
        Assert.Equal(["單號;料號;數量;單價", "CRM-OPP-o-1;P-100;10;11", "CRM-OPP-o-1;P-200;2;40", "CRM-OPP-o-2;P-100;5;12,5"],
            File.ReadAllLines(Path.Combine(drop.Folder!, "訂單明細.txt"), big5));
        Assert.Equal(["單號;日期", "CRM-OPP-o-1;115/05/29", "CRM-OPP-o-2;115/05/22"], File.ReadAllLines(Path.Combine(drop.Folder!, "訂單.txt")));
    }

    [Fact]
    public async Task ErpOrderImportedBackWithTheReference_IsLinkedToTheDeal_OnceHoweverOftenItIsImported()
    {
        var clock = ErpWorld.ClockAt(ErpWorld.Today);
        using var host = Host(clock, webhook: false);
        var ids = await ErpWorld.SeedAsync(database);
        await ConvertAsync(host);
        // The ERP's side of the round trip: the drop read by the import, in the drop's own layout (without proposals, it is an import mapping).
        var layout = Path.Combine(_drop, "layout.json");
        Directory.CreateDirectory(_drop);
        await using (var shipped = typeof(ErpExportMappings).Assembly.GetManifestResourceStream("Forecast.Core.ErpSync.Mappings.erp-documents.json")!)
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(shipped, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
            var files = json["files"]!.AsArray();
            files.Remove(files.Single(f => (string)f!["file"]! == "PURCHASE_PROPOSAL.csv"));
            ((System.Text.Json.Nodes.JsonObject)files.Single(f => (string)f!["file"]! == "CUSTOMER_NEW.csv")!["targets"]![0]!["fields"]!).Remove("phone");
            await File.WriteAllTextAsync(layout, json.ToJsonString());
        }
        var drop = await InScopeAsync(host, sp => sp.GetRequiredService<ErpCsvDrop>().ExportToDirectoryAsync(Path.Combine(_drop, "out"), layout, default));
        var mapping = ImportMappings.Load(layout);

        var imports = new List<ImportStatus>();
        for (var i = 0; i < 2; i++)
            imports.Add((await InScopeAsync(host, sp => sp.GetRequiredService<ImportService>().ImportAsync(mapping, drop.Folder!, null, default))).Status);
        Assert.Equal(0, (await ConvertAsync(host)).SalesOrders);
        await using (var db = database.CreateContext())
        {
            // A deal won after the drop: no ERP order comes back for it.
            var account = await db.CrmAccounts.SingleAsync(a => a.SourceKey == "a-acme");
            db.Opportunities.Add(new Opportunity { AccountId = account.Id, Name = "Later", Stage = "Won", Amount = 5, CreatedOn = ErpWorld.Today.AddDays(-30),
                ClosedOn = ErpWorld.Today.AddDays(-8), Outcome = OpportunityOutcome.Won, SourceSystem = "crm", SourceKey = "o-later", UpdatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        var all = await InScopeAsync(host, sp => sp.GetRequiredService<DealOrders>().ReportAsync(CustomerScope.All, ErpWorld.Today, default));
        var bobs = await InScopeAsync(host, sp => sp.GetRequiredService<DealOrders>().ReportAsync(CustomerScope.OwnedBy(ids.Bob), ErpWorld.Today, default));

        Assert.Equal([ImportStatus.Succeeded, ImportStatus.Succeeded], imports);
        await using (var db = database.CreateContext())
        {
            var orders = await db.SalesOrders.AsNoTracking().Include(o => o.Lines).Where(o => o.ExternalReference != null).OrderBy(o => o.OrderNumber).ToListAsync();
            Assert.Equal(["CRM-OPP-o-1", "CRM-OPP-o-2"], orders.Select(o => o.ExternalReference));
            Assert.Equal([2, 1], orders.Select(o => o.Lines.Count));
            Assert.Equal("CRM-ACC-a-nova", (await db.ErpCustomers.SingleAsync(c => c.Id == orders[1].CustomerId)).Code);
        }
        Assert.Equal(["o-1", "o-2"], all.Ordered.Select(d => d.DealKey)); // latest order first
        Assert.All(all.Ordered, d => Assert.Equal(0, d.DaysToOrder));
        Assert.Equal(0, all.MedianDaysToOrder);
        var notOrdered = Assert.Single(all.WonNotOrdered);
        Assert.Equal(("o-later", 8, false), (notOrdered.DealKey, notOrdered.DaysSinceWon, notOrdered.DocumentWritten));
        Assert.Equal(["o-2"], bobs.Ordered.Select(d => d.DealKey));
        Assert.Empty(bobs.WonNotOrdered);
    }
}
