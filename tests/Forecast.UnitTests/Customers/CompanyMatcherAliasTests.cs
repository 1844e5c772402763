using Forecast.Modeling.Customers;

namespace Forecast.UnitTests.Customers;

/// <summary>Several names per ERP customer and several domains per CRM account (issue 10).</summary>
public sealed class CompanyMatcherAliasTests
{
    private readonly CompanyMatcher _matcher = new();
    private readonly CompanyMatchWeights _w = CompanyMatchWeights.Default;

    // The ERP's registered name is Chinese; its export carries the English name in a second column.
    private static readonly CompanyRecord ChineseWithEnglishAlias = new("台灣精密螺絲股份有限公司", "22099131", null, "TW")
    {
        Aliases = ["Taiwan Precision Screw Co., Ltd."],
    };

    [Fact]
    public void Score_LinksAnEnglishCrmAccountWithoutTaxId_WhenTheErpCarriesTheEnglishNameAsAnAlias()
    {
        var crm = new CompanyRecord("Taiwan Precision Screw", null, null, "TW");

        var score = _matcher.Score(ChineseWithEnglishAlias, crm);
        var withoutAlias = _matcher.Score(ChineseWithEnglishAlias with { Aliases = [] }, crm);

        Assert.True(score.Probability > 0.98, score.Explain());
        Assert.Equal(NameAgreement.Exact, score.Name);
        Assert.Contains("English name 'Taiwan Precision Screw Co., Ltd.' equals 'Taiwan Precision Screw'", score.Explain(), StringComparison.Ordinal);
        // The case of the issue: with the registered name alone nothing is comparable.
        Assert.True(withoutAlias.Probability < 0.5, withoutAlias.Explain());
    }

    [Fact]
    public void Score_DoesNotCountTheMainNameAgainstAMatchingAlias_WhenOnlyTheAliasAgrees()
    {
        var erp = new CompanyRecord("Formosa Fastener Industrial Co.", null, null, "TW") { Aliases = ["Taiwan Precision Screw"] };
        var crm = new CompanyRecord("Taiwan Precision Screw Co., Ltd.", null, null, "TW");

        var score = _matcher.Score(erp, crm);

        Assert.Equal(_w.PriorLogOdds + _w.NameExact + _w.CountryAgree, score.LogOdds, 10);
        Assert.DoesNotContain(score.Evidence, e => e.Weight < 0);
        Assert.Single(score.Evidence, e => e.Field == "name");
    }

    [Fact]
    public void Score_CountsANameDisagreementOnce_WhenNoNameAgrees()
    {
        var erp = new CompanyRecord("Formosa Fastener Industrial Co.", null, null, "TW") { Aliases = ["FF Tools", "福爾摩沙扣件"] };
        var crm = new CompanyRecord("Sunrise Precision Machinery", null, null, "TW");

        var score = _matcher.Score(erp, crm);

        Assert.Equal(_w.PriorLogOdds + _w.NameDifferent + _w.CountryAgree, score.LogOdds, 10);
        Assert.Equal(NameAgreement.Different, score.Name);
    }

    [Fact]
    public void Score_LinksOnAContactEmailDomain_WhenTheAccountHasNoDomainOfItsOwn()
    {
        var erp = new CompanyRecord("台灣精密螺絲股份有限公司", null, "purchasing@twps.com.tw", "TW");
        var crm = new CompanyRecord("Taiwan Precision Screw", null, null, "TW") { ContactEmails = ["amy.lin@twps.com.tw", "bob.chen@gmail.com"] };

        var score = _matcher.Score(erp, crm);

        Assert.True(score.Probability > 0.95, score.Explain());
        Assert.Contains("contact email domain twps.com.tw equals the ERP email's", score.Explain(), StringComparison.Ordinal);
    }

