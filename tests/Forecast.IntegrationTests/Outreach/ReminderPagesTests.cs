using Forecast.Core.Outreach.Reminders;
using Forecast.IntegrationTests.Infrastructure;
using Forecast.Web.DevMail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Forecast.IntegrationTests.Outreach;

/// <summary>Reps on /reps/reminders in a real browser, and the demo's mailbox fed by the development SMTP sink.</summary>
public sealed class ReminderPagesTests(ReminderWebApp app, Browser browser) : IClassFixture<ReminderWebApp>, IClassFixture<Browser>
{
    private async Task<long> ReminderIdAsync(string customer)
    {
        await using var db = app.Database.CreateContext();
        return await db.Reminders.Where(r => r.CustomerName == customer).Select(r => r.Id).SingleAsync();
    }

    [Fact]
    public async Task Rep_SeesTheirReminder_EditsTheDraft_AndMarksItSent()
    {
        var id = await ReminderIdAsync("Acme Ltd");
        var page = await browser.NewPageAsync(app.BaseAddress);
        await Browser.SignInAsync(page, app.Amy.Email, app.Amy.Password);

        await page.GotoAsync("/reps/reminders");
        Assert.True(await page.IsVisibleAsync($"#reminder-{id}"));
        Assert.Contains("orders every ~60 days", await page.InnerTextAsync($"#reminder-{id}"), StringComparison.Ordinal);
        Assert.DoesNotContain("台灣精密", await page.ContentAsync(), StringComparison.Ordinal);
        await Browser.ScreenshotAsync(page, "reminders-rep-list");

        await page.ClickAsync($"#reminder-{id} a");
        Assert.Equal("Time to restock Bearing 6204?", await page.InputValueAsync("#draft-subject"));
        Assert.Contains("Dear Jane Doe", await page.InputValueAsync("#draft-body"), StringComparison.Ordinal);
        await page.FillAsync("#draft-subject", "Bearing 6204 for July?");
        await page.FillAsync("#draft-body", "Dear Jane,\nShall I reserve your usual 40 pcs?\nAmy");
        await page.ClickAsync("#save-draft");
        Assert.Contains("saved", await page.InnerTextAsync("#message"), StringComparison.Ordinal);
        Assert.Equal("Bearing 6204 for July?", await page.InputValueAsync("#draft-subject"));
        await Browser.ScreenshotAsync(page, "reminders-rep-draft-edited");

        await page.ClickAsync("#mark-sent");
        Assert.Contains("Marked as sent", await page.InnerTextAsync("#message"), StringComparison.Ordinal);
        Assert.Equal("Sent", (await page.InnerTextAsync("#status")).Trim());
        Assert.False(await page.IsVisibleAsync("#mark-sent"));
        await Browser.ScreenshotAsync(page, "reminders-rep-marked-sent");

        await using var db = app.Database.CreateContext();
        var reminder = await db.Reminders.SingleAsync(r => r.Id == id);
        Assert.Equal(ReminderStatus.SentByRep, reminder.Status);
        Assert.Equal("Bearing 6204 for July?", reminder.EditedSubject);
        Assert.Equal("Dear Jane,\nShall I reserve your usual 40 pcs?\nAmy", reminder.EditedBody);
        Assert.Equal("Time to restock Bearing 6204?", reminder.DraftSubject);
        Assert.Equal(app.Amy.Email, reminder.HandledBy);
    }

