using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Forecast.Core.Access;
using Forecast.Core.Data;
using Forecast.IntegrationTests.Infrastructure;
using Forecast.IntegrationTests.Outreach;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Forecast.IntegrationTests.Web;

/// <summary>
/// A small world whose profitability is worked out by hand (TWD home currency, EUR at 35, no USD rate): Amy's Heavy Hitter
/// buys a lot at a discount and takes twenty visits, so it is her biggest customer and her worst; Quiet Profit buys a little
/// at list price; a EUR customer is converted, a USD one is listed apart; 王大明 owns 台灣精密. Forty more customers of a
/// third rep give the lifetime models enough repeat buyers.
/// </summary>
public sealed class ProfitabilityWorld : IAsyncLifetime
{
    public static readonly DateOnly Today = new(2026, 6, 1);
    public const string Heavy = "Heavy Hitter Ltd", Quiet = "Quiet Profit Co", Widget = "Widget Buyer", Euro = "Euro GmbH", Dollar = "Dollar Inc", Taiwan = "台灣精密";

    public MovableClock Clock { get; } = new();
    public WebApp App { get; } = new();
    public IssuedLogin Wang { get; private set; } = null!;
    public string AmyToken { get; private set; } = "";
    public string WangToken { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Clock.UtcNow = new DateTimeOffset(Today.ToDateTime(new TimeOnly(2, 0)), TimeSpan.FromHours(8)).ToUniversalTime();
        App.UseClock(Clock);
        App.Settings["Money:HomeCurrency"] = "TWD";
        App.Settings["Profitability:ExchangeRates:EUR"] = "35";
        await App.InitializeAsync();

        long amyId, wangId;
        await using (var db = App.Database.CreateContext())
        {
            var w = new ReminderWorld(db, Today);
            var amy = await w.RepAsync("Amy Lin", "amy@example.com");
            var wang = await w.RepAsync("王大明", "wang@example.com");
            var filler = await w.RepAsync("Filler Rep", "filler@example.com");
            (amyId, wangId) = (amy.Id, wang.Id);
            var bearing = await w.ProductAsync("Bearing 6204", price: 120);
            bearing.UnitCost = 90;
            var widget = await w.ProductAsync("Widget", price: 100);
            await db.SaveChangesAsync();

            // Heavy: this window 10 orders × 100 at 100 (revenue 100,000, cost 90,000, 20,000 below list), the window
            // before 4 × 100 at list 120 (margin 12,000); 20 visits + a call today against 2 visits before; a lost deal;
            // 30,000 invoiced 60 days ago, half paid.
            var heavy = await w.CustomerAsync(Heavy, amy);
            for (var i = 0; i < 10; i++)
                await w.OrderAsync(heavy, bearing, 10 + 30 * i, 100, 100);
            for (var i = 0; i < 4; i++)
                await w.OrderAsync(heavy, bearing, 400 + 60 * i, 100, 120);
            for (var i = 0; i < 20; i++)
                Activity(db, heavy, ActivityKind.Visit, 5 + 15 * i);
            Activity(db, heavy, ActivityKind.Call, 0);
            Activity(db, heavy, ActivityKind.Visit, 500);
            Activity(db, heavy, ActivityKind.Visit, 600);
            db.Opportunities.Add(new Opportunity
            {
                AccountId = heavy.Account.Id, OwnerRepId = amy.Id, Name = "Heavy second line", Stage = "Closed Lost", Amount = 80_000,
                CreatedOn = Today.AddDays(-120), ClosedOn = Today.AddDays(-30), Outcome = OpportunityOutcome.Lost,
                SourceSystem = "crm", SourceKey = "lost-1", UpdatedAt = DateTimeOffset.UtcNow,
            });
            db.Invoices.Add(new Invoice
            {
                InvoiceNumber = "INV-H1", CustomerId = heavy.Erp.Id, InvoiceDate = Today.AddDays(-60), DueDate = Today.AddDays(-30), Amount = 30_000,
                PaidAmount = 15_000, Currency = "TWD", SourceSystem = "erp", SourceKey = "inv-h1", UpdatedAt = DateTimeOffset.UtcNow,
            });

            // Quiet: 2 × 10 at list 120 (revenue 2,400, margin 600) and one email (50).
            var quiet = await w.CustomerAsync(Quiet, amy);
            await w.OrderAsync(quiet, bearing, 20, 10, 120);
            await w.OrderAsync(quiet, bearing, 200, 10, 120);
            Activity(db, quiet, ActivityKind.Email, 15);

            // Widget: 500 of revenue on a product with no cost.
            var widgetBuyer = await w.CustomerAsync(Widget, amy);
            await w.OrderAsync(widgetBuyer, widget, 50, 5, 100);

            // Euro: 10 × EUR 10 = EUR 100 = TWD 3,500; cost 900.
            var euro = await w.CustomerAsync(Euro, amy);
            await w.OrderAsync(euro, bearing, 40, 10, 10, "EUR");

            var dollar = await w.CustomerAsync(Dollar, amy);
            await w.OrderAsync(dollar, bearing, 40, 10, 10, "USD");

            var taiwan = await w.CustomerAsync(Taiwan, wang);
            await w.OrderAsync(taiwan, bearing, 30, 10, 100);

            // Repeat buyers for the lifetime models, drawn the way BG/NBD sees a customer base: each with their own rate
            // of ordering (every 15 to 120 days on average, random gaps) until they drop out, some of them long ago.
            var random = new Random(20261207);
            for (var i = 0; i < 40; i++)
            {
                var c = await w.CustomerAsync($"Regular {i:00}", filler);
                // Regular 01 and Regular 04 are alike (an order a month of about 15) but 04 stopped 250 days ago.
                var twin = i is 1 or 4;
                var meanGap = twin ? 30 : 15 + 105 * random.NextDouble();
                var stop = i == 1 ? 1 : i == 4 ? 250 : random.NextDouble() < 0.3 ? random.Next(100, 600) : 1;
                // Order sizes vary around each customer's own typical size, as Gamma-Gamma assumes.
                var size = twin ? 15 : 3 + random.Next(30);
                for (var day = twin ? 700 : 700 - random.Next(200); day >= stop; day -= Math.Max(1, (int)(-meanGap * Math.Log(1 - random.NextDouble()))))
                    await w.OrderAsync(c, bearing, day, 1 + random.Next(2 * size), 100);
            }
            await db.SaveChangesAsync();
        }
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        Wang = await users.CreateOrResetAsync("wang@example.com", "王大明", Roles.Rep, wangId);
        AmyToken = await App.IssueTokenAsync(Roles.Rep, amyId);
        WangToken = await App.IssueTokenAsync(Roles.Rep, wangId);
    }

