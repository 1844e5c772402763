using Forecast.Modeling.WinRates;

namespace Forecast.UnitTests.WinRates;

/// <summary>Every factor sentence also comes as a template and its values, and every template is in the list translators work from.</summary>
public sealed class FactorPhraseTests
{
    private static readonly string[] Groups =
    [
        "age", "amount", "expected-close", "rep", "rep-workload", "account", "family-rate", "activity-recency", "activity-volume", "erp-revenue",
        "erp-overdue", "erp-tenure", "quarter", "stage", "family", "lead-source", "team", "attribute:industry", "measure:size", "unknown-group",
    ];

    // Facts that take every branch of the descriptions between them.
    private static readonly DealFeatures[] Variants =
    [
        new() { DealId = "empty" },
        new()
        {
            DealId = "full", AgeDays = 12, Amount = 125_000, Stage = "Proposal", DaysToExpectedClose = -3, ProductFamily = "Bearings", LeadSource = "Web", Team = "Export",
            Rep = new WinCount(3, 7), RepOpenDeals = 4, AccountRecent = new WinCount(8, 10), Family = new WinCount(2, 5), DaysSinceLastActivity = 45,
            RecentActivities = new Dictionary<string, int> { ["Call"] = 3, ["Meeting"] = 1 }, HasErpHistory = true, Orders12Months = 4, Revenue12Months = 99_000,
            OverdueAmount = 1_500, YearsAsCustomer = 2.5, DaysToQuarterEnd = 20,
            Attributes = new Dictionary<string, string> { ["industry"] = "Machinery" }, Measures = new Dictionary<string, double> { ["size"] = 3.25 },
        },
        new() { DealId = "some", DaysToExpectedClose = 0, AccountRecent = new WinCount(1, 2), ProductFamily = "Gears", DaysSinceLastActivity = 0, HasErpHistory = true },
        new() { DealId = "later", DaysToExpectedClose = 9, DaysSinceLastActivity = 5 },
    ];

    public static TheoryData<string> GroupNames => [.. Groups];

    [Theory]
    [MemberData(nameof(GroupNames))]
    public void Phrase_FillsToTheEnglishSentence_AndItsTemplateIsListed(string group)
    {
        foreach (var features in Variants)
        {
            var phrase = FactorText.Phrase(group, features);

            Assert.Contains(phrase.Template, FactorText.Templates);
            if (group != "activity-volume" || features.RecentActivities.Count == 0)
                Assert.Equal(FactorText.Describe(group, features), phrase.Text);
        }
    }

    [Fact]
    public void ActivityVolume_PhraseCountsAllKinds_WhileTheEnglishSentenceNamesEach()
    {
        var features = Variants[1];

        Assert.Equal("3 calls, 1 meeting in the last 90 days", FactorText.Describe("activity-volume", features));
        Assert.Equal(new FactorPhrase("{0} activities in the last {1} days", ["4", "90"]).Text, FactorText.Phrase("activity-volume", features).Text);
    }

    [Fact]
    public void LowDataFactors_CarryTheirPhrase()
    {
        var (data, _) = SyntheticPipeline.Generate(40, seed: 3, spanDays: 200);
        var history = new DealHistory(data);
        var asOf = SyntheticPipeline.Start.AddDays(200);
        var model = WinProbabilityModel.Train(history, asOf, new WinProbabilityOptions(), null);

        var factors = model.Score(history, history.Deals.Take(10).ToArray(), asOf).SelectMany(s => s.Factors).ToList();

        Assert.NotEmpty(factors);
        Assert.All(factors, f =>
        {
            Assert.NotNull(f.Phrase);
            Assert.Contains(f.Phrase.Template, FactorText.Templates);
        });
    }
}
