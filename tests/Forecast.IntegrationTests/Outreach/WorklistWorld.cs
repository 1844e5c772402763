using Forecast.Core.Access;
using Forecast.Core.Outreach.Reminders;
using Forecast.IntegrationTests.Infrastructure;
using Forecast.IntegrationTests.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.IntegrationTests.Outreach;

/// <summary>
/// The web app on a clock the tests move, over reminders built by the real builder: Amy owns many customers whose reorders
/// are due (each with its own value, so the ranking is known; one per test that changes it) and a stalled deal; 王大明 owns
/// one customer with a reorder due and a deal. Logins and API tokens for both.
/// </summary>
public sealed class WorklistWorld : IAsyncLifetime
{
    public static readonly DateOnly Today = new(2026, 6, 1);

    /// <summary>Customers no test changes: their values are checked (P × usual order value, or the deal's amount × P(win)).</summary>
    public const string Acme = "Acme Ltd", Bolt = "Bolt Co", Cobalt = "Cobalt Inc", Delta = "Delta Trading", Gamma = "Gamma Deals", Taiwan = "台灣精密";

    public MovableClock Clock { get; } = new();
    public WebApp App { get; } = new();
    public IssuedLogin Amy { get; private set; } = null!;
    public IssuedLogin Wang { get; private set; } = null!;
    public string AmyToken { get; private set; } = "";
    public string WangToken { get; private set; } = "";
    public long AmyDeal { get; private set; }
    public long WangDeal { get; private set; }

    /// <summary>Customers of Amy that exist for one test each to act on (snooze, dismiss, edit...).</summary>
    public static readonly string[] Spare =
    [
        "Echo Parts", "Foxtrot Ltd", "Golf Supplies", "Hotel Tools", "India Gears", "Juliet Co", "Kilo Corp", "Lima Metals",
        "Mike Motors", "November Co", "Oscar Supply", "Papa Machines", "Quebec Steel", "Romeo Fasteners", "Sierra Pumps", "Tango Valves",
    ];

    /// <summary>Small reminders of Amy's beyond the named ones: with them her list runs past one page.</summary>
    public const int Fillers = 36;

    public async Task InitializeAsync()
    {
        SetToday(Today);
        App.UseClock(Clock);
        App.Settings["Reminders:RepLanguageByTeam:Taiwan"] = "zh-TW";
        // Both deals count as high-value (the default keeps the top half), so each customer with a deal gets a stalled-deal reminder.
        App.Settings["Reminders:StalledDealTopShare"] = "1";
        await App.InitializeAsync();

        long amyId, wangId;
        await using (var db = App.Database.CreateContext())
        {
            var w = new ReminderWorld(db, Today);
            var amy = await w.RepAsync("Amy Lin", "amy@example.com", "Export");
            var wang = await w.RepAsync("王大明", "wang@example.com", "Taiwan");
            (amyId, wangId) = (amy.Id, wang.Id);
            var bearing = await w.ProductAsync("Bearing 6204", price: 100);
            var gear = await w.ProductAsync("Gear 40T", price: 500);

            async Task<ReminderWorld.Customer> DueAsync(string name, Forecast.Core.Data.Rep owner, Forecast.Core.Data.Product product, int dueIn, double p)
            {
                var c = await w.CustomerAsync(name, owner);
                await w.ContactAsync(c, "Buyer of " + name, $"buyer{c.Erp.Id}@example.com", owner == wang ? "zh-TW" : "en");
                await w.PredictAsync(c, product, dueInDays: dueIn, withinHorizon: p);
                return c;
            }
            // Acme: 70% × usual 40 × 100 = TWD 2,800. Bolt: 90% × 10 × 500 = 4,500. Delta: 30% × 100 × 100 = 3,000.
            var acme = await DueAsync(Acme, amy, bearing, 5, 0.7);
            foreach (var days in new[] { 70, 130, 190 })
                await w.OrderAsync(acme, bearing, days, 40, 100);
            var bolt = await DueAsync(Bolt, amy, gear, 3, 0.9);
            await w.OrderAsync(bolt, gear, 65, 10, 500);
            var delta = await DueAsync(Delta, amy, bearing, 2, 0.3);
            await w.OrderAsync(delta, bearing, 65, 100, 100);
            // Cobalt's lines carry no price: 50% × 40 at list price 100 = 2,000, still in its orders' currency.
            var cobalt = await DueAsync(Cobalt, amy, bearing, 6, 0.5);
            await w.OrderAsync(cobalt, bearing, 65, 40, 0);
            var gamma = await w.CustomerAsync(Gamma, amy);
            await w.ContactAsync(gamma, "Buyer of Gamma", "gamma@example.com", "en");
            await w.OrderAsync(gamma, gear, 200, 1, 500);
            AmyDeal = (await w.DealAsync(gamma, amy, "Gamma line expansion", 20_000, 0.6, closesInDays: 20)).Id;
            for (var i = 0; i < Spare.Length; i++)
            {
                var spare = await DueAsync(Spare[i], amy, bearing, 1 + i % 7, 0.2 + i * 0.01);
                await w.OrderAsync(spare, bearing, 65, 10, 100);
            }

            // Enough small ones that the list has a second page.
            for (var i = 1; i <= Fillers; i++)
                await DueAsync($"Zulu {i:00}", amy, bearing, 1 + i % 7, 0.01 + i * 0.001);

            var taiwan = await DueAsync(Taiwan, wang, bearing, 4, 0.7);
            await w.OrderAsync(taiwan, bearing, 64, 40, 100);
            WangDeal = (await w.DealAsync(taiwan, wang, "台灣精密 擴產", 50_000, 0.5, closesInDays: 30)).Id;
        }
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReminderBuilder>().BuildAsync(Today, default);
        var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        Amy = await users.CreateOrResetAsync("amy@example.com", "Amy Lin", Roles.Rep, amyId);
        Wang = await users.CreateOrResetAsync("wang@example.com", "王大明", Roles.Rep, wangId);
        AmyToken = await App.IssueTokenAsync(Roles.Rep, amyId);
        WangToken = await App.IssueTokenAsync(Roles.Rep, wangId);
    }

    /// <summary>Sets the clock to 02:00 in Taipei on the day (the business day of today).</summary>
    public void SetToday(DateOnly day) =>
        Clock.UtcNow = new DateTimeOffset(day.ToDateTime(new TimeOnly(2, 0)), TimeSpan.FromHours(8)).ToUniversalTime();

    public async Task<Reminder> ReminderAsync(string customer)
    {
        await using var db = App.Database.CreateContext();
        return await db.Reminders.AsNoTracking().SingleAsync(r => r.CustomerName == customer);
    }

    public async Task<List<ReminderAction>> HistoryAsync(long reminderId)
    {
        await using var db = App.Database.CreateContext();
        return await db.ReminderActions.AsNoTracking().Where(a => a.ReminderId == reminderId).OrderBy(a => a.Id).ToListAsync();
    }

    public Task DisposeAsync() => App.DisposeAsync();
}
