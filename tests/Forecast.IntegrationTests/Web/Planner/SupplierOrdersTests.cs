using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Forecast.Core.Access;
using Forecast.Core.Formatting;
using Forecast.Core.Inventory;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Forecast.IntegrationTests.Web.Planner;

/// <summary>
/// Orders by supplier: suggested orders and approved proposals grouped with their value, flagged below a supplier's
/// minimum order value, which a planner sets on the page (bad input refused with the reason, nothing saved); CSV and
/// API alike; English and Chinese, 375 px.
/// </summary>
public sealed class SupplierOrdersTests(PlannerActsWebApp fixture, Browser browser) : IClassFixture<PlannerActsWebApp>, IClassFixture<Browser>
{
    private Task<IPage> PlannerPageAsync(string culture, int width) => fixture.PlannerPageAsync(browser, culture, width);

    private Task<SupplierGrouping> GroupingAsync() => fixture.WithScopeAsync(sp => sp.GetRequiredService<SupplierOrders>().GroupAsync(default));

    [Fact]
    public async Task Planner_SetsASupplierMinimum_AndSeesTheSupplierFlagged_OnlyWhileTheTotalIsBelowIt()
    {
        var supplier = (await GroupingAsync()).Suppliers.First(s => s.Supplier is not null && s.TotalValue > 0);
        var name = supplier.Supplier!;
        var page = await PlannerPageAsync("en", 1400);
        await page.GotoAsync("/planner");
        await page.ClickAsync("#suppliers-link");
        await page.WaitForURLAsync("**/planner/suppliers");
        var row = page.Locator($"#suppliers tbody tr[data-supplier=\"{name}\"]");
        Assert.Equal(Amounts.Money(supplier.TotalValue, "TWD", CultureInfo.GetCultureInfo("en")), (await row.Locator("td.total").InnerTextAsync()).Trim().Split('\n')[0]);
        Assert.Equal(0, await page.Locator("#suppliers tr.below-minimum").CountAsync());

        await page.SelectOptionAsync("#minimum-supplier", name);
        await page.FillAsync("#minimum-value", (supplier.TotalValue + 1000).ToString(CultureInfo.InvariantCulture));
        await page.ClickAsync("#minimum-save");
        await page.WaitForURLAsync("**saved=true**");
        Assert.Contains("below-minimum", await row.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
        Assert.Contains("Below the minimum", await row.InnerTextAsync(), StringComparison.Ordinal);
        await Browser.ScreenshotAsync(page, "planner-suppliers");

        await page.SelectOptionAsync("#minimum-supplier", name);
        await page.FillAsync("#minimum-value", "1");
        await page.ClickAsync("#minimum-save");
        await page.WaitForURLAsync("**saved=true**");
        Assert.DoesNotContain("below-minimum", await row.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
        await using var db = fixture.App.Database.CreateContext();
        var saved = await db.Set<SupplierSetting>().SingleAsync(s => s.Supplier == name);
        Assert.Equal((1m, "TWD", "planner@test.local"), (saved.MinimumOrderValue, saved.Currency, saved.UpdatedBy));
    }

    [Theory]
    [InlineData("en", "The minimum order value must be from 0 to 1,000,000,000.", "The currency must be a three-letter ISO 4217 code such as TWD or USD.")]
    [InlineData("zh-TW", "最低訂購金額須介於 0 到 1,000,000,000。", "幣別須為三個英文字母的 ISO 4217 代碼，例如 TWD 或 USD。")]
    public async Task Planner_IsToldWhatIsWrong_AndNothingIsSaved_WhenTheMinimumIsInvalid_OnAPhone(string culture, string minimumMessage, string currencyMessage)
    {
        var page = await PlannerPageAsync(culture, 375);
        await page.GotoAsync("/planner/suppliers");
        var name = await page.InputValueAsync("#minimum-supplier");
        await page.FillAsync("#minimum-value", "-5");
        await page.FillAsync("#minimum-currency", "tw");
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#minimum-save"), r => r.Request.Method == "POST");

        Assert.Equal(400, response.Status);
        Assert.Equal(minimumMessage, (await page.InnerTextAsync("#error-minimum")).Trim());
        Assert.Equal(currencyMessage, (await page.InnerTextAsync("#error-currency")).Trim());
        Assert.Equal("-5", await page.InputValueAsync("#minimum-value"));
        await using (var db = fixture.App.Database.CreateContext())
            Assert.False(await db.Set<SupplierSetting>().AnyAsync(s => s.Supplier == name && s.MinimumOrderValue < 0));
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 375, $"{page.Url} is {scrollWidth} px wide in a 375 px window");
    }

    [Fact]
    public async Task ApprovedProposalOfAProductWithoutSupplier_IsGroupedUnderNoSupplier_InThePageTheCsvAndTheApi()
    {
        var id = fixture.ProductToOrder;
        await using (var db = fixture.App.Database.CreateContext())
            await db.Products.Where(p => p.Id == id).ExecuteUpdateAsync(u => u.SetProperty(p => p.Supplier, (string?)null));
        using var api = fixture.App.CreateClient(await fixture.App.IssueTokenAsync(Roles.Planner));
        using (var approved = await api.PostAsJsonAsync(new Uri($"/api/planner/products/{id}/proposal", UriKind.Relative), new { }))
            Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());

        using var json = JsonDocument.Parse(await api.GetStringAsync(new Uri("/api/planner/suppliers", UriKind.Relative)));
        var none = json.RootElement.GetProperty("suppliers").EnumerateArray().Single(s => s.GetProperty("supplier").ValueKind == JsonValueKind.Null);
        Assert.Equal(1, none.GetProperty("approvedLines").GetInt32());
        Assert.True(none.GetProperty("approvedValue").GetDecimal() > 0);

        var csv = Encoding.UTF8.GetString(await api.GetByteArrayAsync(new Uri("/api/planner/suppliers.csv", UriKind.Relative)));
        Assert.StartsWith("supplier,suggested_lines,", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains("\n,", csv, StringComparison.Ordinal);

        var page = await PlannerPageAsync("zh-TW", 1400);
        await page.GotoAsync("/planner/suppliers");
        Assert.Equal("（無供應商）", (await page.InnerTextAsync("#suppliers tbody tr[data-supplier=\"\"] td.name")).Trim());

        using var refused = await api.PostAsJsonAsync(new Uri("/api/planner/suppliers/minimum", UriKind.Relative), new { supplier = "Nobody Ltd", minimum = "abc", currency = "TWD" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadAsStringAsync();
        Assert.Contains("\"supplier\"", problem, StringComparison.Ordinal);
        Assert.Contains("\"minimum\"", problem, StringComparison.Ordinal);

        using var rep = fixture.App.CreateClient(fixture.RepToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await rep.GetAsync(new Uri("/api/planner/suppliers", UriKind.Relative))).StatusCode);
    }
}
