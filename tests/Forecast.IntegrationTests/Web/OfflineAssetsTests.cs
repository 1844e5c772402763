using Forecast.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace Forecast.IntegrationTests.Web;

/// <summary>
/// The service runs on intranets without internet access: its pages and the API reference must load everything
/// from the app itself, and browsers asking for the site's icon get one instead of a 404.
/// </summary>
public sealed class OfflineAssetsTests(WebApp app, Browser browser) : IClassFixture<WebApp>, IClassFixture<Browser>
{
    [Fact]
    public async Task Favicon_IsServed_AtTheLinkedAddressAndAtTheConventionalOne()
    {
        var page = await browser.NewPageAsync(app.BaseAddress);
        await page.GotoAsync("/account/login");
        var href = await page.EvaluateAsync<string?>("document.querySelector('link[rel=icon]')?.getAttribute('href')");
        Assert.False(string.IsNullOrEmpty(href), "the layout links no icon");

        using var client = app.CreateClient();
        using var linked = await client.GetAsync(new Uri(href!, UriKind.Relative));
        Assert.Equal(200, (int)linked.StatusCode);
        Assert.Equal("image/svg+xml", linked.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await linked.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Tools and old browsers ask for /favicon.ico whatever the page links.
        using var ico = await client.GetAsync(new Uri("/favicon.ico", UriKind.Relative));
        Assert.Equal(200, (int)ico.StatusCode);
        Assert.Equal("image/x-icon", ico.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ApiReference_LoadsNothingFromOutsideTheApp()
    {
        var page = await browser.NewPageAsync(app.BaseAddress);
        var outside = new List<string>();
        // Record and refuse: on an offline intranet such a request would hang or fail; here it must not be made at all.
        await page.RouteAsync("**/*", async route =>
        {
            var host = new Uri(route.Request.Url).Host;
            if (host is "127.0.0.1" or "localhost" or "[::1]" || route.Request.Url.StartsWith("data:", StringComparison.Ordinal))
                await route.ContinueAsync();
            else
            {
                lock (outside)
                    outside.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });

        var response = await page.GotoAsync("/scalar");
        Assert.Equal(200, response!.Status);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        // The reference really rendered the API (so the check above saw a page that did its work).
        await page.GetByText("Forecast API").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        await page.WaitForTimeoutAsync(1_000);
        await Browser.ScreenshotAsync(page, "scalar");

        lock (outside)
            Assert.True(outside.Count == 0, "requests to hosts outside the app: " + string.Join(", ", outside.Distinct()));
        // Scalar's vendor buttons (its client app, and the toolbar it shows on 127.0.0.1 with SDK and deploy offers).
        foreach (var vendor in new[] { "Open in client", "Generate SDK", "Deploy", "Developer Tools" })
            Assert.Equal(0, await page.GetByText(vendor, new PageGetByTextOptions { Exact = false }).CountAsync());
    }
}
