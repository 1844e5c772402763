using System.Net.Http.Json;
using System.Text.Json;
using Forecast.Core.Assistant;
using Forecast.Core.Customers;
using Forecast.Core.CustomerView;
using Forecast.Core.Data;
using Forecast.Core.Inventory;
using Forecast.IntegrationTests.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.IntegrationTests.Assistant;

/// <summary>
/// The assistant over the generated demo world after the nightly stages: the world's nicknames and cities find customers,
/// and an open order's lines carry the ship date the inventory stage's available-to-promise gives.
/// </summary>
public sealed class AssistantDemoWorldTests(DemoWebApp demo) : IClassFixture<DemoWebApp>
{
    [Fact]
    public async Task Nickname_FindsTheRepsCustomer_InTheGeneratedWorld()
    {
        await using var db = demo.App.Database.CreateContext();
        var own = await (
                from c in db.UnifiedCustomers
                where c.OwnerRepId == demo.RepA.RepId
                from link in c.Accounts
                join contact in db.Contacts on link.CrmAccountId equals contact.AccountId
                select new { c.Id, contact.Nickname, link.CrmAccount!.City })
            .ToListAsync();
        Assert.Contains(own, x => x.Nickname != null);
        Assert.Contains(own, x => x.City != null);
        // A nickname only one of the rep's customers has (阿明 rather than a 張老闆 several share).
        var unique = own.Where(x => x.Nickname is { Length: >= 2 } n && n.Any(Forecast.Modeling.Customers.CompanyName.IsHan))
            .GroupBy(x => x.Nickname!).Where(g => g.Select(x => x.Id).Distinct().Count() == 1).Select(g => g.First()).First();

        using var client = demo.App.CreateClient(demo.RepA.Token);
        using var response = await client.PostAsJsonAsync("/api/assistant/ask", new { question = $"幫我查一下{unique.Nickname}的訂單進度" });
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(answer.GetProperty("kind").GetString() == "Answer", answer.ToString());
        Assert.Equal(unique.Id, answer.GetProperty("customerId").GetInt64());
    }

    [Fact]
    public async Task OpenOrderLine_SaysTheShipDateOfTheStockProjection()
    {
        await using var scope = demo.App.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<ForecastDbContext>();
        var asOf = await services.GetRequiredService<CustomerQueries>().AsOfAsync(default);
        var candidates = await (
                from c in db.UnifiedCustomers
                where c.OwnerRepId == demo.RepA.RepId
                join o in db.SalesOrders on c.ErpCustomerId equals o.CustomerId
                where o.Status == SalesOrderStatus.Open && o.OrderDate <= asOf
                from l in o.Lines
                where !l.IsReturn && l.Quantity > 0
                orderby o.OrderDate, o.Id, l.LineNumber
                select new { Customer = c.Id, o.OrderNumber, l.ProductId, l.Quantity, l.Product!.Sku })
            .ToListAsync();
        Assert.NotEmpty(candidates);
        var inventory = services.GetRequiredService<InventoryQueries>();
        var line = candidates.First();
        var ship = await inventory.EarliestShipDateAsync(line.ProductId, line.Quantity, default, asOf);
        Assert.NotNull(ship);

        var facts = await services.GetRequiredService<OrderStatusAssistant>().FactsAsync(CustomerScope.OwnedBy(demo.RepA.RepId), line.Customer, default);
        var fact = facts!.Orders.Single(o => o.Number == line.OrderNumber).Lines.First(l => l.ProductId == line.ProductId);
        Assert.Equal(new ShipFact(ship.Date, ship.Basis), fact.Ship);

        using var client = demo.App.CreateClient(demo.RepA.Token);
        using var response = await client.PostAsJsonAsync("/api/assistant/ask", new { question = "where is the order", customerId = line.Customer });
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        var sentence = answer.GetProperty("sentences").EnumerateArray().Select(s => s.GetProperty("text").GetString()!)
            .Single(t => t.StartsWith("Order " + line.OrderNumber + " ", StringComparison.Ordinal));
        var expected = ship.Basis == Forecast.Modeling.Inventory.ShipDateBasis.AvailableNow
            ? "can ship from stock now"
            : (ship.Date > asOf ? ship.Date : asOf).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(line.Sku, sentence, StringComparison.Ordinal);
        Assert.Contains(expected, sentence, StringComparison.Ordinal);
        Assert.DoesNotContain("no stock projection", sentence, StringComparison.Ordinal);
    }
}
