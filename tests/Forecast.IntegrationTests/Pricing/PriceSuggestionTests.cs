using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace Forecast.IntegrationTests.Pricing;

/// <summary>Price suggestions on a deal's quote lines in the API and the page, against the hand-worked <see cref="PricingWorld"/>.</summary>
public sealed class PriceSuggestionTests(PricingWorld world, Browser browser) : IClassFixture<PricingWorld>, IClassFixture<Browser>
{
    private async Task<JsonElement> PricingAsync(long deal, string query = "")
    {
        using var client = world.App.CreateClient(world.AmyToken);
        return await client.GetFromJsonAsync<JsonElement>($"/api/deals/{deal}/pricing{query}");
    }

    private static JsonElement Line(JsonElement pricing, long lineId) =>
        pricing.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("lineId").GetInt64() == lineId);

    [Fact]
    public async Task Api_TakesTheFloorFromTheLatestCost_AndNeverSuggestsBelowIt()
    {
        var pricing = await PricingAsync(world.AcmeDeal);

        Assert.Equal("2026-06-01", pricing.GetProperty("asOf").GetString());
        Assert.Equal("Standard", pricing.GetProperty("tier").GetProperty("tier").GetString());
        Assert.Equal(PricingWorld.ClosedDeals, pricing.GetProperty("quotesLearntFrom").GetInt32());
        var bearing = Line(pricing, world.BearingLine);
        Assert.Equal(80m, bearing.GetProperty("cost").GetProperty("unitCost").GetDecimal());
        Assert.Equal(60m, bearing.GetProperty("cost").GetProperty("previousCost").GetDecimal());
        Assert.Equal("2026-04-12", bearing.GetProperty("cost").GetProperty("since").GetString());
        Assert.Equal(92m, bearing.GetProperty("floor").GetDecimal());
        var suggestion = bearing.GetProperty("suggestion");
        var price = suggestion.GetProperty("price").GetDouble();
        Assert.True(price >= 92, $"suggested {price} under the floor 92");
        Assert.All(suggestion.GetProperty("curve").EnumerateArray(), p => Assert.True(p.GetProperty("price").GetDouble() >= 92));
        // Under the world's true response the best price is about 106 (expected margin 13.1 a unit); 240 quotes get the
        // suggestion close enough to give up at most 5% of it.
        static double TrueMargin(double p) => (p - 80) / (1 + Math.Exp(-(0.5 - 8 * (p / 100 - 1))));
        var best = Enumerable.Range(9200, 2900).Select(c => TrueMargin(c / 100.0)).Max();
        Assert.True(TrueMargin(price) >= 0.95 * best, $"suggested {price}: true expected margin {TrueMargin(price):0.00} a unit against the best {best:0.00}");
        Assert.True(suggestion.GetProperty("priceLow").GetDouble() <= price && price <= suggestion.GetProperty("priceHigh").GetDouble());
        var quoted = suggestion.GetProperty("quoted");
        Assert.Equal(95, quoted.GetProperty("price").GetDouble(), 6);
        Assert.True(suggestion.GetProperty("expectedMargin").GetDouble() >= quoted.GetProperty("expectedMargin").GetDouble());
    }

    [Fact]
    public async Task Api_StopsAtTheFloor_WhenTheCostJumpedAboveTheListPrice()
    {
        var copper = Line(await PricingAsync(world.AcmeDeal), world.CopperLine);

        Assert.Equal(149.5m, copper.GetProperty("floor").GetDecimal());
        // One dated change and nothing before it: no previous cost is made up from the ERP's current one.
        Assert.Equal(JsonValueKind.Null, copper.GetProperty("cost").GetProperty("previousCost").ValueKind);
        var suggestion = copper.GetProperty("suggestion");
        Assert.True(suggestion.GetProperty("floorBinds").GetBoolean());
        Assert.Equal(149.5, suggestion.GetProperty("price").GetDouble(), 6);
        // The quoted 100 is under the new cost: every win loses money.
        Assert.True(suggestion.GetProperty("quoted").GetProperty("expectedMargin").GetDouble() < 0);
    }

    [Fact]
    public async Task Api_LearnsOnlyFromDealsClosedByTheAsOfDate_AndUsesTheCostInForceThen()
    {
        var early = await PricingAsync(world.AcmeDeal, "?asOf=" + PricingWorld.Today.AddDays(-100).ToString("yyyy-MM-dd"));

        Assert.Equal(world.ClosedByHundredDaysAgo, early.GetProperty("quotesLearntFrom").GetInt32());
        Assert.True(world.ClosedByHundredDaysAgo < PricingWorld.ClosedDeals);
        var bearing = Line(early, world.BearingLine);
        Assert.Equal(60m, bearing.GetProperty("cost").GetProperty("unitCost").GetDecimal());
        Assert.Equal(69m, bearing.GetProperty("floor").GetDecimal());
        // Copper had no cost change yet: its ERP cost is the fallback.
        Assert.Equal(130m, Line(early, world.CopperLine).GetProperty("cost").GetProperty("unitCost").GetDecimal());
    }

    [Fact]
    public async Task Api_RaisesTheTargetMargin_ForACustomerWhoPaysLate()
    {
        var pricing = await PricingAsync(world.SlowDeal);

        var tier = pricing.GetProperty("tier");
        Assert.Equal("Watch", tier.GetProperty("tier").GetString());
        Assert.Equal(0.2, tier.GetProperty("targetMargin").GetDouble(), 9);
        Assert.Equal(60, tier.GetProperty("daysOverdue").GetInt32());
        Assert.Equal(96m, pricing.GetProperty("lines")[0].GetProperty("floor").GetDecimal());
    }

    [Theory]
    [InlineData("?asOf=2026-13-01")]
    [InlineData("?asOf=2026-06-02")]
    public async Task Api_RefusesABadOrFutureAsOfDate_WithA400(string query)
    {
        using var client = world.App.CreateClient(world.AmyToken);
        var response = await client.GetAsync($"/api/deals/{world.AcmeDeal}/pricing{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("as", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PageAndApi_AnswerNotFound_ForAnotherRepsDeal()
    {
        using var client = world.App.CreateClient(world.AmyToken);
        var api = await client.GetAsync($"/api/deals/{world.WangDeal}/pricing");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.DoesNotContain("台灣精密", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var page = await browser.SignedInPageAsync(world.App.BaseAddress, world.Amy.Email, world.Amy.Password);
        var response = await page.GotoAsync($"/reps/deals/{world.WangDeal}");
        Assert.Equal(404, response!.Status);
        Assert.DoesNotContain("台灣精密", await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", 1400)]
    [InlineData("en", 375)]
    [InlineData("zh-TW", 1400)]
    [InlineData("zh-TW", 375)]
    public async Task DealPage_ShowsFloorSuggestionAndCurvePerLine_InBothLanguages_AndFitsAPhone(string culture, int width)
    {
        var page = await browser.SignedInPageAsync(world.App.BaseAddress, world.Amy.Email, world.Amy.Password, culture, width);

        await page.GotoAsync("/reps/deals");
        await page.ClickAsync($"#deal-{world.AcmeDeal} a[href='/reps/deals/{world.AcmeDeal}']");

        Assert.Equal("Acme bearings", (await page.InnerTextAsync("#deal-title")).Trim());
        var bearing = page.Locator($"#line-{world.BearingLine}");
        Assert.Equal("TWD 92.00", (await bearing.Locator("dd.floor").InnerTextAsync()).Trim());
        Assert.Contains("TWD 60.00", await bearing.Locator("dd.cost").InnerTextAsync(), StringComparison.Ordinal);
        var suggested = decimal.Parse((await bearing.Locator(".suggested").InnerTextAsync()).Replace("TWD", "", StringComparison.Ordinal).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(suggested >= 92);
        Assert.Equal(1, await bearing.Locator("svg.margin-curve .floor").CountAsync());
        Assert.Equal(1, await bearing.Locator("svg.margin-curve .optimum").CountAsync());
        Assert.Equal(1, await bearing.Locator("svg.margin-curve .quoted").CountAsync());
        Assert.Equal(1, await page.Locator($"#line-{world.CopperLine} .floor-binds").CountAsync());

        var main = await page.InnerTextAsync("main");
        if (culture == "zh-TW")
        {
            Assert.Contains("價格建議", main, StringComparison.Ordinal);
            foreach (var english in new[] { "Price suggestions", "Suggested price", "Floor", "Expected margin", "Chance of winning", "How it works" })
                Assert.DoesNotContain(english, main, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("Price suggestions", main, StringComparison.Ordinal);
        }
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{page.Url} is {scrollWidth} px wide in a {width} px window");
        await Browser.ScreenshotAsync(page, $"deal-pricing-{culture}-{width}");
    }
}