    private static int _activity;

    private static void Activity(ForecastDbContext db, ReminderWorld.Customer customer, ActivityKind kind, int daysAgo) =>
        db.Activities.Add(new Activity
        {
            AccountId = customer.Account.Id, RepId = customer.Unified.OwnerRepId, Kind = kind, OccurredOn = Today.AddDays(-daysAgo),
            SourceSystem = "crm", SourceKey = $"act-{Interlocked.Increment(ref _activity)}", UpdatedAt = DateTimeOffset.UtcNow,
        });

    public Task DisposeAsync() => App.DisposeAsync();
}

/// <summary>Customer profitability in the API and the page: figures checked against the hand-worked world, rep scope, both languages, phone width.</summary>
public sealed class ProfitabilityTests(ProfitabilityWorld world, Browser browser) : IClassFixture<ProfitabilityWorld>, IClassFixture<Browser>
{
    private async Task<JsonElement> GetAsync(string? token, string query = "")
    {
        using var client = world.App.CreateClient(token ?? await world.App.IssueTokenAsync(Roles.Admin));
        return await client.GetFromJsonAsync<JsonElement>("/api/profitability?take=500" + query);
    }

    private static JsonElement Row(JsonElement report, string name) =>
        report.GetProperty("customers").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static List<string> Names(JsonElement report) =>
        report.GetProperty("customers").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList();

