using Forecast.Core.Assistant;

namespace Forecast.UnitTests.Assistant;

public sealed class QuestionParserTests
{
    [Theory]
    [InlineData("幫我查一下台南張老闆的訂單進度", "zh-TW", AssistantIntent.OrderStatus)]
    [InlineData("台中張老闆的貨出了沒", "zh-TW", AssistantIntent.Shipment)]
    [InlineData("茂源機械的發票有沒有逾期", "zh-TW", AssistantIntent.Invoice)]
    [InlineData("上次拜訪寶隆科技是什麼時候", "zh-TW", AssistantIntent.LastContact)]
    [InlineData("where is Lin's order of bearings", "en", AssistantIntent.OrderStatus)]
    [InlineData("When will Mr. Chang's order ship?", "en", AssistantIntent.Shipment)]
    [InlineData("Hsiehjung Bearing invoices", "en", AssistantIntent.Invoice)]
    [InlineData("When did we last contact Hungyi?", "en", AssistantIntent.LastContact)]
    public void Parse_TellsLanguageByScriptAndIntentByKeywords(string question, string language, AssistantIntent intent)
    {
        var parsed = QuestionParser.Parse(question);
        Assert.Equal(language, parsed.Language);
        Assert.Equal(intent, parsed.Intent);
    }

    [Fact]
    public void Parse_FindsCityPersonAndProduct_InChinese()
    {
        var parsed = QuestionParser.Parse("幫我查一下臺南張老闆的軸承訂單");
        Assert.Equal(["台南"], parsed.Cities);
        Assert.Contains(parsed.People, p => p.Text == "張老闆" && p.Surname == "張");
        Assert.Contains("bearing", parsed.ProductTerms);
    }

    [Fact]
    public void Parse_FindsPossessiveTitleCityAndPluralProduct_InEnglish()
    {
        var parsed = QuestionParser.Parse("Where are Ms. Huang's bearings? She is in New Taipei");
        Assert.Contains(parsed.People, p => p.Surname == "huang");
        Assert.Equal(["新北"], parsed.Cities);
        Assert.Contains("bearing", parsed.ProductTerms);
    }

    [Theory]
    [InlineData("臺南市", "台南")]
    [InlineData("台南", "台南")]
    [InlineData("Tainan City", "台南")]
    [InlineData("TAINAN", "台南")]
    [InlineData("Stuttgart", "stuttgart")]
    public void CanonicalCity_WritesOneCityOneWay(string city, string expected) =>
        Assert.Equal(expected, QuestionParser.CanonicalCity(city));

    [Theory]
    [InlineData("bearings", "bearing")]
    [InlineData("boxes", "box")]
    [InlineData("supplies", "supply")]
    [InlineData("glass", "glass")]
    public void Stem_MakesSimplePluralsSingular(string word, string expected) => Assert.Equal(expected, QuestionParser.Stem(word));
}
