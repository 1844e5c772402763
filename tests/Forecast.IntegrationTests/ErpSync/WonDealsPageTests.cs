using System.Net.Http.Json;
using Forecast.Core.Access;
using Forecast.Core.Data;
using Forecast.Core.ErpSync;
using Forecast.IntegrationTests.Infrastructure;
using Forecast.IntegrationTests.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Forecast.IntegrationTests.ErpSync;

/// <summary>
/// The web app over <see cref="ErpWorld"/> with the won deals converted and the ERP's order for o-1 back (entered a day
/// after the win, with the deal's reference), and o-later (Amy's, won eight days before today, seven before the data's last day) never ordered; Bob's o-2 neither.
/// </summary>
public sealed class ErpWebApp : IAsyncLifetime
{
    public WebApp App { get; } = new();
    public IssuedLogin Amy { get; private set; } = null!;
    public string AmyToken { get; private set; } = "";
    public string BobToken { get; private set; } = "";
    public Dictionary<string, long> Deals { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var clock = ErpWorld.ClockAt(ErpWorld.Today);
        App.UseClock(clock);
        await App.InitializeAsync();
        var ids = await ErpWorld.SeedAsync(App.Database);
        await using (var db = App.Database.CreateContext())
        {
            var acme = await db.CrmAccounts.SingleAsync(a => a.SourceKey == "a-acme");
            db.Opportunities.Add(new Opportunity { AccountId = acme.Id, OwnerRepId = ids.Amy, Name = "Gearbox retrofit", Stage = "Won", Amount = 45_000,
                CreatedOn = ErpWorld.Today.AddDays(-60), ClosedOn = ErpWorld.Today.AddDays(-8), Outcome = OpportunityOutcome.Won, SourceSystem = "crm",
                SourceKey = "o-later", UpdatedAt = DateTimeOffset.UtcNow });
            var c001 = await db.ErpCustomers.SingleAsync(c => c.Code == "C001");
            db.SalesOrders.Add(new SalesOrder { OrderNumber = "SO-9001", CustomerId = c001.Id, OrderDate = ErpWorld.Today.AddDays(-1), ExternalReference = "CRM-OPP-o-1",
                SourceSystem = "erp", SourceKey = "SO-9001", UpdatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            Deals = await db.Opportunities.ToDictionaryAsync(o => o.SourceKey, o => o.Id);
        }
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WonDealConversion>().ConvertAsync(ErpWorld.Today, default);
        Amy = await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateOrResetAsync("amy@example.com", "Amy Lin", Roles.Rep, ids.Amy);
        AmyToken = await App.IssueTokenAsync(Roles.Rep, ids.Amy);
        BobToken = await App.IssueTokenAsync(Roles.Rep, ids.Bob);
    }

    public Task DisposeAsync() => App.DisposeAsync();
}

/// <summary>A rep's won deals against the ERP's orders, on the page (Chromium, en and zh-TW, desktop and phone) and in the API.</summary>
public sealed class WonDealsPageTests(ErpWebApp world, Browser browser) : IClassFixture<ErpWebApp>, IClassFixture<Browser>
{
    public static TheoryData<string, int> Layouts => new() { { "en", 1400 }, { "zh-TW", 1400 }, { "en", 375 }, { "zh-TW", 375 } };

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Rep_SeesOwnWonDeals_TheirConversionTimeAndTheWonNotOrdered_NotAnotherReps(string culture, int width)
    {
        var page = await browser.SignedInPageAsync(world.App.BaseAddress, world.Amy.Email, world.Amy.Password, culture, width);

        await page.ClickAsync("#nav-won-deals");
        await page.WaitForURLAsync("**/reps/won-deals");

        Assert.Equal(culture == "en" ? "My won deals and ERP orders" : "我的成交商機與 ERP 訂單", await page.InnerTextAsync("h1"));
        // The data reach yesterday (the ERP's order), so the page is as of then: o-later was won 7 days before.
        Assert.Equal("7", (await page.InnerTextAsync($"#won-{world.Deals["o-later"]} td.days")).Trim());
        Assert.Contains("CRM-OPP-o-later", await page.InnerTextAsync($"#won-{world.Deals["o-later"]}"), StringComparison.Ordinal);
        Assert.Equal("2", (await page.InnerTextAsync($"#ordered-{world.Deals["o-1"]} td.days")).Trim());
        Assert.Contains("SO-9001", await page.InnerTextAsync($"#ordered-{world.Deals["o-1"]}"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator($"#won-{world.Deals["o-2"]}").CountAsync());
        Assert.DoesNotContain("諾瓦", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Contains(culture == "en" ? "median 2 days" : "中位數為 2 天", await page.InnerTextAsync("#conversion"), StringComparison.Ordinal);
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{page.Url} is {scrollWidth} px wide in a {width} px window");
        await Browser.ScreenshotAsync(page, $"won-deals-{culture}-{width}");
    }

    [Fact]
    public async Task WonDealsApi_GivesEachRepOnlyTheirOwnDeals()
    {
        using var amy = world.App.CreateClient(world.AmyToken);
        using var bob = world.App.CreateClient(world.BobToken);

        var amys = await amy.GetFromJsonAsync<DealOrderReport>("/api/won-deals", ErpDocuments.Json);
        var bobs = await bob.GetFromJsonAsync<DealOrderReport>("/api/won-deals", ErpDocuments.Json);

        Assert.Equal(["o-1"], amys!.Ordered.Select(d => d.DealKey));
        Assert.Equal(["o-later"], amys.WonNotOrdered.Select(d => d.DealKey));
        Assert.Equal((2d, "TWD"), (amys.MedianDaysToOrder, amys.Currency));
        Assert.Empty(bobs!.Ordered);
        Assert.Equal(["o-2"], bobs.WonNotOrdered.Select(d => d.DealKey));
    }
}
