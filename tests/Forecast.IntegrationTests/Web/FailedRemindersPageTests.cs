using Forecast.Core.Access;
using Forecast.Core.Customers;
using Forecast.Core.Outreach.Reminders;
using Forecast.IntegrationTests.Infrastructure;
using Forecast.IntegrationTests.Outreach;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Forecast.IntegrationTests.Web;

/// <summary>
/// The administrator sees each failed reminder with its cause and fixes an ownerless customer in the app: after the
/// owner is assigned, the nightly unification keeps it and the next reminders run makes the reminder.
/// </summary>
public sealed class FailedRemindersPageTests(WebApp app, Browser browser) : IClassFixture<WebApp>, IClassFixture<Browser>
{
    private static readonly DateOnly Today = new(2026, 6, 1);

    /// <summary>Amy owns Good Co; Orphan Co's CRM account has no owner; No Email Co's contact has no address.</summary>
    private async Task<(long Amy, long Orphan)> SeedAsync()
    {
        await app.Database.ResetAsync();
        await app.SeedLoginsAsync();
        long amyId, orphanId;
        await using (var db = app.Database.CreateContext())
        {
            var w = new ReminderWorld(db, Today);
            var amy = await w.RepAsync("Amy Lin", "amy@example.com");
            var bearing = await w.ProductAsync("Bearing 6204");
            var good = await w.CustomerAsync("Good Co", amy);
            await w.ContactAsync(good, "Jane Doe", "jane@good.example", "en");
            await w.PredictAsync(good, bearing, dueInDays: 2);
            var orphan = await w.CustomerAsync("Orphan Co", owner: null);
            await w.ContactAsync(orphan, "Olly", "olly@orphan.example", "en");
            await w.PredictAsync(orphan, bearing, dueInDays: 2);
            var noEmail = await w.CustomerAsync("No Email Co", amy);
            await w.ContactAsync(noEmail, "Ned", null, "en");
            await w.PredictAsync(noEmail, bearing, dueInDays: 2);
            (amyId, orphanId) = (amy.Id, orphan.Unified.Id);
        }
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReminderBuilder>().BuildAsync(Today, default);
        return (amyId, orphanId);
    }

    [Theory]
    [InlineData("en", 375, "No owning rep", "Assign owner")]
    [InlineData("zh-TW", 375, "沒有負責業務", "指派負責人")]
    [InlineData("en", 1400, "No owning rep", "Assign owner")]
    public async Task Admin_AssignsAnOwnerToAnOwnerlessCustomer_AndTheNextRunMakesTheReminder(string culture, int width, string noOwner, string assign)
    {
        var (amy, orphan) = await SeedAsync();
        var page = await SignedInAdminAsync(culture, width);

        await page.GotoAsync("/admin/failed-reminders");

        var ownerGroup = page.Locator("section[data-cause=NoOwner]");
        Assert.Contains(noOwner, await ownerGroup.Locator("h2").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("Orphan Co", await ownerGroup.TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("No contact of this customer has an email address", await page.Locator("section[data-cause=Other]").TextContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Good Co", await page.Locator("main").TextContentAsync(), StringComparison.Ordinal);
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        if (scrollWidth > width)
            await Browser.ScreenshotAsync(page, $"too-wide-failed-reminders-{culture}-{width}");
        Assert.True(scrollWidth <= width, $"{scrollWidth} px wide at {width} px");

        await ownerGroup.Locator("select[name=rep]").SelectOptionAsync(amy.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ownerGroup.GetByRole(AriaRole.Button, new() { Name = assign }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Equal(1, await page.Locator("#failed-message").CountAsync());
        Assert.Equal(1, await page.Locator("section[data-cause=OwnerFixed]").CountAsync());
        await Browser.ScreenshotAsync(page, $"failed-reminders-{culture}-{width}");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // The night's unification keeps the assignment (the account still has no CRM owner), then the morning's reminders.
            await scope.ServiceProvider.GetRequiredService<CustomerUnification>().RunAsync(Today.AddDays(1), default);
            await scope.ServiceProvider.GetRequiredService<ReminderBuilder>().BuildAsync(Today.AddDays(1), default);
        }
        await using var db = app.Database.CreateContext();
        var customer = await db.UnifiedCustomers.SingleAsync(c => c.Id == orphan);
        Assert.Equal(amy, customer.OwnerRepId);
        Assert.Equal(OwnerAssignment.Reason, customer.OwnerReason);
        var reminder = await db.Reminders.SingleAsync(r => r.CustomerName == "Orphan Co");
        Assert.Equal(ReminderStatus.New, reminder.Status);
        Assert.Equal(amy, reminder.RepId);
    }

    [Fact]
    public async Task Assign_RefusesAnUnknownRep_AndChangesNothing()
    {
        var (_, orphan) = await SeedAsync();
        await using var scope = app.Services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<OwnerAssignment>().AssignAsync(orphan, 987654, default);

        Assert.Equal(OwnerAssignmentResult.RepNotActive, result);
        await using var db = app.Database.CreateContext();
        var customer = await db.UnifiedCustomers.SingleAsync(c => c.Id == orphan);
        Assert.Null(customer.OwnerRepId);
        Assert.Null(customer.AssignedOwnerRepId);
    }

    private Task<IPage> SignedInAdminAsync(string culture, int width) =>
        browser.SignedInPageAsync(app.BaseAddress, app.Logins[Roles.Admin].Email, app.Logins[Roles.Admin].Password, culture, width);
}
