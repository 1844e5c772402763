using Forecast.Core.Data;
using Forecast.Core.Outreach.Drafting;
using Forecast.Core.Outreach.Reminders;
using Forecast.IntegrationTests.Infrastructure;
using Forecast.IntegrationTests.Outreach.CrmSync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Forecast.IntegrationTests.Outreach;

/// <summary>
/// A rep's "already ordered elsewhere" silences the pair's next reorder-due reminder for Reminders:DismissedCooldownDays
/// (90) business days; another reason ("wrong contact") does not. Each build runs as of its own business date.
/// </summary>
public sealed class DismissedPairCooldownTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DateOnly Day0 = new(2026, 6, 1);

    public Task InitializeAsync() => database.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task BuildAsync(IHost host, DateOnly asOf)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReminderBuilder>().BuildAsync(asOf, default);
    }

    private async Task<List<(string Customer, DateOnly AsOf)>> ReorderRemindersAsync()
    {
        await using var db = database.CreateContext();
        var rows = await db.Reminders.AsNoTracking().Where(r => r.Kind == ReminderKind.ReorderDue).OrderBy(r => r.AsOf).ThenBy(r => r.CustomerName)
            .Select(r => new { r.CustomerName, r.AsOf }).ToListAsync();
        return rows.Select(r => (r.CustomerName, r.AsOf)).ToList();
    }

    [Fact]
    public async Task BuildAsync_SkipsAPairDismissedAsAlreadyOrdered_WithinTheCooldown_AndRemindsItAfter()
    {
        var clock = CrmFlowWorld.ClockAt(Day0);
        using var host = CrmFlowWorld.Host(database, clock);
        ReminderWorld.Customer acme, bolt;
        Product bearing;
        await using (var db = database.CreateContext())
        {
            var w = new ReminderWorld(db, Day0);
            var amy = await w.RepAsync("Amy Lin", "amy@example.com");
            bearing = await w.ProductAsync("Bearing 6204");
            acme = await w.CustomerAsync("Acme Ltd", amy);
            bolt = await w.CustomerAsync("Bolt Co", amy);
            foreach (var c in new[] { acme, bolt })
            {
                await w.ContactAsync(c, "Buyer", $"buyer{c.Erp.Id}@example.com", "en");
                await w.PredictAsync(c, bearing, dueInDays: 5);
                await w.OrderAsync(c, bearing, 55, 40, 100);
            }
        }
        await BuildAsync(host, Day0);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var inbox = scope.ServiceProvider.GetRequiredService<ReminderInbox>();
            await using var db = database.CreateContext();
            var ids = await db.Reminders.ToDictionaryAsync(r => r.CustomerName, r => r.Id);
            Assert.Equal(ReminderActionResult.Done, await inbox.DismissAsync(ids["Acme Ltd"], null, DismissReason.AlreadyOrdered, null, "amy@example.com", default));
            Assert.Equal(ReminderActionResult.Done, await inbox.DismissAsync(ids["Bolt Co"], null, DismissReason.WrongContact, null, "amy@example.com", default));
        }

        // Both customers order again and a new cycle comes due 40 days later: only Bolt is reminded.
        await NextCycleAsync(Day0.AddDays(40), lastOrderDaysAgo: 20, cycleDays: 25);
        clock.UtcNow = CrmFlowWorld.ClockAt(Day0.AddDays(40)).UtcNow;
        await BuildAsync(host, Day0.AddDays(40));
        Assert.DoesNotContain(("Acme Ltd", Day0.AddDays(40)), await ReorderRemindersAsync());
        Assert.Contains(("Bolt Co", Day0.AddDays(40)), await ReorderRemindersAsync());

        // 95 days after the dismissal the cool-down is over.
        await NextCycleAsync(Day0.AddDays(95), lastOrderDaysAgo: 25, cycleDays: 30);
        clock.UtcNow = CrmFlowWorld.ClockAt(Day0.AddDays(95)).UtcNow;
        await BuildAsync(host, Day0.AddDays(95));
        Assert.Contains(("Acme Ltd", Day0.AddDays(95)), await ReorderRemindersAsync());

        async Task NextCycleAsync(DateOnly asOf, int lastOrderDaysAgo, int cycleDays)
        {
            await using var db = database.CreateContext();
            var w = new ReminderWorld(db, asOf);
            foreach (var c in new[] { acme, bolt })
            {
                // Written here: each ReminderWorld numbers its rows from 1, so its OrderAsync would reuse the first world's keys.
                var key = $"so-{asOf:yyyyMMdd}-{c.Erp.Id}";
                var order = new SalesOrder
                {
                    OrderNumber = key, CustomerId = c.Erp.Id, OrderDate = asOf.AddDays(-lastOrderDaysAgo), Status = SalesOrderStatus.Invoiced, Currency = "TWD",
                    SourceSystem = "erp", SourceKey = key, UpdatedAt = DateTimeOffset.UtcNow,
                };
                order.Lines.Add(new SalesOrderLine { LineNumber = 1, ProductId = bearing.Id, Quantity = 40, UnitPrice = 100, SourceSystem = "erp", SourceKey = key + "-1", UpdatedAt = DateTimeOffset.UtcNow });
                db.SalesOrders.Add(order);
                await db.SaveChangesAsync();
                await w.PredictAsync(c, bearing, asOf.AddDays(-lastOrderDaysAgo), cycleDays, customerActive: 0.95);
            }
        }
    }
}
