using Forecast.Core.Assistant;
using Forecast.Core.Data;
using Forecast.Modeling.Inventory;

namespace Forecast.UnitTests.Assistant;

public sealed class AnswerComposerTests
{
    private static readonly DateOnly Today = new(2026, 12, 7);

    private static CustomerFacts Facts(ActivityFact? activity = null) => new(7, "鴻益刀具股份有限公司", Today,
    [
        new OrderFact(70, "SO-1", Today.AddDays(-3), null, SalesOrderStatus.Open,
            [new OrderLineFact(1, 1, "BR-1", "Angular contact bearing", "Bearings", 10, new ShipFact(Today.AddDays(9), ShipDateBasis.AfterScheduledSupply)),
             new OrderLineFact(2, 2, "DR-1", "Solid carbide drill", "Drills", 4, new ShipFact(Today, ShipDateBasis.AvailableNow))], []),
        new OrderFact(71, "SO-0", Today.AddDays(-20), null, SalesOrderStatus.Invoiced, [new OrderLineFact(1, 1, "BR-1", "Angular contact bearing", "Bearings", 5, null)], ["INV-0"]),
    ],
    [new InvoiceFact("INV-0", Today.AddDays(-18), Today.AddDays(-2), 500, "TWD", 2)],
    activity);

    [Fact]
    public void Compose_EverySentenceHasASource_AndStatesTheFacts_InEnglish()
    {
        var answer = AnswerComposer.Compose(QuestionParser.Parse("Hungyi order status"), Facts(new ActivityFact(Today.AddDays(-4), ActivityKind.Call, "price", "Amy")));
        Assert.All(answer.Sentences, s => Assert.NotEmpty(s.Sources));
        var text = string.Join(" ", answer.Sentences.Select(s => s.Text));
        Assert.Contains("can ship on 2026-12-16 when incoming supply arrives", text, StringComparison.Ordinal);
        Assert.Contains("can ship from stock now", text, StringComparison.Ordinal);
        Assert.Contains("INV-0: TWD 500 due 2026-12-05, 2 days late", text, StringComparison.Ordinal);
        Assert.Contains("Last contact: a call by Amy on 2026-12-03 (4 days ago): price.", text, StringComparison.Ordinal);
        Assert.Contains(answer.Sentences, s => s.Sources.Any(l => l.Href == "/reps/customers/7#order-70"));
    }

    [Fact]
    public void Compose_KeepsOnlyTheProductAsked_InChinese()
    {
        var answer = AnswerComposer.Compose(QuestionParser.Parse("鴻益刀具的軸承訂單"), Facts());
        var text = string.Join(" ", answer.Sentences.Select(s => s.Text));
        Assert.Equal("zh-TW", answer.Language);
        Assert.Contains("BR-1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("DR-1", text, StringComparison.Ordinal);
        Assert.Contains("進貨到後預計 2026-12-16 可出貨", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_SaysThereIsNoActivity_WithTheActivitiesAsSource()
    {
        var answer = AnswerComposer.Compose(QuestionParser.Parse("last contact with Hungyi"), Facts());
        var sentence = Assert.Single(answer.Sentences);
        Assert.Contains("no activity", sentence.Text, StringComparison.Ordinal);
        Assert.Equal("/reps/customers/7#activities", Assert.Single(sentence.Sources).Href);
    }

    [Fact]
    public void KeepsEverySource_RefusesARewriteThatDropsALink()
    {
        var composed = AnswerComposer.Compose(QuestionParser.Parse("Hungyi order status"), Facts());
        var reworded = composed with { Sentences = composed.Sentences.Select(s => s with { Text = s.Text.ToUpperInvariant() }).ToList() };
        var dropped = composed with { Sentences = composed.Sentences.Where(s => !s.Sources.Any(l => l.Href.EndsWith("#order-70", StringComparison.Ordinal))).ToList() };
        var unsourced = composed with { Sentences = [.. composed.Sentences, new AnswerSentence("Also, they love us.", [])] };
        Assert.True(OrderStatusAssistant.KeepsEverySource(composed, reworded));
        Assert.False(OrderStatusAssistant.KeepsEverySource(composed, dropped));
        Assert.False(OrderStatusAssistant.KeepsEverySource(composed, unsourced));
    }
}
