using Forecast.Core.Data;
using Forecast.DemoWorld;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Forecast.IntegrationTests.DemoWorldSeeding;

public sealed class DemoWorldSeederTests(TestDatabase database) : IClassFixture<TestDatabase>
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

        // Invoices point at their own order, and keys are those an import of the CSV files gives.
        var invoice = histories.SelectMany(h => h.Invoices).First();
        var stored = await check.Invoices.SingleAsync(i => i.SourceSystem == "erp" && i.SourceKey == invoice.Number);
        var order = await check.SalesOrders.SingleAsync(o => o.Id == stored.SalesOrderId);
        Assert.Equal(invoice.OrderNumber, order.OrderNumber);
        var line = histories.SelectMany(h => h.Orders).First().Lines[0];
        Assert.True(await check.SalesOrderLines.AnyAsync(l => l.SourceKey.EndsWith("/" + line.LineNumber)));
        Assert.Equal(0, await check.SalesOrderLines.CountAsync(l => l.Quantity < 0 && !l.IsReturn));
    }
}
