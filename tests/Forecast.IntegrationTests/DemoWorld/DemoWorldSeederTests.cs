using System.Diagnostics;
using System.Globalization;
using Forecast.Core.Data;
using Forecast.Core.Ingest;
using Forecast.DemoWorld;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Forecast.IntegrationTests.DemoWorldSeeding;

public sealed class DemoWorldSeederTests(TestDatabase database, ITestOutputHelper output) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task SeedAsync_StoresEveryRowOfTheWorld_WhenAllPartsAreAsked()
    {
        await database.ResetAsync();
        var world = DemoWorldGenerator.Generate(new DemoWorldOptions { Customers = 40, Products = 30, Years = 1 });
        var histories = world.Histories().ToList();

        await using (var db = database.CreateContext())
            await DemoWorldSeeder.SeedAsync(db, world, DemoSeedParts.All);

        await using var check = database.CreateContext();
        Assert.Equal(world.Customers.Count, await check.ErpCustomers.CountAsync());
        Assert.Equal(world.Products.Count, await check.Products.CountAsync());
        Assert.Equal(world.Accounts.Count, await check.CrmAccounts.CountAsync());
        Assert.Equal(world.Opportunities.Count, await check.Opportunities.CountAsync());
        Assert.Equal(world.Opportunities.Sum(o => o.Lines.Count), await check.OpportunityLines.CountAsync());
        Assert.Equal(histories.Sum(h => h.Orders.Count), await check.SalesOrders.CountAsync());
        Assert.Equal(histories.Sum(h => h.Orders.Sum(o => o.Lines.Count)), await check.SalesOrderLines.CountAsync());
        Assert.Equal(histories.Sum(h => h.Invoices.Count), await check.Invoices.CountAsync());
        Assert.Equal(histories.Sum(h => h.Activities.Count), await check.Activities.CountAsync());
        Assert.Equal(world.Stock.Count, await check.StockOnHand.CountAsync());
        Assert.Equal(world.PurchaseOrders.Count, await check.IncomingSupply.CountAsync());
        Assert.Equal(world.CostChanges.Count, await check.ProductCostChanges.CountAsync());

        // Invoices point at their own order, and keys are those an import of the CSV files gives.
        var invoice = histories.SelectMany(h => h.Invoices).First();
        var stored = await check.Invoices.SingleAsync(i => i.SourceSystem == "erp" && i.SourceKey == invoice.Number);
        var order = await check.SalesOrders.SingleAsync(o => o.Id == stored.SalesOrderId);
        Assert.Equal(invoice.OrderNumber, order.OrderNumber);
        var line = histories.SelectMany(h => h.Orders).First().Lines[0];
        Assert.True(await check.SalesOrderLines.AnyAsync(l => l.SourceKey.EndsWith("/" + line.LineNumber)));
        Assert.Equal(0, await check.SalesOrderLines.CountAsync(l => l.Quantity < 0 && !l.IsReturn));
    }

    /// <summary>
    /// The seeder and the import are two paths of one world into the database: the same world seeded, then written as
    /// CSV and imported through the shipped mappings, gives the same rows under the same (source system, source key),
    /// pointing at the same rows by key, for every entity.
    /// </summary>
    [Fact]
    public async Task SeedAsync_StoresTheRowsAnImportOfTheWorldsExportsStores()
    {
        var world = DemoWorldGenerator.Generate(new DemoWorldOptions { Customers = 40, Products = 30, Years = 1 });
        var folder = Directory.CreateTempSubdirectory("forecast-seeder-").FullName;
        try
        {
            await database.ResetAsync();
            var clock = Stopwatch.StartNew();
            await using (var db = database.CreateContext())
                await DemoWorldSeeder.SeedAsync(db, world, DemoSeedParts.All);
            var seeded = await SnapshotAsync();
            output.WriteLine($"seeder: {clock.ElapsedMilliseconds} ms");

            await database.ResetAsync();
            DemoWorldWriter.Write(world, folder);
            clock.Restart();
            using (var host = TestHost.CreateBuilder(database).Build())
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var imports = scope.ServiceProvider.GetRequiredService<ImportService>();
                foreach (var system in new[] { "erp", "crm" })
                {
                    var result = await imports.ImportAsync(ImportMappings.Load("demo-" + system), Path.Combine(folder, system), null, default);
                    Assert.True(result.Status == ImportStatus.Succeeded, $"{system} import {result.Status}: {result.Report.ToJson()}");
                }
            }
            var imported = await SnapshotAsync();
            output.WriteLine($"import: {clock.ElapsedMilliseconds} ms");

            Assert.Equal(imported.Keys.Order(), seeded.Keys.Order());
            foreach (var (entity, rows) in imported)
            {
                Assert.True(rows.Count > 0, $"the world has {entity}");
                var missing = rows.Except(seeded[entity]).Take(3).ToList();
                var extra = seeded[entity].Except(rows).Take(3).ToList();
                Assert.True(missing.Count == 0 && extra.Count == 0 && rows.Count == seeded[entity].Count,
                    $"{entity}: imported {rows.Count} rows, seeded {seeded[entity].Count}; only imported: {string.Join(" | ", missing)}; only seeded: {string.Join(" | ", extra)}");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Every demo entity's rows as text: source system and key, the keys of the rows it points at, and its main values.</summary>
    private async Task<Dictionary<string, HashSet<string>>> SnapshotAsync()
    {
        await using var db = database.CreateContext();
        var rows = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        void Add<T>(string entity, IEnumerable<T> items) =>
            rows[entity] = items.Select(i => string.Create(CultureInfo.InvariantCulture, $"{i}")).ToHashSet(StringComparer.Ordinal);

        Add("customers", await db.ErpCustomers.Select(c => new { c.SourceSystem, c.SourceKey, c.Code, c.Name, c.TaxId, c.Country, c.PaymentTermsDays, c.CreditLimit }).ToListAsync());
        Add("products", await db.Products.Select(p => new { p.SourceSystem, p.SourceKey, p.Sku, p.Name, p.LeadTimeDays, p.Moq, p.PackSize, p.UnitCost }).ToListAsync());
        Add("sales-orders", await db.SalesOrders.Select(o => new { o.SourceSystem, o.SourceKey, Customer = o.Customer!.SourceKey, o.OrderNumber, o.OrderDate, o.Status }).ToListAsync());
        Add("sales-order-lines", await db.SalesOrderLines.Select(l => new
        {
            l.SourceSystem, l.SourceKey, Order = l.SalesOrder!.SourceKey, Product = l.Product!.SourceKey, l.LineNumber, l.Quantity, l.UnitPrice, l.IsReturn,
        }).ToListAsync());
        Add("invoices", await db.Invoices.Select(i => new
        {
            i.SourceSystem, i.SourceKey, Customer = i.Customer!.SourceKey, Order = db.SalesOrders.Where(o => o.Id == i.SalesOrderId).Select(o => o.SourceKey).FirstOrDefault(),
            i.InvoiceDate, i.DueDate, i.Amount, i.PaidAmount,
        }).ToListAsync());
        Add("stock", await db.StockOnHand.Select(s => new { s.SourceSystem, s.SourceKey, Product = s.Product!.SourceKey, s.Warehouse, s.Quantity, s.AsOf }).ToListAsync());
        Add("product-costs", await db.ProductCostChanges.Select(c => new { c.SourceSystem, c.SourceKey, Product = c.Product!.SourceKey, c.EffectiveOn, c.UnitCost }).ToListAsync());
        Add("incoming-supply", await db.IncomingSupply.Select(s => new { s.SourceSystem, s.SourceKey, Product = s.Product!.SourceKey, s.LineNumber, s.Quantity, s.ExpectedDate }).ToListAsync());
        Add("reps", await db.Reps.Select(r => new { r.SourceSystem, r.SourceKey, r.Name, r.Email, r.Active }).ToListAsync());
        Add("accounts", await db.CrmAccounts.Select(a => new { a.SourceSystem, a.SourceKey, Owner = a.OwnerRep!.SourceKey, a.Name, a.TaxId, a.City, a.Address }).ToListAsync());
        Add("contacts", await db.Contacts.Select(c => new { c.SourceSystem, c.SourceKey, Account = c.Account!.SourceKey, c.Name, c.Email, c.OptedOut, c.Nickname }).ToListAsync());
        Add("opportunities", await db.Opportunities.Select(o => new
        {
            o.SourceSystem, o.SourceKey, Account = o.Account!.SourceKey, Owner = o.OwnerRep!.SourceKey, o.Stage, o.Amount, o.CreatedOn, o.ClosedOn, o.Outcome,
        }).ToListAsync());
        Add("opportunity-lines", await db.OpportunityLines.Select(l => new
        {
            l.SourceSystem, l.SourceKey, Opportunity = l.Opportunity!.SourceKey, Product = l.Product!.SourceSystem + ":" + l.Product.SourceKey, l.Quantity, l.UnitPrice,
        }).ToListAsync());
        Add("activities", await db.Activities.Select(a => new
        {
            a.SourceSystem, a.SourceKey, Account = a.Account!.SourceKey, Rep = a.Rep!.SourceKey, Contact = db.Contacts.Where(c => c.Id == a.ContactId).Select(c => c.SourceKey).FirstOrDefault(),
            a.Kind, a.OccurredOn,
        }).ToListAsync());
        return rows;
    }
}
