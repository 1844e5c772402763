using Forecast.Core.Assistant;

namespace Forecast.UnitTests.Assistant;

public sealed class CustomerMatcherTests
{
    private static readonly CustomerProfile TainanZhang = new(1, "台南永興精密工業股份有限公司", ["台南永興精密工業股份有限公司", "Tainan Yunghsing Precision Industrial Co., Ltd."],
        [new ProfileContact("張志明", "張老闆")], ["臺南市"], ["Angular contact bearing", "Bearings"]);
    private static readonly CustomerProfile TaichungZhang = new(2, "茂源機械有限公司", ["茂源機械有限公司", "Maoyuan Machinery Co., Ltd."],
        [new ProfileContact("張雅婷", "張老闆")], ["台中市"], ["Solid carbide drill", "Drills"]);
    private static readonly CustomerProfile Lin = new(3, "鴻益刀具股份有限公司", ["鴻益刀具股份有限公司"], [new ProfileContact("林俊傑", "林經理")], ["高雄市"], ["Angular contact bearing", "Bearings"]);
    private static readonly CustomerProfile Lin2 = new(4, "寶隆科技股份有限公司", ["寶隆科技股份有限公司"], [new ProfileContact("林淑芬", "林小姐")], ["新竹市"], ["Solid carbide drill", "Drills"]);

    private static readonly CustomerProfile[] Rep = [TainanZhang, TaichungZhang, Lin, Lin2];

    private static MatchOutcome Match(string question, params CustomerProfile[] customers) =>
        CustomerMatcher.Match(QuestionParser.Parse(question), customers.Length == 0 ? Rep : customers);

    [Fact]
    public void Match_AsksBack_WhenTwoCustomersHaveTheNickname()
    {
        var outcome = Match("張老闆的訂單到哪了");
        Assert.Equal(MatchKind.Ambiguous, outcome.Kind);
        Assert.Equal([1L, 2L], outcome.Candidates.Select(c => c.Id).Order());
    }

    [Theory]
    [InlineData("幫我查一下台南張老闆的訂單進度", 1)]
    [InlineData("臺南張老闆的訂單", 1)]
    [InlineData("Mr. Chang in Taichung", 2)]
    public void Match_TheCityDecides_BetweenNamesakes(string question, long expected)
    {
        var outcome = Match(question);
        Assert.Equal(MatchKind.Resolved, outcome.Kind);
        Assert.Equal(expected, outcome.Customer!.Id);
    }

    [Theory]
    [InlineData("永興精密的訂單")]
    [InlineData("台南永興精密工業股份有限公司")]
    [InlineData("永興精密工業有限公司")]
    [InlineData("永星精密的訂單")]
    [InlineData("Yunghsing Precision Co. order")]
    [InlineData("Yunghsin Precision order")]
    public void Match_FindsTheCompany_WithOrWithoutLegalFormCityOrOneTypo(string question) =>
        Assert.Equal(1, Match(question).Customer?.Id);

    [Fact]
    public void Match_TheProductBought_BreaksATieBetweenSurnames()
    {
        Assert.Equal(MatchKind.Ambiguous, Match("where is Lin's order").Kind);
        Assert.Equal(3, Match("where is Lin's order of bearings").Customer?.Id);
    }

    [Fact]
    public void Match_FindsNothing_ForACustomerNotInTheList()
    {
        // The list is the rep's own customers: another rep's 張老闆 in Tainan is simply not there.
        Assert.Equal(MatchKind.NotFound, Match("億祥模具的訂單").Kind);
        Assert.Equal(1, Match("台南張老闆", TainanZhang).Customer?.Id);
        Assert.Equal(MatchKind.NotFound, Match("台南張老闆", Lin, Lin2).Kind);
        Assert.Equal(MatchKind.NotFound, Match("台南的客戶").Kind);
    }
}
