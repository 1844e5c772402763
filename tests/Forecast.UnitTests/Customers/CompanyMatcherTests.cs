using Forecast.Modeling.Customers;

namespace Forecast.UnitTests.Customers;

public sealed class CompanyMatcherTests
{
    private readonly CompanyMatcher _matcher = new();

    [Fact]
    public void CompareNames_IsExact_WhenFullWidthAndLegalFormsDiffer()
    {
        var (agreement, _) = CompanyMatcher.CompareNames(CompanyName.Parse("ＡＢＣ　Co.,Ltd"), CompanyName.Parse("ABC Company Limited"));
        Assert.Equal(NameAgreement.Exact, agreement);
    }

    [Fact]
    public void CompareNames_IsNotComparable_WhenOneNameIsChineseAndTheOtherEnglish()
    {
        var (agreement, _) = CompanyMatcher.CompareNames(
            CompanyName.Parse("大同精密工業股份有限公司"), CompanyName.Parse("Tatung Precision Industrial Co., Ltd."));
        Assert.Equal(NameAgreement.NotComparable, agreement);
    }

    [Fact]
    public void Score_IsBelowReview_WhenOnlyChineseAndEnglishNamesAreKnown()
    {
        var score = _matcher.Score(
            new CompanyRecord("大同精密工業股份有限公司", null, null, "TW"),
            new CompanyRecord("Tatung Precision Industrial Co., Ltd.", null, null, "TW"));
        Assert.True(score.Probability < 0.5, score.Explain());
    }

    [Fact]
    public void Score_IsConfident_WhenChineseAndEnglishNamesShareATaxId()
    {
        var score = _matcher.Score(
            new CompanyRecord("大同精密工業股份有限公司", "04235412", null, "TW"),
            new CompanyRecord("Tatung Precision Industrial Co., Ltd.", "0423-5412", null, "TW"));
        Assert.True(score.Probability > 0.99, score.Explain());
        Assert.Contains("tax id 04235412", score.Explain(), StringComparison.Ordinal);
    }

    [Fact]
    public void Score_IsConfident_WhenChineseAndEnglishNamesShareACompanyDomain()
    {
        var score = _matcher.Score(
            new CompanyRecord("大同精密工業股份有限公司", null, "purchasing@tatung-prec.com.tw", "TW"),
            new CompanyRecord("Tatung Precision Industrial Co., Ltd.", null, "www.tatung-prec.com.tw", "TW"));
        Assert.True(score.Probability > 0.95, score.Explain());
    }

    [Fact]
    public void Score_IgnoresTheDomain_WhenBothUseFreeMail()
    {
        var score = _matcher.Score(
            new CompanyRecord("大同精密工業股份有限公司", null, "tatung88@gmail.com", "TW"),
            new CompanyRecord("Tatung Precision Industrial", null, "gmail.com", "TW"));
        Assert.True(score.Probability < 0.5, score.Explain());
        Assert.Contains(score.Evidence, e => e.Field == "domain" && e.Weight == 0);
    }

    [Fact]
    public void Score_IsConfident_WhenNamesAreEqualOnceNormalised()
    {
        var score = _matcher.Score(
            new CompanyRecord("ＡＢＣ　Co.,Ltd", null, null, "TW"),
            new CompanyRecord("ABC Company Limited", null, null, "TW"));
        Assert.True(score.Probability > 0.95, score.Explain());
    }

    [Fact]
    public void Score_IsNotConfident_WhenTwoChineseNamesDifferInOneCharacter()
    {
        // 精密 (precision) and 精機 (precision machinery): two real companies as often as one typo.
        var score = _matcher.Score(
            new CompanyRecord("大同精密工業股份有限公司", null, null, "TW"),
            new CompanyRecord("大同精機工業有限公司", null, null, "TW"));
        Assert.True(score.Probability < 0.9, score.Explain());
    }

