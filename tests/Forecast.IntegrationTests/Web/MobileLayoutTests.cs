using Forecast.Core.Access;
using Forecast.Core.Accuracy;
using Forecast.Core.Data;
using Forecast.Core.Inventory;
using Forecast.Core.Jobs;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Forecast.IntegrationTests.Web;

/// <summary>
/// Reps in the field read the pages on a phone: at 375 px no page may scroll sideways (wide tables scroll inside
/// their own box), and the desktop width must not regress either. Chinese labels are longer in places, so both cultures.
/// Every page a planner, an admin or a rep works on is listed: a new page belongs here.
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
        await GiveThePagesRowsAsync(product);
        var customer = await demo.CustomerOwnedByAsync(demo.RepA.RepId);
        var admin = demo.App.Logins[Roles.Admin];
        var tooWide = new List<string>();

        var anonymous = await PageAsync(culture, width);
        await CheckAsync(anonymous, "/account/login", culture, width, tooWide);

        var planner = await PageAsync(culture, width);
        await Browser.SignInAsync(planner, admin.Email, admin.Password);
        string[] plannerPages =
        [
            "/planner", $"/planner/products/{product}", "/planner/overrides", "/planner/proposals", "/planner/suppliers",
            "/planner/accuracy", "/planner/po-messages", "/admin", "/admin/failed-reminders",
        ];
        foreach (var path in plannerPages)
            await CheckAsync(planner, path, culture, width, tooWide);
        // An empty page fits any width: these must show the rows the fixture gave them.
        foreach (var (path, rows) in new[] { ("/planner/accuracy", "#families tbody tr"), ("/planner/proposals", "#proposals tbody tr"), ("/planner/po-messages", "#po-messages tbody tr") })
        {
            await planner.GotoAsync(path);
            Assert.True(await planner.Locator(rows).CountAsync() > 0, $"{path} shows no {rows}");
        }

        var rep = await PageAsync(culture, width);
        await Browser.SignInAsync(rep, demo.RepA.Login.Email, demo.RepA.Login.Password);
        foreach (var path in new[] { "/reps/customers", $"/reps/customers/{customer}", "/reps/reminders", "/reps/deals" })
            await CheckAsync(rep, path, culture, width, tooWide);

        Assert.True(tooWide.Count == 0, "pages wider than the window: " + string.Join("; ", tooWide));
    }

    /// <summary>
    /// Rows for the pages the nightly run alone leaves empty, once per fixture: two replayed weekly nights then scored
    /// (accuracy), an approved proposal, and a late purchase order (always a message).
    /// </summary>
    private async Task GiveThePagesRowsAsync(long product)
    {
        await Seeding.WaitAsync();
        try
        {
            await using (var db = demo.App.Database.CreateContext())
            {
                if (await db.IncomingSupply.AnyAsync(s => s.SourceKey == "PO-MOBILE"))
                    return;
            }
            var asOf = demo.World.Options.AsOf;
            using (var host = PipelineRunner.CreateHost(demo.App.Database))
            {
                await host.Services.GetRequiredService<NightReplay>().ReplayAsync(asOf, 2, 7, ["customers", "win-probability", "demand"], null, null, default);
                await PipelineRunner.RunAsync(host, asOf, [AccuracyStage.StageName]);
            }
            await using (var db = demo.App.Database.CreateContext())
            {
                db.IncomingSupply.Add(new IncomingSupply
                {
                    SourceSystem = "test", SourceKey = "PO-MOBILE", PurchaseOrderNumber = "PO-MOBILE", LineNumber = 1, ProductId = product,
                    ExpectedDate = asOf.AddDays(-3), Quantity = 1, UpdatedAt = DateTimeOffset.UtcNow,
                });
                await db.SaveChangesAsync();
            }
            await using var scope = demo.App.Services.CreateAsyncScope();
            Assert.True(await scope.ServiceProvider.GetRequiredService<InventoryStage>().ReplanProductAsync(product, default));
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<PurchaseProposals>().ApproveAsync(product, 10, "planner@test.local", default));
        }
        finally
        {
            Seeding.Release();
        }
    }

    private static readonly SemaphoreSlim Seeding = new(1, 1);

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