    [Fact]
    public async Task WhyNow_IsInTheReadersLanguage_NotTheOneTheReminderWasBuiltIn()
    {
        // Amy's reminders are built in English (her language, for her email); read in zh-TW they say it in Chinese.
        var id = await ReminderIdAsync("Acme Ltd");
        await using (var db = app.Database.CreateContext())
            Assert.Contains("orders every ~60 days", (await db.Reminders.SingleAsync(r => r.Id == id)).WhyNow, StringComparison.Ordinal);
        var page = await browser.NewPageAsync(app.BaseAddress, "zh-TW");
        await Browser.SignInAsync(page, app.Amy.Email, app.Amy.Password);

        await page.GotoAsync("/reps/reminders?status=All");
        var row = await page.InnerTextAsync($"#reminder-{id}");
        Assert.Contains("約每 60 天訂購一次", row, StringComparison.Ordinal);
        Assert.DoesNotContain("orders every", row, StringComparison.Ordinal);

        await page.GotoAsync($"/reps/reminders/{id}");
        var why = await page.InnerTextAsync("#why-now");
        Assert.Contains("約每 60 天訂購一次", why, StringComparison.Ordinal);
        Assert.DoesNotContain("orders every", why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherRep_DoesNotSeeTheReminder_AndGets404OnItsId()
    {
        var amys = await ReminderIdAsync("Acme Ltd");
        var own = await ReminderIdAsync("台灣精密");
        var page = await browser.NewPageAsync(app.BaseAddress, "zh-TW");
        await Browser.SignInAsync(page, app.Wang.Email, app.Wang.Password);

        await page.GotoAsync("/reps/reminders");
        Assert.Equal("我的提醒", await page.InnerTextAsync("h1"));
        Assert.True(await page.IsVisibleAsync($"#reminder-{own}"));
        Assert.False(await page.IsVisibleAsync($"#reminder-{amys}"));
        Assert.DoesNotContain("Acme", await page.ContentAsync(), StringComparison.Ordinal);
        await Browser.ScreenshotAsync(page, "reminders-rep-zh-TW");

        // Same cookies as the page; Chromium's navigation turns an empty 404 into an error, so ask through the page's request context.
        var response = await page.APIRequest.GetAsync($"/reps/reminders/{amys}");
        Assert.Equal(404, response.Status);
        // Acting on it by a forged post is refused the same way (the antiforgery token is taken from his own reminder).
        await page.GotoAsync($"/reps/reminders/{own}");
        var token = await page.InputValueAsync("#dismiss-form input[name=__RequestVerificationToken]");
        var post = await page.APIRequest.PostAsync($"/reps/reminders/{amys}?handler=Dismiss", new APIRequestContextOptions
        {
            Form = page.APIRequest.CreateFormData().Append("Reason", "not mine").Append("__RequestVerificationToken", token),
        });
        Assert.Equal(404, post.Status);
        await using var db = app.Database.CreateContext();
        Assert.Null((await db.Reminders.SingleAsync(r => r.Id == amys)).DismissedReason);
    }

    [Fact]
    public async Task Mailbox_ListsTheRepsEmails_SentThroughTheDevelopmentSink()
    {
        var mailbox = app.Services.GetRequiredService<DevMailbox>();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (await mailbox.CountAsync(default) < 2 && DateTime.UtcNow < deadline)
            await Task.Delay(200);
        Assert.Equal(2, await mailbox.CountAsync(default));
        var page = await browser.NewPageAsync(app.BaseAddress);
        await Browser.SignInAsync(page, app.Admin.Email, app.Admin.Password);

        await page.GotoAsync("/admin/mailbox");
        var text = await page.InnerTextAsync("main");
        Assert.Contains("Reorder due: Acme Ltd - Bearing 6204", text, StringComparison.Ordinal);
        Assert.Contains("補貨提醒：台灣精密 - Bearing 6204", text, StringComparison.Ordinal);
        Assert.Contains("wang@example.com", text, StringComparison.Ordinal);
        Assert.Contains("zh-TW", text, StringComparison.Ordinal);
        await Browser.ScreenshotAsync(page, "admin-mailbox");

        var rep = await browser.NewPageAsync(app.BaseAddress);
        await Browser.SignInAsync(rep, app.Amy.Email, app.Amy.Password);
        await rep.GotoAsync("/admin/mailbox");
        Assert.True(await rep.IsVisibleAsync("#denied"));
    }
}
