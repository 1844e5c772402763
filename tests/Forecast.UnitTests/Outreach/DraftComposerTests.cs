using Forecast.Core.Outreach.Drafting;
using Microsoft.Extensions.Options;

namespace Forecast.UnitTests.Outreach;

public sealed class DraftComposerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("forecast-templates-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private DraftComposer Composer(string? folder = null)
    {
        var options = Options.Create(new OutreachOptions { TemplateFolder = folder });
        return new DraftComposer(new TemplateLibrary(options, TimeProvider.System), options);
    }

    private static DraftFacts Facts(AvailabilityFacts? availability = null, ReceivablesFacts? receivables = null) => new(
        ReminderKind.ReorderDue,
        CustomerName: "大同精密工業股份有限公司",
        ContactName: "王小明",
        RepName: "Amy Lin",
        RepEmail: "amy@example.com",
        RepPhone: "+886 2 1234 5678",
        Product: new ProductFacts("CN-1001", "Carbide insert CNMG120408", "pcs", 40, new DateOnly(2026, 6, 12), 182),
        UsualProducts: [new ProductFacts("CN-1001", "Carbide insert CNMG120408", "pcs", 40, new DateOnly(2026, 6, 12), 182), new ProductFacts("CL-2002", "Coolant 20 L", "can", 6, new DateOnly(2026, 9, 1), 60)],
        DaysSinceLastOrder: 168,
        PredictedOrderDate: new DateOnly(2026, 12, 11),
        PredictedOrderFrom: new DateOnly(2026, 12, 1),
        PredictedOrderTo: new DateOnly(2026, 12, 30),
        ProbabilityActive: 0.93,
        Availability: availability ?? new AvailabilityFacts(500, new DateOnly(2026, 11, 28), ShortForUsualQuantity: false),
        Receivables: receivables,
        OpenQuote: null,
        Today: new DateOnly(2026, 11, 27));

    [Fact]
    public async Task ComposeAsync_WritesTheDraftInTraditionalChinese_WhenTheContactPrefersIt()
    {
        var composed = await Composer().ComposeAsync(Facts(), "zh_TW", "en");

        Assert.Equal("zh-TW", composed.CustomerLanguage);
        Assert.Equal("Carbide insert CNMG120408 是否需要補貨？", composed.CustomerDraft.Subject);
        Assert.Contains("王小明 您好", composed.CustomerDraft.Body, StringComparison.Ordinal);
        Assert.Contains("約每 182 天一次", composed.CustomerDraft.Body, StringComparison.Ordinal);
        Assert.Contains("上次訂購日期為 2026/06/12", composed.CustomerDraft.Body, StringComparison.Ordinal);
        Assert.Contains("Coolant 20 L", composed.CustomerDraft.Body, StringComparison.Ordinal);
        Assert.Equal("Reorder due: 大同精密工業股份有限公司 - Carbide insert CNMG120408", composed.ForRep.Subject);
        Assert.Contains("Why now: orders every ~182 days; last order 168 days ago; next order expected 11 Dec 2026 (80%: 1 Dec 2026 – 30 Dec 2026); usual quantity 40.", composed.ForRep.Body, StringComparison.Ordinal);
        Assert.Contains("Predicted next order: 11 Dec 2026 (8 in 10 between 1 Dec 2026 and 30 Dec 2026).", composed.ForRep.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Your Carbide insert CNMG120408 orders", "We have not had an order of Carbide insert CNMG120408 (CN-1001) from you since 12 Jun 2026")]
    [InlineData("zh-TW", "關於貴公司的 Carbide insert CNMG120408 訂購", "自 2026/06/12 之後，我們就沒有再收到貴公司 Carbide insert CNMG120408（CN-1001）的訂單")]
    public async Task ComposeAsync_AsksWhatChanged_WhenTheCustomerIsAtRisk(string language, string subject, string opening)
    {
        var facts = Facts() with { Kind = ReminderKind.AtRisk, PredictedOrderDate = null, LateSince = new DateOnly(2026, 9, 1) };

        var composed = await Composer().ComposeAsync(facts, language, "en");

        Assert.Equal(subject, composed.CustomerDraft.Subject);
        Assert.Contains(opening, composed.CustomerDraft.Body, StringComparison.Ordinal);
        // Not the restock wording: a customer silent for months is not "running low".
        Assert.DoesNotContain("run low", composed.CustomerDraft.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("庫存用完前", composed.CustomerDraft.Body, StringComparison.Ordinal);
        Assert.StartsWith("At risk:", composed.ForRep.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComposeAsync_WritesEnglish_WhenTheContactHasNoLanguage()
    {
        var composed = await Composer().ComposeAsync(Facts(), null, null);

        Assert.Equal("Time to restock Carbide insert CNMG120408?", composed.CustomerDraft.Subject);
        Assert.Contains("You usually order 40 pcs of Carbide insert CNMG120408 (CN-1001) about every 182 days", composed.CustomerDraft.Body, StringComparison.Ordinal);
        Assert.Contains("We have it in stock", composed.CustomerDraft.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComposeAsync_NeverPromisesStock_WhenTheProjectionSaysItWillBeShort()
    {
        var composed = await Composer().ComposeAsync(Facts(new AvailabilityFacts(12, new DateOnly(2027, 1, 15), ShortForUsualQuantity: true)), "en", "en");

        Assert.DoesNotContain("in stock", composed.CustomerDraft.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("We can ship your usual quantity from 15 Jan 2027", composed.CustomerDraft.Body, StringComparison.Ordinal);
        Assert.Contains("Stock is short: 12 available now", composed.ForRep.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComposeAsync_TellsTheRepToCollectFirst_WhenInvoicesAreOverdue()
    {
        var composed = await Composer().ComposeAsync(Facts(receivables: new ReceivablesFacts(125000, "TWD", new DateOnly(2026, 9, 30), 2)), "en", "zh-TW");

        Assert.Contains("請先收款再銷售：逾期發票 2 張，金額 125,000 TWD", composed.ForRep.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("125", composed.CustomerDraft.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComposeAsync_FailsWithTheLanguage_WhenNoTemplateExistsForIt()
    {
        var error = await Assert.ThrowsAsync<DraftException>(() => Composer().ComposeAsync(Facts(), "ja", "en"));
        Assert.Contains("No 'customer-draft' template in language 'ja'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComposeAsync_FailsNamingTheField_WhenAnEditedTemplateUsesAnUnknownOne()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "customer-draft.en.liquid"), "subject: Hello\n---\nYour tax id is {{ customer.tax_id }}.\n");

        var error = await Assert.ThrowsAsync<DraftException>(() => Composer(_folder).ComposeAsync(Facts(), "en", "en"));
        Assert.True(error.Message.Contains("tax_id", StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public async Task ComposeAsync_FailsWithTheLayoutRule_WhenAnEditedTemplateHasNoSubjectLine()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "customer-draft.en.liquid"), "Hello {{ contact.name }}\n");

        var error = await Assert.ThrowsAsync<DraftException>(() => Composer(_folder).ComposeAsync(Facts(), "en", "en"));
        Assert.Contains("must start with 'subject:", error.Message, StringComparison.Ordinal);
    }
    [Fact]
    public async Task DigestForRepAsync_WritesTheNoDraftReasonInChinese_WhenTheRepReadsChinese()
    {
        var items = new[] { new DigestItem(Facts(), NoDraftReasons.AllOptedOut, "https://forecast.local/reps/reminders/7") };

        var digest = await Composer().DigestForRepAsync("王大明", new DateOnly(2026, 11, 27), "https://forecast.local/reps/reminders", items, "zh-TW");

        Assert.Contains("此客戶的所有聯絡人都已取消訂閱電子郵件", digest.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("opted out", digest.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoteForRepAsync_KeepsTheNoDraftReasonInEnglish_WhenTheRepReadsEnglish()
    {
        var note = await Composer().NoteForRepAsync(Facts(), "en", new RepNoteExtras(null, null, null, NoDraftReasons.AllOptedOut, null));

        Assert.Contains(NoDraftReasons.AllOptedOut, note.Body, StringComparison.Ordinal);
    }
    [Fact]
    public async Task DigestForRepAsync_ShowsWholePiecesAndTheCurrencysDecimals()
    {
        var facts = Facts(receivables: new ReceivablesFacts(45962.9m, "TWD", new DateOnly(2026, 10, 1), 1)) with
        {
            Product = new ProductFacts("CN-1001", "Carbide insert CNMG120408", "PCS", 2.5m, new DateOnly(2026, 6, 12), 182),
        };

        var digest = await Composer().DigestForRepAsync("Amy Lin", new DateOnly(2026, 11, 27), "https://forecast.local/reps/reminders",
            [new DigestItem(facts, null, "https://forecast.local/reps/reminders/7")], "en");

        Assert.Contains("usual quantity 3", digest.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("2.5", digest.Body, StringComparison.Ordinal);
        Assert.Contains("45,963", digest.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("45,962.9", digest.Body, StringComparison.Ordinal);
    }
}
