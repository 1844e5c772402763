using Forecast.Core.Access;
using Forecast.Core.Data;
using Forecast.IntegrationTests.Infrastructure;
using Forecast.IntegrationTests.Outreach;
using Forecast.IntegrationTests.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.IntegrationTests.Pricing;

/// <summary>
/// A hand-worked pricing world on 2026-06-01 (TWD, target margin 15%, Watch +5 pts). Bearing: list 100, cost 60 until
/// 50 days ago, 80 since (raw material up), so the floor is 80 × 1.15 = 92 today and 60 × 1.15 = 69 as of 100 days ago.
/// Copper: list 100, cost 130 since 20 days ago, so its floor 149.50 is where winning is already rare and the floor binds.
/// 240 closed one-line deals on Bearing of a filler customer, priced at 80% to 115% of list and won with the known chance
/// σ(0.5 − 8 (price/list − 1)), closed 1 to 400 days ago. Amy's Acme has an open deal quoting 20 Bearings at 95 and 5 Copper
/// at 100; Amy's Slow Payer (an invoice 60 days past due) has one quoting 10 Bearings; 王大明's 台灣精密 has one of its own.
/// </summary>
public sealed class PricingWorld : IAsyncLifetime
{
    public static readonly DateOnly Today = new(2026, 6, 1);
    public const int ClosedDeals = 240;

    public MovableClock Clock { get; } = new();
    public WebApp App { get; } = new();
    public IssuedLogin Amy { get; private set; } = null!;
    public IssuedLogin Wang { get; private set; } = null!;
    public string AmyToken { get; private set; } = "";
    public long AcmeDeal { get; private set; }
    public long SlowDeal { get; private set; }
    public long WangDeal { get; private set; }
    public long BearingLine { get; private set; }
    public long CopperLine { get; private set; }
    /// <summary>Closed deals whose close date is on or before 100 days ago.</summary>
    public int ClosedByHundredDaysAgo { get; private set; }

    public async Task InitializeAsync()
    {
        Clock.UtcNow = new DateTimeOffset(Today.ToDateTime(new TimeOnly(2, 0)), TimeSpan.FromHours(8)).ToUniversalTime();
        App.UseClock(Clock);
        App.Settings["Money:HomeCurrency"] = "TWD";
        App.Settings["Pricing:TargetMargin"] = "0.15";
        App.Settings["Pricing:WatchMarginAdd"] = "0.05";
        App.Settings["Pricing:BootstrapSamples"] = "40";
        await App.InitializeAsync();

        long amyId, wangId;
        await using (var db = App.Database.CreateContext())
        {
            var w = new ReminderWorld(db, Today);
            var amy = await w.RepAsync("Amy Lin", "amy@example.com");
            var wang = await w.RepAsync("王大明", "wang@example.com");
            var filler = await w.RepAsync("Filler Rep", "filler@example.com");
            (amyId, wangId) = (amy.Id, wang.Id);
            var bearing = await w.ProductAsync("Bearing 6204", price: 100);
            bearing.UnitCost = 80;
            var copper = await w.ProductAsync("Copper bushing", price: 100);
            copper.UnitCost = 130;
            Cost(db, bearing, new DateOnly(2025, 1, 1), 60);
            Cost(db, bearing, Today.AddDays(-50), 80);
            Cost(db, copper, Today.AddDays(-20), 130);
            await db.SaveChangesAsync();

            var acme = await w.CustomerAsync("Acme Ltd", amy);
            var slow = await w.CustomerAsync("Slow Payer Co", amy);
            var taiwan = await w.CustomerAsync("台灣精密", wang);
            var history = await w.CustomerAsync("History Buyer", filler);
            await w.OrderAsync(acme, bearing, 0, 10, 100);
            await w.OverdueInvoiceAsync(slow, 5_000);

            var random = new Random(20261207);
            for (var i = 0; i < ClosedDeals; i++)
            {
                var r = 0.8 + 0.35 * random.NextDouble();
                var won = random.NextDouble() < 1 / (1 + Math.Exp(-(0.5 - 8 * (r - 1))));
                var closed = Today.AddDays(-1 - random.Next(400));
                if (closed <= Today.AddDays(-100))
                    ClosedByHundredDaysAgo++;
                db.Opportunities.Add(new Opportunity
                {
                    AccountId = history.Account.Id, OwnerRepId = filler.Id, Name = $"History {i}", Stage = won ? "Closed Won" : "Closed Lost",
                    Amount = 1000m * (decimal)r, CreatedOn = closed.AddDays(-30), ClosedOn = closed, Outcome = won ? OpportunityOutcome.Won : OpportunityOutcome.Lost,
                    SourceSystem = "crm", SourceKey = $"hist-{i}", UpdatedAt = DateTimeOffset.UtcNow,
                    Lines = [new OpportunityLine { ProductId = bearing.Id, Quantity = 10, UnitPrice = Math.Round(100m * (decimal)r, 2), SourceSystem = "crm", SourceKey = $"hist-{i}-1", UpdatedAt = DateTimeOffset.UtcNow }],
                });
            }
            await db.SaveChangesAsync();

            var acmeDeal = await w.DealAsync(acme, amy, "Acme bearings", 2400, 0.5, 20);
            var bearingLine = Line(acmeDeal, bearing, 20, 95);
            var copperLine = Line(acmeDeal, copper, 5, 100);
            var slowDeal = await w.DealAsync(slow, amy, "Slow Payer bearings", 950, 0.5, 20);
            Line(slowDeal, bearing, 10, 95);
            var wangDeal = await w.DealAsync(taiwan, wang, "台灣精密 bearings", 950, 0.5, 20);
            Line(wangDeal, bearing, 10, 95);
            await db.SaveChangesAsync();
            (AcmeDeal, SlowDeal, WangDeal, BearingLine, CopperLine) = (acmeDeal.Id, slowDeal.Id, wangDeal.Id, bearingLine.Id, copperLine.Id);
        }
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        Amy = await users.CreateOrResetAsync("amy@example.com", "Amy Lin", Roles.Rep, amyId);
        Wang = await users.CreateOrResetAsync("wang@example.com", "王大明", Roles.Rep, wangId);
        AmyToken = await App.IssueTokenAsync(Roles.Rep, amyId);
    }

    private static int _next;

    private static void Cost(ForecastDbContext db, Product product, DateOnly from, decimal cost) =>
        db.ProductCostChanges.Add(new ProductCostChange
        {
            ProductId = product.Id, EffectiveOn = from, UnitCost = cost, SourceSystem = "erp", SourceKey = $"cost-{Interlocked.Increment(ref _next)}", UpdatedAt = DateTimeOffset.UtcNow,
        });

    private static OpportunityLine Line(Opportunity deal, Product product, decimal quantity, decimal price)
    {
        var line = new OpportunityLine
        {
            ProductId = product.Id, Quantity = quantity, UnitPrice = price, SourceSystem = "crm", SourceKey = $"line-{Interlocked.Increment(ref _next)}", UpdatedAt = DateTimeOffset.UtcNow,
        };
        deal.Lines.Add(line);
        return line;
    }

    public Task DisposeAsync() => App.DisposeAsync();
}
