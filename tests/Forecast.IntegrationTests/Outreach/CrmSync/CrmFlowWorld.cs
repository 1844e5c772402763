using Forecast.Core.Customers;
using Forecast.Core.Data;
using Forecast.Core.Outreach.Reminders;
using Forecast.IntegrationTests.Infrastructure;
using Forecast.IntegrationTests.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Forecast.IntegrationTests.Outreach.CrmSync;

/// <summary>
/// Reminders built by the real builder for three of Amy's customers, then acted on through the real inbox: Acme's draft
/// edited (with text a spreadsheet would run) and marked sent, Bolt dismissed as already ordered, Cobalt snoozed.
/// Acme has a second CRM account, linked first but owned by another rep, so the account choice is visible.
/// </summary>
internal static class CrmFlowWorld
{
    public static readonly DateOnly Today = new(2026, 6, 1);
    public const string EditedSubject = "=HYPERLINK(\"http://evil\") Bearing reorder";
    public const string EditedBody = "Dear Jane,\nshall we ship 40 pcs, as usual?\n\"Amy\"";

    public static MovableClock ClockAt(DateOnly day) =>
        new() { UtcNow = new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)).ToUniversalTime() };

    public static IHost Host(TestDatabase database, MovableClock clock, IDictionary<string, string?>? settings = null) =>
        TestHost.CreateBuilder(database, services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(clock);
        }, settings).Build();

    /// <summary>Seeds the world and acts on it; returns the ids of the three exported actions (sent, dismissed, snoozed), in order.</summary>
    public static async Task<(long Sent, long Dismissed, long Snoozed)> SeedAndActAsync(TestDatabase database, IHost host)
    {
        await using (var db = database.CreateContext())
        {
            var w = new ReminderWorld(db, Today);
            var amy = await w.RepAsync("Amy Lin", "amy@example.com");
            var other = await w.RepAsync("Bob Other", "bob@example.com");
            var bearing = await w.ProductAsync("Bearing 6204");
            // A second account of Acme, owned by Bob and older (a lower id): "the first linked" would pick it, "owned by the reminder's rep" does not.
            var bobs = new CrmAccount { Name = "Acme Ltd (HQ)", OwnerRepId = other.Id, SourceSystem = "crm", SourceKey = "a-acme-hq", UpdatedAt = DateTimeOffset.UtcNow };
            db.CrmAccounts.Add(bobs);
            await db.SaveChangesAsync();
            foreach (var name in new[] { "Acme Ltd", "Bolt Co", "Cobalt Inc" })
            {
                var c = await w.CustomerAsync(name, amy);
                await w.ContactAsync(c, "Buyer of " + name, $"buyer{c.Erp.Id}@example.com", "en");
                await w.PredictAsync(c, bearing, dueInDays: 5);
                await w.OrderAsync(c, bearing, 65, 40, 100);
            }
            var acme = await db.UnifiedCustomers.SingleAsync(u => u.DisplayName == "Acme Ltd");
            db.CustomerAccountLinks.Add(new CustomerAccountLink { CrmAccountId = bobs.Id, UnifiedCustomerId = acme.Id, Score = 1, Method = "manual" });
            await db.SaveChangesAsync();
        }
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReminderBuilder>().BuildAsync(Today, default);
        var inbox = scope.ServiceProvider.GetRequiredService<ReminderInbox>();
        await using var read = database.CreateContext();
        var reminders = await read.Reminders.AsNoTracking().ToDictionaryAsync(r => r.CustomerName, r => r.Id);
        Assert.Equal(ReminderActionResult.Done, await inbox.SaveDraftAsync(reminders["Acme Ltd"], null, EditedSubject, EditedBody, "amy@example.com", default));
        Assert.Equal(ReminderActionResult.Done, await inbox.MarkSentAsync(reminders["Acme Ltd"], null, "amy@example.com", default));
        Assert.Equal(ReminderActionResult.Done, await inbox.DismissAsync(reminders["Bolt Co"], null, DismissReason.AlreadyOrdered, "+ordered from a rival, 1,000 pcs", "amy@example.com", default));
        Assert.Equal(ReminderActionResult.Done, await inbox.SnoozeAsync(reminders["Cobalt Inc"], null, Today.AddDays(10), "amy@example.com", default));
        var ids = await read.ReminderActions.AsNoTracking().Where(a => a.Kind != ReminderActionKind.DraftEdited).OrderBy(a => a.Id).Select(a => a.Id).ToListAsync();
        Assert.Equal(3, ids.Count);
        return (ids[0], ids[1], ids[2]);
    }
}