    [Fact]
    public void Score_LinksOnTheWebsiteDomain_WhenTheAccountDomainIsFreeMail()
    {
        var erp = new CompanyRecord("台灣精密螺絲股份有限公司", null, "purchasing@twps.com.tw", "TW");
        var crm = new CompanyRecord("Taiwan Precision Screw", null, "yahoo.com.tw", "TW") { Website = "https://www.twps.com.tw/en/" };

        var score = _matcher.Score(erp, crm);

        Assert.True(score.Probability > 0.95, score.Explain());
        Assert.Contains("website domain twps.com.tw equals the ERP email's", score.Explain(), StringComparison.Ordinal);
    }

    [Fact]
    public void Score_CountsADomainAgreementOnce_WhenAccountWebsiteAndContactsShareIt()
    {
        var erp = new CompanyRecord("台灣精密螺絲股份有限公司", null, "purchasing@twps.com.tw", null);
        var crm = new CompanyRecord("Taiwan Precision Screw", null, "twps.com.tw", null)
        {
            Website = "www.twps.com.tw",
            ContactEmails = ["amy.lin@twps.com.tw", "sales@mail.twps.com.tw"],
        };

        var score = _matcher.Score(erp, crm);

        Assert.Equal(_w.PriorLogOdds + _w.DomainAgree, score.LogOdds, 10);
    }

    [Fact]
    public void Score_TakesNoEvidenceFromFreeMailContacts_WhenTheyAreTheAccountsOnlyDomains()
    {
        var erp = new CompanyRecord("台灣精密螺絲股份有限公司", null, "twps88@gmail.com", "TW");
        var sameFreeMail = new CompanyRecord("Taiwan Precision Screw", null, null, "TW") { ContactEmails = ["amy.lin@gmail.com", "bob@msa.hinet.net"] };
        var companyErp = erp with { EmailOrDomain = "purchasing@twps.com.tw" };

        var shared = _matcher.Score(erp, sameFreeMail);
        var against = _matcher.Score(companyErp, sameFreeMail);

        // Neither an agreement (both at gmail.com) nor a disagreement (a company domain against free-mail).
        Assert.DoesNotContain(shared.Evidence, e => e.Field == "domain" && e.Weight != 0);
        Assert.DoesNotContain(against.Evidence, e => e.Field == "domain");
        Assert.True(shared.Probability < 0.5, shared.Explain());
    }

    [Fact]
    public void Score_CountsADomainDisagreementOnce_WhenNoDomainIsShared()
    {
        var erp = new CompanyRecord("台灣精密螺絲股份有限公司", null, "purchasing@twps.com.tw", null);
        var crm = new CompanyRecord("Taiwan Precision Screw", null, "sunrise.com.tw", null)
        {
            Website = "https://sunrise.com.tw",
            ContactEmails = ["amy@sunrise-tools.com", "bob@sunrise-group.com"],
        };

        var score = _matcher.Score(erp, crm);

        Assert.Equal(_w.PriorLogOdds + _w.DomainDisagree, score.LogOdds, 10);
    }

    [Fact]
    public void BlockingKeys_IncludeEveryAliasAndEveryDomain_WhenACompanyHasSeveral()
    {
        var erp = CompanyMatcher.Prepare(ChineseWithEnglishAlias with { EmailOrDomain = "purchasing@twps.com.tw" }).BlockingKeys().ToHashSet();
        var crm = CompanyMatcher.Prepare(new CompanyRecord("TPS", null, null, null)
        {
            Website = "http://www.tps-screws.com",
            ContactEmails = ["amy@twps.com.tw", "bob@gmail.com"],
        }).BlockingKeys().ToHashSet();

        Assert.Contains("h:台灣", erp);
        Assert.Contains("w:precision", erp);
        Assert.Contains("d:twps.com.tw", erp);
        Assert.Contains("d:tps-screws.com", crm);
        Assert.Contains("d:twps.com.tw", crm);
        Assert.DoesNotContain("d:gmail.com", crm);
    }

    [Fact]
    public void Prepare_DropsAnAlias_WhenItNormalisesToAnEarlierName()
    {
        var prepared = CompanyMatcher.Prepare(new CompanyRecord("ABC Co., Ltd.", null, null, null) { Aliases = ["ＡＢＣ Company Limited", "", "ABC Trading"] });

        Assert.Equal(["abc", "abctrading"], prepared.Names.Select(n => n.Key));
    }
}
