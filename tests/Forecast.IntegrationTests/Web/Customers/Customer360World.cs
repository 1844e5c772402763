using Forecast.Core.Access;
using Forecast.Core.Data;
using Forecast.Core.Opportunities;
using Forecast.Modeling.WinRates;
using Forecast.IntegrationTests.Infrastructure;
using Forecast.IntegrationTests.Outreach;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.IntegrationTests.Web.Customers;

/// <summary>
/// The web app over one customer of Amy's with everything the 360 shows beyond money: an account phone, contacts (one
/// opted out, one with an extension), two years of orders of two products whose monthly figures the tests know, a
/// cancelled order and a return that must not count; and a customer of 王大明's. The data reach <see cref="AsOf"/>.
/// </summary>
public sealed class Customer360World : IAsyncLifetime
{
    public static readonly DateOnly AsOf = new(2026, 6, 1);
    public const string AccountPhone = "+886 (2) 2345-6789";
    public static readonly DateOnly DismissedOn = new(2026, 5, 20);

    public WebApp App { get; } = new();
    public IssuedLogin Amy { get; private set; } = null!;
    public string AmyToken { get; private set; } = "";
    public string WangToken { get; private set; } = "";
    public long Acme { get; private set; }
    public long Taiwan { get; private set; }
    public long Buyer { get; private set; }
    public long OptedOut { get; private set; }
    public long Bearing { get; private set; }
    public long Gear { get; private set; }
    public long Deal { get; private set; }

    /// <summary>Bearings per month, oldest first (2024-07 … 2026-06): 10 a month in the first year, 20 in the second, then 40, 0, 35.</summary>
    public static readonly decimal[] BearingMonthly = [.. Enumerable.Repeat(10m, 12), .. Enumerable.Repeat(20m, 9), 40m, 0m, 35m];

    /// <summary>Gears: 8 a month in the first year, 2 in every other month of the second.</summary>
    public static readonly decimal[] GearMonthly = [.. Enumerable.Repeat(8m, 12), .. Enumerable.Range(0, 12).Select(i => i % 2 == 0 ? 2m : 0m)];

    /// <summary>What the win-probability stage knew of the deal.</summary>
    public static readonly DealFeatures DealFacts = new()
    {
        DealId = "acme", AccountRecent = new WinCount(3, 4), DaysSinceLastActivity = 45,
        RecentActivities = new Dictionary<string, int> { ["Call"] = 3, ["Meeting"] = 1 },
    };

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        long amyId, wangId;
        await using (var db = App.Database.CreateContext())
        {
            var w = new ReminderWorld(db, AsOf);
            var amy = await w.RepAsync("Amy Lin", "amy@example.com", "Export");
            var wang = await w.RepAsync("王大明", "wang@example.com", "Taiwan");
            (amyId, wangId) = (amy.Id, wang.Id);
            var bearing = await w.ProductAsync("Bearing 6204", price: 100);
            var gear = await w.ProductAsync("Gear 40T", price: 50);
            (Bearing, Gear) = (bearing.Id, gear.Id);

            var acme = await w.CustomerAsync("Acme Ltd", amy);
            Acme = acme.Unified.Id;
            acme.Account.Phone = AccountPhone;
            Buyer = (await w.ContactAsync(acme, "Chen Mei-ling", "mei@acme.example", "zh-TW")).Id;
            OptedOut = (await w.ContactAsync(acme, "Bob Quiet", "bob@acme.example", "en", optedOut: true)).Id;
            var withPhone = await db.Contacts.FindAsync(Buyer);
            withPhone!.Phone = "02-2345-6789 ext. 12";
            await db.SaveChangesAsync();

            var first = new DateOnly(2024, 7, 1);
            for (var m = 0; m < 24; m++)
            {
                // Mid-month, but the as-of month's order on the as-of day (the data reach it).
                var day = m == 23 ? AsOf : first.AddMonths(m).AddDays(14);
                if (BearingMonthly[m] > 0)
                    await w.OrderAsync(acme, bearing, AsOf.DayNumber - day.DayNumber, BearingMonthly[m], 100);
                if (GearMonthly[m] > 0)
                    await w.OrderAsync(acme, gear, AsOf.DayNumber - day.AddDays(1).DayNumber, GearMonthly[m], 50);
            }
            // Neither a cancelled order nor a return changes what the customer asked for in May.
            await w.OrderAsync(acme, bearing, 10, 1000, 100);
            await w.OrderAsync(acme, bearing, 9, -5, 100);
            var cancelled = db.SalesOrders.Local.Single(o => o.Lines.Any(l => l.Quantity == 1000));
            cancelled.Status = SalesOrderStatus.Cancelled;
            db.SalesOrders.Local.Single(o => o.Lines.Any(l => l.Quantity == -5)).Lines[0].IsReturn = true;
            await db.SaveChangesAsync();
            // The reorder stage's view: bearings as usual; gears lowered after Amy dismissed a reminder as "not buying".
            await w.PredictAsync(acme, bearing, dueInDays: 10);
            await w.PredictAsync(acme, gear, dueInDays: 20, withinHorizon: 0.2);
            var gearPrediction = await db.ReorderPredictions.SingleAsync(r => r.ProductId == gear.Id);
            (gearPrediction.DismissalReason, gearPrediction.DismissalDate) = ("NotBuying", DismissedOn);
            await db.SaveChangesAsync();
            Deal = (await w.DealAsync(acme, amy, "Acme gearbox line", 20_000, 0.6, closesInDays: 20)).Id;
            // Factors as the win-probability stage writes them (FactorText's sentences and templates).
            var score = await db.OpportunityScores.SingleAsync(s => s.OpportunityId == Deal);
            score.FactorsJson = OpportunityScore.SerializeFactors(
            [
                FactorText.Factor("account", DealFacts, 0.12), FactorText.Factor("activity-volume", DealFacts, 0.05), FactorText.Factor("activity-recency", DealFacts, -0.04),
            ]);
            await db.SaveChangesAsync();

            var taiwan = await w.CustomerAsync("台灣精密", wang);
            Taiwan = taiwan.Unified.Id;
            await w.ContactAsync(taiwan, "陳小姐", "chen@tw.example", "zh-TW");
            await w.OrderAsync(taiwan, bearing, 30, 5, 100);
        }
        await using var scope = App.Services.CreateAsyncScope();
        Amy = await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateOrResetAsync("amy@example.com", "Amy Lin", Roles.Rep, amyId);
        AmyToken = await App.IssueTokenAsync(Roles.Rep, amyId);
        WangToken = await App.IssueTokenAsync(Roles.Rep, wangId);
    }

    public Task DisposeAsync() => App.DisposeAsync();
}
