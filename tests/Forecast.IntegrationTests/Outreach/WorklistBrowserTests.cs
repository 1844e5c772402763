using System.Globalization;
using Forecast.Core.Outreach.Reminders;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Forecast.IntegrationTests.Outreach;

/// <summary>
/// A rep works the worklist in Chromium, in English and Traditional Chinese, on a desktop and a phone: ranks it by expected
/// value, snoozes a reminder (gone, under Snoozed, back on the day), dismisses one with a reason; no page scrolls sideways.
/// The tests move the clock, so they run one after another (one class).
/// </summary>
public sealed class WorklistBrowserTests(WorklistWorld world, Browser browser) : IClassFixture<WorklistWorld>, IClassFixture<Browser>
{
    private const int PageSize = Forecast.Web.Pages.Reps.RemindersModel.PageSize;

    public static TheoryData<string, int> Layouts => new() { { "en", 1400 }, { "zh-TW", 1400 }, { "en", 375 }, { "zh-TW", 375 } };

    private Task<IPage> SignedInAsync(string culture, int width) =>
        browser.SignedInPageAsync(world.App.BaseAddress, world.Amy.Email, world.Amy.Password, culture, width);

    private static async Task AssertFitsAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{page.Url} is {scrollWidth} px wide in a {width} px window");
    }

    /// <summary>The reminder ids of the list in the order shown.</summary>
    private static async Task<List<long>> RowIdsAsync(IPage page) =>
        (await page.Locator("#reminders tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.id)"))
            .Select(id => long.Parse(id["reminder-".Length..], CultureInfo.InvariantCulture)).ToList();

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Rep_RanksByExpectedValue_AndSortsByDueDateAndCustomer(string culture, int width)
    {
        var page = await SignedInAsync(culture, width);

        await page.GotoAsync("/reps/reminders");
        await AssertFitsAsync(page, width);
        await using var db = world.App.Database.CreateContext();
        var open = await db.Reminders.AsNoTracking()
            .Where(r => r.Rep!.Email == "amy@example.com" && r.Status == ReminderStatus.New && (r.SnoozedUntil == null || r.SnoozedUntil <= WorklistWorld.Today))
            .Select(r => new { r.Id, r.ExpectedValue, r.DueDate, r.CustomerName }).ToListAsync();
        Assert.True(open.Count > PageSize, "the list fits one page: paging would not be tested");
        Assert.Equal(open.OrderByDescending(r => r.ExpectedValue).ThenBy(r => r.DueDate).ThenBy(r => r.Id).Select(r => r.Id).Take(PageSize), await RowIdsAsync(page));
        // The deal (TWD 12,000) leads, then Bolt's gears (TWD 4,500), with the currency.
        var gamma = await world.ReminderAsync(WorklistWorld.Gamma);
        Assert.Equal("TWD 12,000", (await page.InnerTextAsync($"#reminder-{gamma.Id} td.value")).Trim());
        await Browser.ScreenshotAsync(page, $"worklist-by-value-{culture}-{width}");

        await page.ClickAsync("#sort-due");
        Assert.Equal(open.OrderBy(r => r.DueDate).ThenByDescending(r => r.ExpectedValue).ThenBy(r => r.Id).Select(r => r.Id).Take(PageSize), await RowIdsAsync(page));
        await AssertFitsAsync(page, width);

        await page.ClickAsync("#sort-customer");
        Assert.Equal(open.OrderBy(r => r.CustomerName, StringComparer.Ordinal).ThenBy(r => r.Id).Select(r => r.Id).Take(PageSize), await RowIdsAsync(page));

        // The next page keeps the sort.
        await page.ClickAsync("a[rel=next]");
        Assert.Equal(open.OrderBy(r => r.CustomerName, StringComparer.Ordinal).ThenBy(r => r.Id).Select(r => r.Id).Skip(PageSize).Take(PageSize), await RowIdsAsync(page));
        await AssertFitsAsync(page, width);
    }

    [Theory]
    [InlineData("en", 1400, "Echo Parts")]
    [InlineData("zh-TW", 1400, "Foxtrot Ltd")]
    [InlineData("en", 375, "Golf Supplies")]
    [InlineData("zh-TW", 375, "Hotel Tools")]
    public async Task Rep_SnoozesAReminder_ItHidesUntilTheDate_ThenComesBack(string culture, int width, string customer)
    {
        var reminder = await world.ReminderAsync(customer);
        var until = WorklistWorld.Today.AddDays(3);
        var page = await SignedInAsync(culture, width);
        try
        {
            await page.GotoAsync($"/reps/reminders/{reminder.Id}");
            await AssertFitsAsync(page, width);
            // A date in the past is refused with a clear message, and nothing changes (the date field's min stops a
            // browser, so post the form as a hand-made client would).
            var token = await page.InputValueAsync("#snooze-form input[name=__RequestVerificationToken]");
            var refused = await page.APIRequest.PostAsync($"/reps/reminders/{reminder.Id}?handler=Snooze", new APIRequestContextOptions
            {
                Form = page.APIRequest.CreateFormData().Append("Until", "2026-05-01").Append("__RequestVerificationToken", token),
            });
            Assert.Equal(200, refused.Status);
            Assert.Contains(culture == "en" ? "Choose a snooze date after today" : "請選擇今天之後", await refused.TextAsync(), StringComparison.Ordinal);
            Assert.Null((await world.ReminderAsync(customer)).SnoozedUntil);

            await page.FillAsync("#snooze-until", until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await page.ClickAsync("#snooze");
            Assert.Contains(culture == "en" ? "Snoozed until" : "已延後至", await page.InnerTextAsync("#message"), StringComparison.Ordinal);
            Assert.True(await page.IsVisibleAsync("#snoozed"));
            Assert.Equal(1, await page.Locator("#history li").CountAsync());
            await AssertFitsAsync(page, width);
            await Browser.ScreenshotAsync(page, $"worklist-snoozed-{culture}-{width}");

            await page.GotoAsync("/reps/reminders");
            Assert.False(await page.IsVisibleAsync($"#reminder-{reminder.Id}"));
            await page.SelectOptionAsync("#filter-status", "Snoozed");
            await page.ClickAsync("#show");
            Assert.True(await page.IsVisibleAsync($"#reminder-{reminder.Id}"));
            await AssertFitsAsync(page, width);

            // The day before the date it is still away; on the date it is back.
            world.SetToday(until.AddDays(-1));
            page = await SignedInAsync(culture, width);
            await page.GotoAsync("/reps/reminders");
            Assert.False(await page.IsVisibleAsync($"#reminder-{reminder.Id}"));
            world.SetToday(until);
            page = await SignedInAsync(culture, width);
            await page.GotoAsync("/reps/reminders");
            Assert.True(await page.IsVisibleAsync($"#reminder-{reminder.Id}"));
            await AssertFitsAsync(page, width);
        }
        finally
        {
            world.SetToday(WorklistWorld.Today);
        }

        var stored = await world.ReminderAsync(customer);
        Assert.Equal(until, stored.SnoozedUntil);
        Assert.Equal(ReminderStatus.New, stored.Status);
        var action = Assert.Single(await world.HistoryAsync(reminder.Id));
        Assert.Equal((ReminderActionKind.Snoozed, until, world.Amy.Email), (action.Kind, action.SnoozedUntil, action.By));
        Assert.Equal(TimeSpan.Zero, action.At.Offset);
    }

    [Theory]
    [InlineData("en", 1400, "India Gears")]
    [InlineData("zh-TW", 1400, "Juliet Co")]
    [InlineData("en", 375, "Kilo Corp")]
    [InlineData("zh-TW", 375, "Lima Metals")]
    public async Task Rep_DismissesAReminder_WithAReasonFromTheList(string culture, int width, string customer)
    {
        var reminder = await world.ReminderAsync(customer);
        var page = await SignedInAsync(culture, width);

        await page.GotoAsync($"/reps/reminders/{reminder.Id}");
        // "Other" needs the rep's words: refused with a message, nothing stored.
        await page.SelectOptionAsync("#dismiss-code", "Other");
        await page.ClickAsync("#dismiss");
        Assert.Contains(culture == "en" ? "when the reason is Other" : "原因為「其他」時", await page.InnerTextAsync("p.error"), StringComparison.Ordinal);
        Assert.Equal(ReminderStatus.New, (await world.ReminderAsync(customer)).Status);
        await AssertFitsAsync(page, width);

        await page.SelectOptionAsync("#dismiss-code", "AlreadyOrdered");
        await page.FillAsync("#dismiss-reason", "bought from a competitor in May");
        await page.ClickAsync("#dismiss");
        Assert.Equal(culture == "en" ? "Dismissed (Already ordered elsewhere: bought from a competitor in May)" : "已略過 (已向別處訂購: bought from a competitor in May)",
            (await page.InnerTextAsync("#status")).Trim());
        Assert.False(await page.IsVisibleAsync("#mark-sent"));
        await AssertFitsAsync(page, width);
        await Browser.ScreenshotAsync(page, $"worklist-dismissed-{culture}-{width}");

        await page.GotoAsync("/reps/reminders?status=Dismissed");
        Assert.True(await page.IsVisibleAsync($"#reminder-{reminder.Id}"));
        await AssertFitsAsync(page, width);

        var stored = await world.ReminderAsync(customer);
        Assert.Equal((ReminderStatus.Dismissed, DismissReason.AlreadyOrdered, "bought from a competitor in May"), (stored.Status, stored.DismissReasonCode, stored.DismissedReason));
        var action = Assert.Single(await world.HistoryAsync(reminder.Id));
        Assert.Equal((ReminderActionKind.Dismissed, DismissReason.AlreadyOrdered, world.Amy.Email), (action.Kind, action.ReasonCode, action.By));
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task DetailPage_ExplainsTheExpectedValueInWords(string culture, int width)
    {
        var acme = await world.ReminderAsync(WorklistWorld.Acme);
        var page = await SignedInAsync(culture, width);

        await page.GotoAsync($"/reps/reminders/{acme.Id}");

        Assert.Equal("TWD 2,800", (await page.InnerTextAsync("#expected-value")).Split('\n')[0].Trim());
        var words = await page.InnerTextAsync("#value-explained");
        Assert.Contains("TWD 4,000", words, StringComparison.Ordinal);
        Assert.Contains("70%", words, StringComparison.Ordinal);
        Assert.Contains(culture == "en" ? "within 30 days" : "30 天內", words, StringComparison.Ordinal);
        await AssertFitsAsync(page, width);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task MyOpenDeals_ShowsTheRepsDealsWithWinProbabilityAndFactors_NotAnotherReps(string culture, int width)
    {
        var page = await SignedInAsync(culture, width);

        await page.GotoAsync("/reps/deals");

        Assert.Equal(culture == "en" ? "My open deals" : "我的進行中商機", await page.InnerTextAsync("h1"));
        Assert.True(await page.IsVisibleAsync($"#deal-{world.AmyDeal}"));
        Assert.False(await page.IsVisibleAsync($"#deal-{world.WangDeal}"));
        Assert.DoesNotContain("台灣精密", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal("TWD 20,000", (await page.InnerTextAsync($"#deal-{world.AmyDeal} td.amount")).Trim());
        Assert.Equal("60%", (await page.InnerTextAsync($"#deal-{world.AmyDeal} td.probability")).Trim());
        Assert.Contains("won 3 of the last 4 deals", await page.InnerTextAsync($"#deal-{world.AmyDeal}"), StringComparison.Ordinal);
        await AssertFitsAsync(page, width);
        await page.ClickAsync("#sort-close");
        Assert.True(await page.IsVisibleAsync($"#deal-{world.AmyDeal}"));
        await Browser.ScreenshotAsync(page, $"worklist-deals-{culture}-{width}");

        var other = await page.APIRequest.GetAsync($"/api/deals/{world.WangDeal}");
        Assert.Equal(404, other.Status);
    }
}