    [Fact]
    public async Task Api_RanksByMarginAfterCostToServe_WithEveryFigureInTheHomeCurrency()
    {
        var report = await GetAsync(null);

        Assert.Equal("TWD", report.GetProperty("currency").GetString());
        Assert.Equal("2026-06-01", report.GetProperty("asOf").GetString());
        var heavy = Row(report, ProfitabilityWorld.Heavy);
        Assert.Equal(100_000m, heavy.GetProperty("revenue").GetDecimal());
        Assert.Equal(10_000m, heavy.GetProperty("grossMargin").GetDecimal());
        Assert.Equal(0.1, heavy.GetProperty("grossMarginRate").GetDouble(), 1e-9);
        Assert.Equal(60_200m, heavy.GetProperty("costToServe").GetDecimal());
        Assert.Equal(-50_200m, heavy.GetProperty("marginAfterCost").GetDecimal());
        Assert.Equal(20_000m, heavy.GetProperty("discounts").GetDecimal());
        Assert.Equal(1, heavy.GetProperty("dealsLost").GetInt32());
        Assert.Equal(182.5, heavy.GetProperty("daysSalesOutstanding").GetDouble(), 1e-9);
        Assert.Equal(12_000m, heavy.GetProperty("priorGrossMargin").GetDecimal());
        Assert.Equal(6_000m, heavy.GetProperty("priorCostToServe").GetDecimal());
        Assert.True(heavy.GetProperty("effortUpMarginDown").GetBoolean());
        var effort = heavy.GetProperty("effort").EnumerateArray().ToDictionary(e => e.GetProperty("kind").GetString()!, e => e.GetProperty("count").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["Call"] = 1, ["Visit"] = 20 }, effort);

        var quiet = Row(report, ProfitabilityWorld.Quiet);
        Assert.Equal(550m, quiet.GetProperty("marginAfterCost").GetDecimal());
        Assert.False(quiet.GetProperty("effortUpMarginDown").GetBoolean());
        var widget = Row(report, ProfitabilityWorld.Widget);
        Assert.Equal(500m, widget.GetProperty("revenueWithoutCost").GetDecimal());
        Assert.Equal(JsonValueKind.Null, widget.GetProperty("grossMarginRate").ValueKind);
        var euro = Row(report, ProfitabilityWorld.Euro);
        Assert.Equal(3_500m, euro.GetProperty("revenue").GetDecimal());
        Assert.Equal(2_600m, euro.GetProperty("grossMargin").GetDecimal());
        Assert.Equal(0m, euro.GetProperty("discounts").GetDecimal());

        // Highest margin after cost first; the biggest customer by revenue is the last.
        var names = Names(report).Where(n => n is ProfitabilityWorld.Heavy or ProfitabilityWorld.Quiet or ProfitabilityWorld.Widget or ProfitabilityWorld.Euro or ProfitabilityWorld.Taiwan).ToList();
        Assert.Equal([ProfitabilityWorld.Euro, ProfitabilityWorld.Quiet, ProfitabilityWorld.Taiwan, ProfitabilityWorld.Widget, ProfitabilityWorld.Heavy], names);
        Assert.Equal(ProfitabilityWorld.Heavy, Names(report)[^1]);

        // No USD rate: listed apart, never summed.
        var apart = Assert.Single(report.GetProperty("uncomparable").EnumerateArray());
        Assert.Equal(ProfitabilityWorld.Dollar, apart.GetProperty("name").GetString());
        Assert.Equal(["USD"], apart.GetProperty("currencies").EnumerateArray().Select(c => c.GetString()!).ToList());
        Assert.DoesNotContain(ProfitabilityWorld.Dollar, Names(report));

