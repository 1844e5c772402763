using System.Net;
using Forecast.Core.Access;
using Forecast.Core.Outreach.Reminders;
using Forecast.IntegrationTests.Infrastructure;
using Forecast.IntegrationTests.Outreach;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.IntegrationTests.Web;

/// <summary>
/// Reminders belong to whoever owns the customer now: when the CRM moves an account to another rep, its reminders move
/// with it at once (pages, API tokens, actions), and the next build hands the open ones to the new owner.
/// </summary>
public sealed class ReminderOwnershipTests(WebApp app) : IClassFixture<WebApp>
{
    private async Task<string> IssueAsync(long repId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<ApiTokens>().IssueAsync("ownership-test", Roles.Rep, repId, default)).Secret;
    }

    [Fact]
    public async Task Reminder_FollowsTheCustomer_WhenTheCrmMovesItToAnotherRep()
    {
        var today = new DateOnly(2026, 6, 1);
        long amyId, wangId, reminder, customer;
        await using (var db = app.Database.CreateContext())
        {
            var (amy, wang) = await new ReminderWorld(db, today).TwoRepsWithReordersDueAsync();
            (amyId, wangId) = (amy.Id, wang.Id);
        }
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ReminderBuilder>().BuildAsync(today, default);
        await using (var db = app.Database.CreateContext())
        {
            var row = await db.Reminders.Where(r => r.CustomerName == "Acme Ltd").Select(r => new { r.Id, r.UnifiedCustomerId }).SingleAsync();
            (reminder, customer) = (row.Id, row.UnifiedCustomerId);
            // The customers stage, after the CRM moved the account from Amy to Wang.
            await db.UnifiedCustomers.Where(c => c.Id == customer).ExecuteUpdateAsync(s => s.SetProperty(c => c.OwnerRepId, wangId));
        }
        using var former = app.CreateClient(await IssueAsync(amyId));
        using var owner = app.CreateClient(await IssueAsync(wangId));

        // At once, before any rebuild: the former rep no longer opens it, the new owner does.
        var denied = await former.GetAsync($"/reps/reminders/{reminder}");
        Assert.Equal(HttpStatusCode.NotFound, denied.StatusCode);
        Assert.DoesNotContain("Acme", await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain($"id=\"reminder-{reminder}\"", await former.GetStringAsync("/reps/reminders"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/reps/reminders/{reminder}")).StatusCode);
        Assert.Contains($"id=\"reminder-{reminder}\"", await owner.GetStringAsync("/reps/reminders"), StringComparison.Ordinal);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var inbox = scope.ServiceProvider.GetRequiredService<ReminderInbox>();
            Assert.Equal(ReminderActionResult.NotFound, await inbox.SaveDraftAsync(reminder, amyId, "Hi", "Body", "amy@example.com", default));
            Assert.Equal(ReminderActionResult.Done, await inbox.SaveDraftAsync(reminder, wangId, "Hi", "Body", "wang@example.com", default));
            // The next build hands the open reminder to its new owner (who it is mailed to and counted for).
            await scope.ServiceProvider.GetRequiredService<ReminderBuilder>().BuildAsync(today.AddDays(1), default);
        }
        await using (var db = app.Database.CreateContext())
            Assert.Equal(wangId, await db.Reminders.Where(r => r.Id == reminder).Select(r => r.RepId).SingleAsync());
    }
}
