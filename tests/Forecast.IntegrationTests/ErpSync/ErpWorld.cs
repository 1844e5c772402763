using Forecast.Core.Customers;
using Forecast.Core.Data;
using Forecast.Core.Inventory;
using Forecast.Core.ModelStore;
using Forecast.IntegrationTests.Infrastructure;
using Forecast.IntegrationTests.Web;
using Microsoft.Extensions.Hosting;

namespace Forecast.IntegrationTests.ErpSync;

/// <summary>
/// Two reps' customers and their deals: Acme (ERP customer C001, Amy's) won o-1 three days ago with an agreed price on one
/// line and none on the other; Nova (a CRM account with no ERP customer, Bob's) won o-2 ten days ago; o-old was won before
/// the window, o-open is still open, o-empty was won without lines. A product with a suggested order in a published plan.
/// </summary>
internal static class ErpWorld
{
    public static readonly DateOnly Today = new(2026, 6, 1);

    public static MovableClock ClockAt(DateOnly day) => Outreach.CrmSync.CrmFlowWorld.ClockAt(day);

    public static IHost Host(TestDatabase database, MovableClock clock, IDictionary<string, string?>? settings = null) =>
        Outreach.CrmSync.CrmFlowWorld.Host(database, clock, settings);

    public sealed record Ids(long Amy, long Bob, long Acme, long Nova, long ProductToOrder);

    public static async Task<Ids> SeedAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var now = DateTimeOffset.UtcNow;
        T Row<T>(T row, string system, string key) where T : SourcedRow
        {
            row.SourceSystem = system;
            row.SourceKey = key;
            row.UpdatedAt = now;
            return row;
        }
        var amy = Row(new Rep { Name = "Amy Lin", Email = "amy@example.com" }, "crm", "r-amy");
        var bob = Row(new Rep { Name = "Bob Chen", Email = "bob@example.com" }, "crm", "r-bob");
        var erpAcme = Row(new ErpCustomer { Code = "C001", Name = "Acme Ltd", Country = "TW" }, "erp", "C001");
        var bearing = Row(new Product { Sku = "P-100", Name = "Bearing 6204", Unit = "PCS", ListPrice = 12.5m, Supplier = "NSK", Moq = 10, PackSize = 10 }, "erp", "P-100");
        var belt = Row(new Product { Sku = "P-200", Name = "Belt", Unit = "PCS", ListPrice = 40m }, "erp", "P-200");
        db.AddRange(amy, bob, erpAcme, bearing, belt);
        await db.SaveChangesAsync();
        var acmeAccount = Row(new CrmAccount { Name = "Acme Ltd", OwnerRepId = amy.Id, Country = "TW" }, "crm", "a-acme");
        var novaAccount = Row(new CrmAccount { Name = "諾瓦貿易股份有限公司", TaxId = "24536806", Country = "TW", Phone = "+886 2 2345 6789", OwnerRepId = bob.Id }, "crm", "a-nova");
        db.AddRange(acmeAccount, novaAccount);
        await db.SaveChangesAsync();
        db.AddRange(
            Row(new Contact { AccountId = novaAccount.Id, Name = "No language", Email = "first@nova.example" }, "crm", "c-1"),
            Row(new Contact { AccountId = novaAccount.Id, Name = "林小姐", Email = "lin@nova.example", PreferredLanguage = "zh-TW" }, "crm", "c-2"));
        var acme = new UnifiedCustomer { DisplayName = "Acme Ltd", ErpCustomerId = erpAcme.Id, OwnerRepId = amy.Id, UpdatedAt = now };
        var nova = new UnifiedCustomer { DisplayName = "諾瓦貿易", OwnerRepId = bob.Id, UpdatedAt = now };
        db.AddRange(acme, nova);
        await db.SaveChangesAsync();
        db.AddRange(
            new CustomerAccountLink { CrmAccountId = acmeAccount.Id, UnifiedCustomerId = acme.Id, Score = 1, Method = "tax-id" },
            new CustomerAccountLink { CrmAccountId = novaAccount.Id, UnifiedCustomerId = nova.Id, Score = 0, Method = "prospect" });
        Opportunity Deal(string key, CrmAccount account, Rep rep, OpportunityOutcome outcome, DateOnly? closed) =>
            Row(new Opportunity { AccountId = account.Id, OwnerRepId = rep.Id, Name = "Deal " + key, Stage = outcome.ToString(), Amount = 1000,
                CreatedOn = Today.AddDays(-200), ClosedOn = closed, Outcome = outcome }, "crm", key);
        var o1 = Deal("o-1", acmeAccount, amy, OpportunityOutcome.Won, Today.AddDays(-3));
        var o2 = Deal("o-2", novaAccount, bob, OpportunityOutcome.Won, Today.AddDays(-10));
        var old = Deal("o-old", acmeAccount, amy, OpportunityOutcome.Won, Today.AddDays(-100));
        var open = Deal("o-open", acmeAccount, amy, OpportunityOutcome.Open, null);
        db.AddRange(o1, o2, old, open, Deal("o-empty", acmeAccount, amy, OpportunityOutcome.Won, Today.AddDays(-2)));
        await db.SaveChangesAsync();
        db.AddRange(
            Row(new OpportunityLine { OpportunityId = o1.Id, ProductId = bearing.Id, Quantity = 10, UnitPrice = 11m }, "crm", "o-1/1"),
            Row(new OpportunityLine { OpportunityId = o1.Id, ProductId = belt.Id, Quantity = 2 }, "crm", "o-1/2"),
            Row(new OpportunityLine { OpportunityId = o2.Id, ProductId = bearing.Id, Quantity = 5 }, "crm", "o-2/1"),
            Row(new OpportunityLine { OpportunityId = old.Id, ProductId = bearing.Id, Quantity = 5 }, "crm", "o-old/1"),
            Row(new OpportunityLine { OpportunityId = open.Id, ProductId = bearing.Id, Quantity = 5 }, "crm", "o-open/1"));

        // A published inventory plan that suggests 120 bearings, for the purchase-proposal path.
        var run = new PredictionRun { Kind = InventoryStage.RunKind, AsOf = Today, Status = RunStatus.Succeeded, StartedAt = now, FinishedAt = now };
        db.PredictionRuns.Add(run);
        await db.SaveChangesAsync();
        db.InventoryPlans.Add(new InventoryPlan
        {
            PredictionRunId = run.Id, ProductId = bearing.Id, AsOf = Today, SuggestedOrderQuantity = 120, OrderByDate = Today.AddDays(4), LeadTimeDays = 30,
            MinimumOrderQuantity = 10, PackSize = 10, CycleServiceLevel = 0.95,
        });
        await db.SaveChangesAsync();
        return new Ids(amy.Id, bob.Id, acme.Id, nova.Id, bearing.Id);
    }
}
