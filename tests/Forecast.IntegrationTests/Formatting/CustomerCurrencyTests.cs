using Forecast.Core.Customers;
using Forecast.Core.CustomerView;
using Forecast.Core.Data;
using Forecast.Core.Formatting;
using Forecast.Core.Outreach.Drafting;
using Forecast.Core.Outreach.Reminders;
using Forecast.IntegrationTests.Infrastructure;
using Forecast.IntegrationTests.Outreach;
using Forecast.IntegrationTests.Outreach.CrmSync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.IntegrationTests.Formatting;

/// <summary>
/// One rule for the customer's currency (issue 14): the most recent invoice's, else the most recent order's, else
/// Money:HomeCurrency (TWD here), as of the business date. The reminders used to take the most common order currency
/// and the customer 360 the latest invoice's: on a customer where those differ both now say the same.
/// </summary>
public sealed class CustomerCurrencyTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DateOnly Today = CrmFlowWorld.Today;

    public Task InitializeAsync() => database.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static void Invoice(ForecastDbContext db, ReminderWorld.Customer customer, string number, int daysAgo, string? currency) =>
        db.Invoices.Add(new Invoice
        {
            InvoiceNumber = number, CustomerId = customer.Erp.Id, InvoiceDate = Today.AddDays(-daysAgo), DueDate = Today.AddDays(30 - daysAgo),
            Amount = 100, PaidAmount = 100, Currency = currency, SourceSystem = "erp", SourceKey = number, UpdatedAt = DateTimeOffset.UtcNow,
        });

    [Fact]
    public async Task RemindersAndCustomer360_TakeTheLatestInvoicesCurrency_WhereMostOrdersAreInAnother()
    {
        var clock = CrmFlowWorld.ClockAt(Today);
        using var host = CrmFlowWorld.Host(database, clock);
        ReminderWorld.Customer acme;
        await using (var db = database.CreateContext())
        {
            var w = new ReminderWorld(db, Today);
            var amy = await w.RepAsync("Amy Lin", "amy@example.com");
            var bearing = await w.ProductAsync("Bearing 6204");
            acme = await w.CustomerAsync("Acme Ltd", amy);
            await w.ContactAsync(acme, "Jane Doe", "jane@acme.example", "en");
            await w.PredictAsync(acme, bearing, dueInDays: 5);
            // Three orders in USD, the latest one in EUR, and the latest invoice in JPY: the old reminder rule said USD,
            // the old 360 rule JPY.
            await w.OrderAsync(acme, bearing, 120, 40, 10, "USD");
            await w.OrderAsync(acme, bearing, 90, 40, 10, "USD");
            await w.OrderAsync(acme, bearing, 60, 40, 10, "USD");
            await w.OrderAsync(acme, bearing, 30, 40, 10, "EUR");
            Invoice(db, acme, "INV-OLD", 50, "USD");
            Invoice(db, acme, "INV-NEW", 20, " jpy ");
            await db.SaveChangesAsync();
        }

        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReminderBuilder>().BuildAsync(Today, default);
        var view = await scope.ServiceProvider.GetRequiredService<CustomerQueries>().GetAsync(CustomerScope.All, acme.Unified.Id, default);

        await using var check = database.CreateContext();
        var reminder = await check.Reminders.AsNoTracking().SingleAsync(r => r.Kind == ReminderKind.ReorderDue);
        Assert.Equal("JPY", reminder.Currency);
        Assert.Equal("JPY", view!.CreditLimitCurrency);
    }

    [Fact]
    public async Task OfAsync_FallsBackToTheLatestOrder_ThenToTheHomeCurrency_AndIgnoresWhatTheAsOfDayDidNotKnow()
    {
        ReminderWorld.Customer ordersOnly, nothing, lateInvoice, blankInvoice;
        await using (var db = database.CreateContext())
        {
            var w = new ReminderWorld(db, Today);
            var bearing = await w.ProductAsync("Bearing 6204");
            ordersOnly = await w.CustomerAsync("Orders Only", null);
            nothing = await w.CustomerAsync("Nothing Yet", null);
            lateInvoice = await w.CustomerAsync("Late Invoice", null);
            blankInvoice = await w.CustomerAsync("Blank Invoice", null);
            await w.OrderAsync(ordersOnly, bearing, 90, 1, 1, "USD");
            await w.OrderAsync(ordersOnly, bearing, 60, 1, 1, "USD");
            await w.OrderAsync(ordersOnly, bearing, 10, 1, 1, "EUR");
            await w.OrderAsync(lateInvoice, bearing, 10, 1, 1, "USD");
            Invoice(db, lateInvoice, "INV-FUTURE", -3, "EUR");
            await w.OrderAsync(blankInvoice, bearing, 10, 1, 1, "USD");
            Invoice(db, blankInvoice, "INV-BLANK", 2, "  ");
            await db.SaveChangesAsync();
        }

        await using var check = database.CreateContext();
        var currencies = await CustomerCurrency.OfAsync(check, [ordersOnly.Erp.Id, nothing.Erp.Id, lateInvoice.Erp.Id, blankInvoice.Erp.Id], Today, "TWD", default);

        Assert.Equal("EUR", currencies[ordersOnly.Erp.Id]);
        Assert.Equal("TWD", currencies[nothing.Erp.Id]);
        Assert.Equal("USD", currencies[lateInvoice.Erp.Id]);
        Assert.Equal("USD", currencies[blankInvoice.Erp.Id]);
    }
}
