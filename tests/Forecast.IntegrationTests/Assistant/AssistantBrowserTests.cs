using Forecast.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace Forecast.IntegrationTests.Assistant;

/// <summary>The assistant page in a real Chromium: both languages, a source link followed, a choice clicked; 1400 and 375 px.</summary>
public sealed class AssistantBrowserTests(AssistantWorld world, Browser browser) : IClassFixture<AssistantWorld>, IClassFixture<Browser>
{
    private static async Task AskAsync(IPage page, string question)
    {
        await page.GotoAsync("/reps/assistant");
        await page.FillAsync("#question", question);
        await page.ClickAsync("#ask");
        await page.WaitForSelectorAsync("#answer");
    }

    private static async Task NoHorizontalScrollAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{page.Url} is {scrollWidth} px wide in a {width} px window");
    }

    [Theory]
    [InlineData(1400)]
    [InlineData(375)]
    public async Task Chinese_AnswersWithSources_AndASourceLinkOpensTheOrderOnTheCustomerPage(int width)
    {
        var page = await browser.SignedInPageAsync(world.App.BaseAddress, world.RepA.Login.Email, world.RepA.Login.Password, "zh-TW", width);
        await AskAsync(page, "幫我查一下台南張老闆的訂單進度");

        Assert.Equal("訂單進度小幫手", await page.InnerTextAsync("h1"));
        Assert.Equal("Answer", await page.GetAttributeAsync("#answer", "data-kind"));
        Assert.Contains("未出貨", await page.InnerTextAsync("#answer"), StringComparison.Ordinal);
        await NoHorizontalScrollAsync(page, width);
        await Browser.ScreenshotAsync(page, $"assistant-zh-{width}");

        var customer = world.Customers["TN-ZHANG"];
        await page.ClickAsync($"a.source[href$='#order-{world.Orders["TN-ZHANG-OPEN"]}']");
        await page.WaitForURLAsync($"**/reps/customers/{customer}#order-{world.Orders["TN-ZHANG-OPEN"]}");
        Assert.Contains("TN-ZHANG-OPEN", await page.InnerTextAsync($"#order-{world.Orders["TN-ZHANG-OPEN"]}"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1400)]
    [InlineData(375)]
    public async Task English_AsksBackWhenTwoCustomersFit_AndClickingAChoiceAnswersForIt(int width)
    {
        var page = await browser.SignedInPageAsync(world.App.BaseAddress, world.RepA.Login.Email, world.RepA.Login.Password, "en", width);
        await AskAsync(page, "where is Lin's order");

        Assert.Equal("AskBack", await page.GetAttributeAsync("#answer", "data-kind"));
        Assert.Equal(2, await page.Locator("button.choice").CountAsync());
        await NoHorizontalScrollAsync(page, width);
        await Browser.ScreenshotAsync(page, $"assistant-en-ask-{width}");

        await page.ClickAsync("button.choice:has-text('寶隆科技')");
        await page.WaitForSelectorAsync("#answer[data-kind='Answer']");
        Assert.Equal(world.Customers["LIN2"].ToString(System.Globalization.CultureInfo.InvariantCulture), await page.GetAttributeAsync("#answer", "data-customer"));
        Assert.Contains("LIN2-OPEN", await page.InnerTextAsync("#answer"), StringComparison.Ordinal);
        Assert.Contains("open order", await page.InnerTextAsync("#answer"), StringComparison.Ordinal);
        await NoHorizontalScrollAsync(page, width);
    }
}
