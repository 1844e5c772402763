using System.Text.RegularExpressions;
using System.Xml.Linq;
using Forecast.IntegrationTests.Infrastructure;
using Forecast.Modeling.WinRates;
using Microsoft.Playwright;

namespace Forecast.IntegrationTests.Web.Customers;

/// <summary>
/// The reasons shown with a deal's win probability read in the reader's language: every sentence the model writes has a
/// Traditional Chinese entry, and the zh-TW pages (my open deals, the customer 360) show no English factor text.
/// </summary>
public sealed partial class WinFactorTranslationTests(Customer360World world, Browser browser) : IClassFixture<Customer360World>, IClassFixture<Browser>
{
    [Fact]
    public void EveryFactorTemplate_HasATraditionalChineseEntry()
    {
        var resx = XDocument.Load(Path.Combine(WebSources.Project, "Resources", "SharedResource.zh-TW.resx"));
        var translated = resx.Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
        // "{0} {1}" and "{0}" hold only the CRM's own words (an attribute and its value): nothing to translate.
        var words = FactorText.Templates.Where(t => Letters().IsMatch(Placeholder().Replace(t, ""))).ToList();
        Assert.True(words.Count > 30, "the model's templates are not listed");
        var missing = words.Where(t => !translated.Contains(t)).ToList();
        Assert.True(missing.Count == 0, "No zh-TW entry for:\n" + string.Join("\n", missing));
    }

    [Theory]
    [InlineData("/reps/deals", 1400)]
    [InlineData("/reps/deals", 375)]
    [InlineData("/reps/customers/{0}", 1400)]
    [InlineData("/reps/customers/{0}", 375)]
    public async Task ZhTwPage_ShowsTheFactorsInChinese_WithNoEnglishFactorText(string path, int width)
    {
        var page = await browser.SignedInPageAsync(world.App.BaseAddress, world.Amy.Email, world.Amy.Password, "zh-TW", width);

        await page.GotoAsync(path.Replace("{0}", world.Acme.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        var factors = await FactorsAsync(page);
        Assert.Equal(3, factors.Count);
        Assert.All(factors, f => Assert.False(Letters().IsMatch(f), $"English in the factor '{f}'"));
        Assert.Contains(factors, f => f.Contains("與此客戶先前 4 筆商機中贏得 3 筆", StringComparison.Ordinal));
        Assert.Contains(factors, f => f.Contains("最近 90 天有 4 次活動", StringComparison.Ordinal));
        Assert.Contains(factors, f => f.Contains("已 45 天無活動", StringComparison.Ordinal));
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{page.Url} is {scrollWidth} px wide in a {width} px window");
    }

    [Theory]
    [InlineData("/reps/deals")]
    [InlineData("/reps/customers/{0}")]
    public async Task EnglishPage_KeepsTheModelsOwnSentences(string path)
    {
        var page = await browser.SignedInPageAsync(world.App.BaseAddress, world.Amy.Email, world.Amy.Password);

        await page.GotoAsync(path.Replace("{0}", world.Acme.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        var factors = await FactorsAsync(page);
        Assert.Contains("+12 pts: won 3 of 4 earlier deals with this customer", factors);
        Assert.Contains("+5 pts: 3 calls, 1 meeting in the last 90 days", factors);
        Assert.Contains("−4 pts: no activity for 45 days", factors);
    }

    private async Task<List<string>> FactorsAsync(IPage page) =>
        (await page.Locator($"#deal-{world.Deal} .factors li, #opportunities .factors li").AllInnerTextsAsync()).Select(t => t.Trim()).ToList();


    [GeneratedRegex("[A-Za-z]")]
    private static partial Regex Letters();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