    [Fact]
    public void Score_RejectsTheSimilarName_WhenTaxIdsDiffer()
    {
        var score = _matcher.Score(
            new CompanyRecord("Sunrise Precision Co., Ltd.", "12345675", null, "TW"),
            new CompanyRecord("Sunrise Precision Machinery", "22099131", null, "TW"));
        Assert.True(score.Probability < 0.05, score.Explain());
    }

    [Fact]
    public void Score_AllowsATypo_WhenALatinNameIsLong()
    {
        var score = _matcher.Score(
            new CompanyRecord("Sunrise Precision Co., Ltd.", null, null, "TW"),
            new CompanyRecord("Sunrise Precison", null, null, "TW"));
        Assert.Equal(NameAgreement.NearlyExact, score.Name);
        Assert.True(score.Probability > 0.85, score.Explain());
    }

    [Fact]
    public void Score_IsAmbiguous_WhenOneNameHasAnExtraWord()
    {
        var score = _matcher.Score(
            new CompanyRecord("Tatung Precision", null, null, "TW"),
            new CompanyRecord("Tatung Precision Machinery", null, null, "TW"));
        Assert.Equal(NameAgreement.Contains, score.Name);
        Assert.InRange(score.Probability, 0.5, 0.9);
    }

    [Fact]
    public void CompareNames_FindsContainment_WhenTheCrmDropsTheCityPrefix()
    {
        var (agreement, _) = CompanyMatcher.CompareNames(CompanyName.Parse("台中大同精密工業股份有限公司"), CompanyName.Parse("大同精密工業(股)公司"));
        Assert.Equal(NameAgreement.Contains, agreement);
    }

    [Fact]
    public void Score_AddsTheFellegiSunterWeights_WhenEveryFieldIsCompared()
    {
        var w = CompanyMatchWeights.Default;
        var score = _matcher.Score(
            new CompanyRecord("ABC Co., Ltd.", "12345675", "a@abc.com.tw", "TW"),
            new CompanyRecord("ABC Inc.", "12345675", "abc.com.tw", "JP"));
        var expected = w.PriorLogOdds + w.TaxIdAgree + w.NameExact + w.DomainAgree + w.CountryDisagree;
        Assert.Equal(expected, score.LogOdds, 10);
        Assert.Equal(1 / (1 + Math.Exp(-expected)), score.Probability, 10);
    }

    [Theory]
    [InlineData("Buyer@Tatung.com.tw", "tatung.com.tw")]
    [InlineData("https://www.tatung.com.tw/about", "tatung.com.tw")]
    [InlineData("tatung", null)]
    [InlineData("", null)]
    public void NormalizeDomain_ExtractsTheDomain_WhenGivenAnEmailOrUrl(string input, string? expected)
    {
        Assert.Equal(expected, CompanyMatcher.NormalizeDomain(input));
    }

    [Theory]
    [InlineData("ms1.hinet.net", true)]
    [InlineData("yahoo.com.tw", true)]
    [InlineData("tatung.com.tw", false)]
    public void IsFreeMail_RecognisesProviders_WhenGivenADomain(string domain, bool expected)
    {
        Assert.Equal(expected, CompanyMatcher.IsFreeMail(domain));
    }

    [Fact]
    public void BlockingKeys_ShareAKey_WhenATypoIsInTheSecondWord()
    {
        var a = CompanyMatcher.Prepare(new CompanyRecord("Sunrise Precision", null, null, null)).BlockingKeys();
        var b = CompanyMatcher.Prepare(new CompanyRecord("Sunrise Precison", null, null, null)).BlockingKeys();
        Assert.NotEmpty(a.Intersect(b));
    }

    [Fact]
    public void BlockingKeys_ShareACharacterPair_WhenChineseNamesShareABrand()
    {
        var a = CompanyMatcher.Prepare(new CompanyRecord("大同精密工業股份有限公司", null, null, null)).BlockingKeys();
        var b = CompanyMatcher.Prepare(new CompanyRecord("大同精密", null, null, null)).BlockingKeys();
        Assert.Contains("h:大同", a.Intersect(b));
    }
}
