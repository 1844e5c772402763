using System.Globalization;
using System.Net;
using System.Text.Json;
using Forecast.Core.Access;
using Forecast.Core.Data;
using Forecast.Core.Formatting;
using Forecast.Core.Inventory;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Forecast.IntegrationTests.Web.Planner;

/// <summary>
/// Purchase-order exception messages: a product with far more stock than it needs is told to cancel its open and its
/// late purchase order, an empty one to expedite its far-off order; on the product page, the messages page (English
/// and Chinese, 375 px) and the API, with the order's value.
/// </summary>
public sealed class PoMessagesTests(PlannerActsWebApp fixture, Browser browser) : IClassFixture<PlannerActsWebApp>, IClassFixture<Browser>
{
    private Task<IPage> PlannerPageAsync(string culture, int width) => fixture.PlannerPageAsync(browser, culture, width);

    private static IncomingSupply Po(string number, long productId, DateOnly expected, decimal quantity) => new()
    {
        SourceSystem = "test", SourceKey = number, PurchaseOrderNumber = number, LineNumber = 1, ProductId = productId,
        ExpectedDate = expected, Quantity = quantity, Supplier = "Test Supplier", UpdatedAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task SurplusAndLateOrdersAreToldToCancel_AndAnEmptyProductsOrderToExpedite_OnThePagesAndInTheApi()
    {
        long surplus = fixture.Product(0), empty = fixture.Product(1);
        var asOf = (await fixture.PlanAsync(surplus)).AsOf;
        await using (var db = fixture.App.Database.CreateContext())
        {
            await db.IncomingSupply.Where(s => s.ProductId == surplus || s.ProductId == empty).ExecuteDeleteAsync();
            await db.StockOnHand.Where(s => s.ProductId == empty).ExecuteUpdateAsync(u => u.SetProperty(s => s.Quantity, 0m));
            await db.Products.Where(p => p.Id == surplus).ExecuteUpdateAsync(u => u.SetProperty(p => p.UnitCost, 12.5m));
            db.StockOnHand.Add(new StockOnHand { SourceSystem = "test", SourceKey = "surplus-stock", ProductId = surplus, Warehouse = "TEST", Quantity = 1_000_000m, AsOf = asOf, UpdatedAt = DateTimeOffset.UtcNow });
            db.IncomingSupply.AddRange(Po("PO-SURPLUS", surplus, asOf.AddDays(10), 500), Po("PO-LATE", surplus, asOf.AddDays(-5), 40), Po("PO-EMPTY", empty, asOf.AddDays(60), 100));
            await db.SaveChangesAsync();
        }
        await fixture.WithScopeAsync(async sp =>
        {
            var stage = sp.GetRequiredService<InventoryStage>();
            Assert.True(await stage.ReplanProductAsync(surplus, default));
            Assert.True(await stage.ReplanProductAsync(empty, default));
            return true;
        });

        using var api = fixture.App.CreateClient(await fixture.App.IssueTokenAsync(Roles.Planner));
        using (var json = JsonDocument.Parse(await api.GetStringAsync(new Uri($"/api/planner/po-messages?productId={surplus}", UriKind.Relative))))
        {
            var items = json.RootElement.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("purchaseOrderNumber").GetString()!);
            Assert.Equal(2, items.Count);
            Assert.Equal("Cancel", items["PO-SURPLUS"].GetProperty("action").GetString());
            Assert.Equal(6250m, items["PO-SURPLUS"].GetProperty("purchaseOrderValue").GetDecimal());
            Assert.False(items["PO-SURPLUS"].GetProperty("isLate").GetBoolean());
            Assert.Equal("Cancel", items["PO-LATE"].GetProperty("action").GetString());
            Assert.True(items["PO-LATE"].GetProperty("isLate").GetBoolean());
        }
        using (var json = JsonDocument.Parse(await api.GetStringAsync(new Uri("/api/planner/po-messages?action=expedite", UriKind.Relative))))
        {
            var item = json.RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("purchaseOrderNumber").GetString() == "PO-EMPTY");
            Assert.Equal(asOf.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), item.GetProperty("suggestedDate").GetString());
            Assert.True(item.GetProperty("shortfall").GetDecimal() > 0);
        }
        using (var refused = await api.GetAsync(new Uri("/api/planner/po-messages?action=later", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("\"action\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var rep = fixture.App.CreateClient(fixture.RepToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await rep.GetAsync(new Uri("/api/planner/po-messages", UriKind.Relative))).StatusCode);

        var page = await PlannerPageAsync("en", 1400);
        await page.GotoAsync($"/planner/products/{surplus}");
        var row = page.Locator("#product-po-messages tr[data-po=\"PO-SURPLUS-1\"]");
        Assert.Contains("Cancel: not needed within the projection", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains(Amounts.Money(6250m, "TWD", CultureInfo.GetCultureInfo("en")), await row.Locator("td.value").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("late: was due", await page.Locator("#product-po-messages tr[data-po=\"PO-LATE-1\"]").InnerTextAsync(), StringComparison.Ordinal);
        await page.GotoAsync("/planner");
        await page.ClickAsync("#po-messages-link");
        await page.WaitForURLAsync("**/planner/po-messages");
        Assert.Equal(1, await page.Locator("#po-messages tr[data-po=\"PO-EMPTY-1\"]").CountAsync());

        var phone = await PlannerPageAsync("zh-TW", 375);
        await phone.GotoAsync("/planner/po-messages?kind=Expedite");
        Assert.Contains("催貨至", await phone.InnerTextAsync("#po-messages tr[data-po=\"PO-EMPTY-1\"] td.instruction"), StringComparison.Ordinal);
        Assert.Equal(0, await phone.Locator("#po-messages tr[data-po=\"PO-SURPLUS-1\"]").CountAsync());
        Assert.Equal("採購單異常訊息", (await phone.InnerTextAsync("h1")).Trim());
        await Browser.ScreenshotAsync(phone, "planner-po-messages-zh-375");
        var scrollWidth = await phone.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 375, $"{phone.Url} is {scrollWidth} px wide in a 375 px window");
    }
}