        var amy = report.GetProperty("reps").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "Amy Lin");
        Assert.Equal(4, amy.GetProperty("customers").GetInt32());
        Assert.Equal(106_400m, amy.GetProperty("revenue").GetDecimal());
        Assert.Equal(13_200m, amy.GetProperty("grossMargin").GetDecimal());
        Assert.Equal(60_250m, amy.GetProperty("costToServe").GetDecimal());
        Assert.Equal(1, amy.GetProperty("effortUpMarginDown").GetInt32());
    }

    [Fact]
    public async Task Api_KeepsOnlyEffortUpMarginDown_WhenWatching_AndSortsLowestFirst()
    {
        var watch = await GetAsync(null, "&watch=true");
        Assert.Equal([ProfitabilityWorld.Heavy], Names(watch));

        var lowest = await GetAsync(null, "&sort=LowestMarginAfterCost");
        Assert.Equal(ProfitabilityWorld.Heavy, Names(lowest)[0]);
    }

    [Fact]
    public async Task Api_RefusesAnUnknownSort_NamingTheParameter()
    {
        using var client = world.App.CreateClient(await world.App.IssueTokenAsync(Roles.Admin));
        var response = await client.GetAsync("/api/profitability?sort=Biggest");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("sort", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_GivesARepOnlyTheirOwnCustomers_AndNoRepTotals()
    {
        var wang = await GetAsync(world.WangToken);
        Assert.Equal([ProfitabilityWorld.Taiwan], Names(wang));
        Assert.Equal(0, wang.GetProperty("reps").GetArrayLength());
        Assert.Equal(100m, Row(wang, ProfitabilityWorld.Taiwan).GetProperty("grossMargin").GetDecimal());

        var amy = await GetAsync(world.AmyToken);
        Assert.DoesNotContain(ProfitabilityWorld.Taiwan, Names(amy));
        Assert.Contains(ProfitabilityWorld.Heavy, Names(amy));
        Assert.DoesNotContain("Regular 00", Names(amy));
    }

    [Fact]
    public async Task LifetimeValues_AreFittedOnTheWholeBase_AndARegularBuyerOutranksALapsedOne()
    {
        var report = await GetAsync(null);

        var model = report.GetProperty("lifetimeModel");
        Assert.True(model.GetProperty("fitted").GetBoolean(), model.ToString());
        Assert.True(model.GetProperty("repeatBuyers").GetInt32() >= 30);
        // Regular 01 still buys; Regular 04 stopped 250 days ago.
        var regular = Row(report, "Regular 01").GetProperty("lifetimeValue").GetDecimal();
        var lapsed = Row(report, "Regular 04").GetProperty("lifetimeValue").GetDecimal();
        Assert.True(regular > 0);
        Assert.True(regular > 3 * lapsed, $"regular {regular}, lapsed {lapsed}");
        // Heavy Hitter's lifetime value is its expected revenue × its own 10% margin, far below its revenue.
        Assert.InRange(Row(report, ProfitabilityWorld.Heavy).GetProperty("lifetimeValue").GetDecimal(), 1m, 100_000m);
    }

    [Theory]
    [InlineData("en", 1400)]
    [InlineData("en", 375)]
    public async Task Page_FlagsTheCustomerWhoseEffortGrowsWhileMarginFalls_AndFitsAPhone(string culture, int width)
    {
        var admin = world.App.Logins[Roles.Admin];
        var page = await browser.SignedInPageAsync(world.App.BaseAddress, admin.Email, admin.Password, culture, width);

        await page.GotoAsync("/reps/profitability");

        Assert.Equal("Customer profitability", (await page.InnerTextAsync("#profitability-title")).Trim());
        var heavy = await CustomerIdAsync(ProfitabilityWorld.Heavy);
        Assert.Contains("Effort up (TWD 6,000 → TWD 60,200), margin down (TWD 12,000 → TWD 10,000)", await page.InnerTextAsync($"#customer-{heavy}"), StringComparison.Ordinal);
        Assert.Equal("-TWD 50,200", (await page.InnerTextAsync($"#customer-{heavy} td.after")).Trim());
        Assert.Contains("Amy Lin", await page.InnerTextAsync("#reps"), StringComparison.Ordinal);
        Assert.Contains(ProfitabilityWorld.Dollar, await page.InnerTextAsync("#uncomparable"), StringComparison.Ordinal);
        await AssertFitsAsync(page, width);

        await page.ClickAsync("#show-watch");
        Assert.Equal(1, await page.Locator("#customers tbody tr").CountAsync());
        await AssertFitsAsync(page, width);
        await Browser.ScreenshotAsync(page, $"profitability-{culture}-{width}");
    }

    [Theory]
    [InlineData(1400)]
    [InlineData(375)]
    public async Task Page_ShowsOnlyTheRepsOwnCustomers_ForARep(int width)
    {
        var page = await browser.SignedInPageAsync(world.App.BaseAddress, world.Wang.Email, world.Wang.Password, "zh-TW", width);

        await page.GotoAsync("/reps/profitability");

        Assert.Equal("我的客戶獲利分析", (await page.InnerTextAsync("#profitability-title")).Trim());
        var rows = await page.Locator("#customers tbody tr").AllInnerTextsAsync();
        Assert.Contains(ProfitabilityWorld.Taiwan, Assert.Single(rows), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#reps").CountAsync());
        var main = await page.InnerTextAsync("main");
        foreach (var english in new[] { "Revenue", "Gross margin", "Cost to serve", "Lifetime value", "Customer profitability" })
            Assert.DoesNotContain(english, main, StringComparison.Ordinal);
        await AssertFitsAsync(page, width);
    }

    private async Task<long> CustomerIdAsync(string name)
    {
        await using var db = world.App.Database.CreateContext();
        return await db.UnifiedCustomers.Where(c => c.DisplayName == name).Select(c => c.Id).SingleAsync();
    }

    private static async Task AssertFitsAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{page.Url} is {scrollWidth} px wide in a {width} px window");
    }
}
