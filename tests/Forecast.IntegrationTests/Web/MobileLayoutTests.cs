using Forecast.Core.Access;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace Forecast.IntegrationTests.Web;

/// <summary>
/// Reps in the field read the pages on a phone: at 375 px no page may scroll sideways (wide tables scroll inside
/// their own box), and the desktop width must not regress either. Chinese labels are longer in places, so both cultures.
/// </summary>
public sealed class MobileLayoutTests(DemoWebApp demo, Browser browser) : IClassFixture<DemoWebApp>, IClassFixture<Browser>
{
    [Theory]
    [InlineData("en", 375)]
    [InlineData("zh-TW", 375)]
    [InlineData("en", 1400)]
    [InlineData("zh-TW", 1400)]
    public async Task EveryMainPage_FitsTheWindowWidth_WithoutSidewaysScrolling(string culture, int width)
    {
        var product = (await demo.TopAtRiskAsync()).ProductId;
        var customer = await demo.CustomerOwnedByAsync(demo.RepA.RepId);
        var admin = demo.App.Logins[Roles.Admin];
        var tooWide = new List<string>();

        var anonymous = await PageAsync(culture, width);
        await CheckAsync(anonymous, "/account/login", culture, width, tooWide);

        var planner = await PageAsync(culture, width);
        await Browser.SignInAsync(planner, admin.Email, admin.Password);
        foreach (var path in new[] { "/planner", $"/planner/products/{product}", "/admin" })
            await CheckAsync(planner, path, culture, width, tooWide);

        var rep = await PageAsync(culture, width);
        await Browser.SignInAsync(rep, demo.RepA.Login.Email, demo.RepA.Login.Password);
        foreach (var path in new[] { "/reps/customers", $"/reps/customers/{customer}", "/reps/reminders" })
            await CheckAsync(rep, path, culture, width, tooWide);

        Assert.True(tooWide.Count == 0, "pages wider than the window: " + string.Join("; ", tooWide));
    }

    private async Task<IPage> PageAsync(string culture, int width)
    {
        var context = await browser.Instance.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = demo.App.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = 800 },
        });
        // The cookie the layout's language switch sets, so every page (the login page too) is in that culture.
        await context.AddCookiesAsync([new Cookie
        {
            Name = ".AspNetCore.Culture",
            Value = Uri.EscapeDataString($"c={culture}|uic={culture}"),
            Url = demo.App.BaseAddress.ToString(),
        }]);
        return await context.NewPageAsync();
    }

    private static async Task CheckAsync(IPage page, string path, string culture, int width, List<string> tooWide)
    {
        var response = await page.GotoAsync(path);
        Assert.True(response!.Ok, $"{path} answered {response.Status}");
        Assert.Equal(culture, await page.GetAttributeAsync("html", "lang"));
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        var innerWidth = await page.EvaluateAsync<int>("window.innerWidth");
        // A mobile browser may widen its layout viewport to fit a wide page, which would hide the very fault sought.
        Assert.Equal(width, innerWidth);
        if (scrollWidth > innerWidth)
        {
            // Name the elements that stick out, so a failure says what to fix.
            var culprits = await page.EvaluateAsync<string[]>(
                """
                () => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
                    .filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= window.innerWidth + 0.5)
                    .slice(0, 5)
                    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/\s+/g, '.') : '') + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')
                """);
            tooWide.Add($"{path} ({culture}, {width} px) is {scrollWidth} px: {string.Join(", ", culprits)}");
            await Browser.ScreenshotAsync(page, $"too-wide-{culture}-{width}-{path.Trim('/').Replace('/', '-')}");
        }
    }
}
