using Forecast.Core.Access;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace Forecast.IntegrationTests.Web;

/// <summary>The pages in Chromium on the demo world with real numbers: each role's flow and its refusals, with screenshots.</summary>
public sealed class DemoBrowserTests(DemoWebApp demo, Browser browser) : IClassFixture<DemoWebApp>, IClassFixture<Browser>
{
    private async Task<IPage> SignedInPageAsync(string email, string password, string locale = "en-US")
    {
        var page = await browser.NewPageAsync(demo.App.BaseAddress, locale);
        await Browser.SignInAsync(page, email, password);
        return page;
    }

    private Task<IPage> PlannerAsync(string locale = "en-US") =>
        SignedInPageAsync(demo.App.Logins[Roles.Planner].Email, demo.App.Logins[Roles.Planner].Password, locale);

    [Fact]
    public async Task Planner_SeesTheAtRiskList_OpensAProductChart_AndDownloadsTheSuggestedOrders()
    {
        var page = await PlannerAsync();
        await page.GotoAsync("/planner");
        var rows = await page.Locator("#at-risk tbody tr").CountAsync();
        Assert.Equal(Math.Min(demo.World.Products.Count, 50), rows);
        await Browser.ScreenshotAsync(page, "planner");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#csv"));
        Assert.StartsWith("suggested-orders-", download.SuggestedFilename, StringComparison.Ordinal);
        var csv = await File.ReadAllLinesAsync((await download.PathAsync())!);
        Assert.StartsWith("sku,name,family,supplier", csv[0], StringComparison.Ordinal);
        Assert.True(csv.Length > 1, "the demo world has suggested orders");

        var top = await demo.TopAtRiskAsync();
        await page.ClickAsync("#at-risk tbody tr:first-child a.product-link");
        await page.WaitForURLAsync($"**/planner/products/{top.ProductId}");
        Assert.Contains(top.Sku, await page.InnerTextAsync("#product-title"), StringComparison.Ordinal);
        Assert.True(await page.Locator(".chart-box svg").IsVisibleAsync());
        Assert.True(await page.Locator(".chart-box svg .band80").CountAsync() > 0);
        Assert.Contains("back-test", await page.InnerTextAsync("#accuracy"), StringComparison.Ordinal);
        await Browser.ScreenshotAsync(page, "planner-product");
    }

    [Fact]
    public async Task Planner_SeesTheProductPageInTraditionalChinese_WhenTheBrowserAsksForIt()
    {
        var page = await PlannerAsync("zh-TW");
        var top = await demo.TopAtRiskAsync();

        await page.GotoAsync($"/planner/products/{top.ProductId}");

        Assert.Equal("zh-TW", await page.GetAttributeAsync("html", "lang"));
        Assert.DoesNotContain("back-test", await page.InnerTextAsync("#accuracy"), StringComparison.Ordinal);
        Assert.DoesNotContain("Stock-out risk within lead time", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await Browser.ScreenshotAsync(page, "planner-product-zh-TW");
    }

    [Fact]
    public async Task Rep_SeesTheirCustomer360_AndIsToldNotFound_ForAnotherRepsCustomer()
    {
        var page = await SignedInPageAsync(demo.RepA.Login.Email, demo.RepA.Login.Password);
        await page.GotoAsync("/reps/customers");
        Assert.True(await page.Locator("#customers tbody tr").CountAsync() > 0);
        var own = await demo.CustomerOwnedByAsync(demo.RepA.RepId);
        await page.ClickAsync($"#customers a[href='/reps/customers/{own}']");
        await page.WaitForURLAsync($"**/reps/customers/{own}");
        Assert.True(await page.IsVisibleAsync("#customer-name"));
        Assert.True(await page.Locator("#orders tbody tr").CountAsync() > 0);
        Assert.True(await page.Locator("#next-orders tbody tr").CountAsync() > 0);
        await Browser.ScreenshotAsync(page, "rep-customer");

        var theirs = await demo.CustomerOwnedByAsync(demo.RepB.RepId);
        var response = await page.GotoAsync($"/reps/customers/{theirs}");
        Assert.Equal(404, response!.Status);
        Assert.True(await page.IsVisibleAsync("#status-title"));
        Assert.False(await page.IsVisibleAsync("#customer-name"));

        await page.GotoAsync("/planner");
        Assert.True(await page.IsVisibleAsync("#denied"));
        await Browser.ScreenshotAsync(page, "rep-denied-planner");
    }

    [Fact]
    public async Task Admin_SeesModelsAndTheMatchQueue()
    {
        var admin = demo.App.Logins[Roles.Admin];
        var page = await SignedInPageAsync(admin.Email, admin.Password);

        await page.GotoAsync("/admin");
        Assert.True(await page.Locator("#models tbody tr").CountAsync() > 0);
        Assert.True(await page.Locator("#prediction-runs tbody tr").CountAsync() > 0);
        await Browser.ScreenshotAsync(page, "admin-demo");

        await page.ClickAsync("#matches-link");
        await page.WaitForURLAsync("**/admin/matches");
        Assert.True(await page.Locator("#matches, #queue-empty").First.IsVisibleAsync());
        await Browser.ScreenshotAsync(page, "admin-matches");
    }
}
