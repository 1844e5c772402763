using System.Globalization;
using System.Net;
using System.Text.Json;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace Forecast.IntegrationTests.Web.Customers;

/// <summary>
/// The customer 360 a rep opens before a call, in Chromium (English and Traditional Chinese, desktop and phone) and in the
/// API: contacts with numbers a phone dials, the opted-out contact marked and not offered as an email link, the account's
/// phone; and each top product's monthly units as a sparkline with the same numbers in words.
/// </summary>
public sealed class Customer360Tests(Customer360World world, Browser browser) : IClassFixture<Customer360World>, IClassFixture<Browser>
{
    public static TheoryData<string, int> Layouts => new() { { "en", 1400 }, { "zh-TW", 1400 }, { "en", 375 }, { "zh-TW", 375 } };

    private static async Task AssertFitsAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{page.Url} is {scrollWidth} px wide in a {width} px window");
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task CustomerPage_ListsContactsWithTapToCallAndMailLinks_AndMarksTheOptedOutOne(string culture, int width)
    {
        var page = await browser.SignedInPageAsync(world.App.BaseAddress, world.Amy.Email, world.Amy.Password, culture, width);

        await page.GotoAsync($"/reps/customers/{world.Acme}");

        Assert.Equal(culture == "en" ? "Contacts" : "聯絡人", (await page.InnerTextAsync("#contacts h2")).Trim());
        var buyer = page.Locator($"#contact-{world.Buyer}");
        Assert.Equal("tel:0223456789;ext=12", await buyer.Locator("a.tel").GetAttributeAsync("href"));
        Assert.Equal("02-2345-6789 ext. 12", (await buyer.Locator("a.tel").InnerTextAsync()).Trim());
        Assert.Equal("mailto:mei@acme.example", await buyer.Locator("a[href^='mailto:']").GetAttributeAsync("href"));
        Assert.Contains(culture == "en" ? "Traditional Chinese" : "繁體中文", await buyer.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await buyer.Locator(".opted-out-mark").CountAsync());

        var quiet = page.Locator($"#contact-{world.OptedOut}");
        Assert.Equal(culture == "en" ? "opted out" : "已退訂", (await quiet.Locator(".opted-out-mark").InnerTextAsync()).Trim());
        Assert.Equal(0, await quiet.Locator("a[href^='mailto:']").CountAsync());
        Assert.Contains("bob@acme.example", await quiet.InnerTextAsync(), StringComparison.Ordinal);

        Assert.Equal("tel:+886223456789", await page.GetAttributeAsync("#account-phone", "href"));
        Assert.Equal(Customer360World.AccountPhone, (await page.InnerTextAsync("#account-phone")).Trim());
        await AssertFitsAsync(page, width);
        await Browser.ScreenshotAsync(page, $"customer-360-{culture}-{width}");
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task CustomerPage_SaysWhyAPredictionWasLowered_WhenARepDismissedItsReminder(string culture, int width)
    {
        var page = await browser.SignedInPageAsync(world.App.BaseAddress, world.Amy.Email, world.Amy.Password, culture, width);

        await page.GotoAsync($"/reps/customers/{world.Acme}");

        var date = Customer360World.DismissedOn.ToString("d", CultureInfo.GetCultureInfo(culture));
        Assert.Equal(culture == "en" ? $"Chances lowered: a reminder was dismissed on {date} (customer not buying)." : $"機率已調降：{date} 有業務略過提醒（客戶不再購買）。",
            (await page.InnerTextAsync($"#next-{world.Gear} .adjusted")).Trim());
        Assert.Equal(0, await page.Locator($"#next-{world.Bearing} .adjusted").CountAsync());
        await AssertFitsAsync(page, width);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task CustomerPage_ShowsMonthlyUnitsPerTopProduct_AsASparklineWithTheNumbersInWords(string culture, int width)
    {
        var page = await browser.SignedInPageAsync(world.App.BaseAddress, world.Amy.Email, world.Amy.Password, culture, width);

        await page.GotoAsync($"/reps/customers/{world.Acme}");

        // Bearings sell for more than gears: listed first.
        var rows = await page.Locator("#sales-trend tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.id)");
        Assert.Equal([$"trend-{world.Bearing}", $"trend-{world.Gear}"], rows);
        var bearing = page.Locator($"#trend-{world.Bearing}");
        var svg = bearing.Locator("svg.sparkline");
        Assert.Equal("img", await svg.GetAttributeAsync("role"));
        var label = await svg.GetAttributeAsync("aria-label");
        // The cancelled 1,000 and the returned 5 in May are not orders the customer placed: May reads 0.
        Assert.Contains(culture == "en" ? "the last three months 40, 0 and 35" : "最近三個月 40、0、35", label, StringComparison.Ordinal);
        Assert.Contains(culture == "en" ? "the last 12 months 255, more than in the 12 months before" : "最近 12 個月共 255，多於前 12 個月", label, StringComparison.Ordinal);
        var points = (await svg.Locator("polyline").GetAttributeAsync("points"))!.Split(' ');
        Assert.Equal(24, points.Length);
        Assert.Equal("40 · 0 · 35", (await bearing.Locator("td.last3").InnerTextAsync()).Trim());
        Assert.Equal(culture == "en" ? "rising" : "上升", (await bearing.Locator("td.trend").InnerTextAsync()).Trim());
        Assert.Equal("10", (await bearing.Locator("td.usual").InnerTextAsync()).Trim());
        Assert.Equal(Customer360World.AsOf.ToString("d", CultureInfo.GetCultureInfo(culture)), (await bearing.Locator("td.last-order").InnerTextAsync()).Trim());
        Assert.Equal(culture == "en" ? "falling" : "下降", (await page.InnerTextAsync($"#trend-{world.Gear} td.trend")).Trim());
        await AssertFitsAsync(page, width);
    }

    [Fact]
    public async Task CustomerApi_ReturnsContactsPhonesAndMonthlyTrend_AndAnotherRepGetsNotFound()
    {
        using var client = world.App.CreateClient(world.AmyToken);

        using var json = JsonDocument.Parse(await client.GetStringAsync($"/api/customers/{world.Acme}"));

        var root = json.RootElement;
        Assert.Equal(Customer360World.AccountPhone, root.GetProperty("accounts")[0].GetProperty("phone").GetString());
        var contacts = root.GetProperty("contacts").EnumerateArray().ToList();
        Assert.Equal([world.Buyer, world.OptedOut], contacts.Select(c => c.GetProperty("id").GetInt64()));
        Assert.Equal(("02-2345-6789 ext. 12", "zh-TW", false),
            (contacts[0].GetProperty("phone").GetString(), contacts[0].GetProperty("preferredLanguage").GetString(), contacts[0].GetProperty("optedOut").GetBoolean()));
        Assert.True(contacts[1].GetProperty("optedOut").GetBoolean());
        var trend = root.GetProperty("salesTrends")[0];
        Assert.Equal(world.Bearing, trend.GetProperty("productId").GetInt64());
        var gear = root.GetProperty("nextOrders").EnumerateArray().Single(n => n.GetProperty("productId").GetInt64() == world.Gear);
        Assert.Equal(("NotBuying", "2026-05-20"), (gear.GetProperty("dismissalReason").GetString(), gear.GetProperty("dismissalDate").GetString()));
        var monthly = trend.GetProperty("monthly").EnumerateArray().ToList();
        Assert.Equal(Customer360World.BearingMonthly, monthly.Select(m => m.GetProperty("quantity").GetDecimal()));
        Assert.Equal(["2024-07-01", "2026-06-01"], new[] { monthly[0], monthly[^1] }.Select(m => m.GetProperty("month").GetString()));
        Assert.Equal(("2026-06-01", 10m, "Rising"),
            (trend.GetProperty("lastOrderDate").GetString(), trend.GetProperty("usualQuantity").GetDecimal(), trend.GetProperty("direction").GetString()));

        using var other = world.App.CreateClient(world.WangToken);
        var refused = await other.GetAsync($"/api/customers/{world.Acme}");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.DoesNotContain("Chen Mei-ling", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
