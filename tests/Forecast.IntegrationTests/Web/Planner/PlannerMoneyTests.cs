using System.Globalization;
using System.Net;
using System.Text.Json;
using Forecast.Core.Access;
using Forecast.Core.Data;
using Forecast.Core.Formatting;
using Forecast.Core.Inventory;
using Forecast.IntegrationTests.Infrastructure;
using Forecast.Modeling.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Forecast.IntegrationTests.Web.Planner;

/// <summary>
/// Money on the planners' screens: unit cost, value at risk (units expected short by the end of the lead time × list
/// price) and the suggested order's value, in the home currency, on the at-risk list (sortable by value), the product
/// page and the API; in English and Chinese, at 375 px without sideways scrolling. Read-only: changes no product.
/// </summary>
public sealed class PlannerMoneyTests(PlannerActsWebApp fixture, Browser browser) : IClassFixture<PlannerActsWebApp>, IClassFixture<Browser>
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    private Task<IPage> PlannerPageAsync(string culture, int width) => fixture.PlannerPageAsync(browser, culture, width);

    /// <summary>The value at risk the test expects, made from the stored projection independently of the page.</summary>
    private async Task<(decimal? Value, Product Product, InventoryPlan Plan)> ExpectedAsync(long productId)
    {
        var plan = await fixture.PlanAsync(productId);
        var periods = await fixture.ProjectionAsync(productId);
        await using var db = fixture.App.Database.CreateContext();
        var product = await db.Products.AsNoTracking().SingleAsync(p => p.Id == productId);
        var end = plan.AsOf.AddDays(plan.LeadTimeDays);
        var at = periods.FirstOrDefault(p => p.PeriodEnd >= end) ?? periods[^1];
        var units = Math.Round((decimal)ExpectedShortfall.FromNetStockQuantiles((double)at.StockP10, (double)at.StockP50, (double)at.StockP90), 2);
        var price = product.ListPrice ?? product.UnitCost;
        return (price is { } p ? Math.Round(units * p, 2) : null, product, plan);
    }

    [Fact]
    public async Task AtRiskList_SortedByValueAtRisk_ShowsTheLargestFirst_InTheHomeCurrency()
    {
        var page = await PlannerPageAsync("en", 1400);
        await page.GotoAsync("/planner");
        await page.SelectOptionAsync("#sort", "value");
        await page.ClickAsync("#filters button[type=submit]");
        await page.WaitForURLAsync("**sort=value**");

        var cells = page.Locator("#at-risk tbody td.value-at-risk");
        var values = new List<decimal>();
        for (var i = 0; i < await cells.CountAsync(); i++)
            values.Add(decimal.Parse(await cells.Nth(i).GetAttributeAsync("data-value") ?? "-1", CultureInfo.InvariantCulture));
        Assert.True(values.Count > 1, "the list is empty");
        Assert.True(values[0] > 0, "no product has a value at risk in the demo world: the sort is not tested");
        Assert.Equal(values.OrderByDescending(v => v).ToList(), values);
        Assert.Contains("TWD", await page.InnerTextAsync("#money-legend"), StringComparison.Ordinal);

        var firstId = long.Parse((await page.Locator("#at-risk tbody a.product-link").First.GetAttributeAsync("href"))!.Split('/')[^1], CultureInfo.InvariantCulture);
        var (expected, product, plan) = await ExpectedAsync(firstId);
        Assert.Equal(expected, values[0]);
        var row = page.Locator("#at-risk tbody tr").First;
        Assert.Equal(Amounts.Money(expected!.Value, "TWD", English) + (product.ListPrice is null ? "*" : ""), (await row.Locator("td.value-at-risk").InnerTextAsync()).Trim());
        Assert.Equal(product.UnitCost is { } cost ? Amounts.Money(cost, "TWD", English) : "–", (await row.Locator("td.unit-cost").InnerTextAsync()).Trim());
        Assert.Equal(plan.SuggestedOrderQuantity > 0 && product.UnitCost is { } c ? Amounts.Money(plan.SuggestedOrderQuantity * c, "TWD", English) : "–",
            (await row.Locator("td.po-value").InnerTextAsync()).Trim());

        await Browser.ScreenshotAsync(page, "planner-value-at-risk");
    }

    [Theory]
    [InlineData("en", 375, "Value at risk", "Amounts in TWD")]
    [InlineData("zh-TW", 375, "風險金額", "金額幣別為 TWD")]
    [InlineData("zh-TW", 1400, "風險金額", "金額幣別為 TWD")]
    public async Task ProductPage_ShowsTheSuggestedOrdersValue_AndFitsThePhone(string culture, int width, string valueLabel, string legend)
    {
        var id = fixture.ProductToOrder;
        var (expected, product, plan) = await ExpectedAsync(id);
        var page = await PlannerPageAsync(culture, width);

        await page.GotoAsync($"/planner/products/{id}");
        Assert.Contains(valueLabel, await page.InnerTextAsync("#value-basis"), StringComparison.Ordinal);
        var money = CultureInfo.GetCultureInfo(culture);
        Assert.Equal(Amounts.Money(plan.SuggestedOrderQuantity * product.UnitCost!.Value, "TWD", money), (await page.InnerTextAsync("#kpi-po-value")).Trim());
        Assert.Equal(expected is { } v ? Amounts.Money(v, "TWD", money) : "–", (await page.InnerTextAsync("#kpi-value-at-risk")).Trim());
        await AssertFitsAsync(page, width);

        await page.GotoAsync("/planner?sort=value");
        Assert.Contains(legend, await page.InnerTextAsync("#money-legend"), StringComparison.Ordinal);
        Assert.Contains(valueLabel, await page.InnerTextAsync("#at-risk thead"), StringComparison.Ordinal);
        await AssertFitsAsync(page, width);
    }

    [Fact]
    public async Task AtRiskApi_GivesTheMoney_AndRefusesAnUnknownSort()
    {
        using var api = fixture.App.CreateClient(await fixture.App.IssueTokenAsync(Roles.Planner));
        using var json = JsonDocument.Parse(await api.GetStringAsync(new Uri("/api/planner/at-risk?sort=value&take=5", UriKind.Relative)));
        var first = json.RootElement.GetProperty("items")[0];
        var id = first.GetProperty("productId").GetInt64();
        var (expected, _, _) = await ExpectedAsync(id);
        var money = first.GetProperty("money");
        Assert.Equal("TWD", money.GetProperty("currency").GetString());
        Assert.Equal(expected, money.GetProperty("valueAtRisk").GetDecimal());
        Assert.True(money.TryGetProperty("purchaseOrderValue", out _));
        Assert.True(money.TryGetProperty("expectedUnitsShort", out _));

        using var refused = await api.GetAsync(new Uri("/api/planner/at-risk?sort=cheapest", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("sort", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task AssertFitsAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{page.Url} is {scrollWidth} px wide in a {width} px window");
    }
}
