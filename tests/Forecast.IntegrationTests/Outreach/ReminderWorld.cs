using Forecast.Core.Customers;
using Forecast.Core.Data;
using Forecast.Core.ModelStore;
using Forecast.Core.Reorder;

namespace Forecast.IntegrationTests.Outreach;

/// <summary>
/// A small hand-made world for reminder tests: reps, customers (ERP + CRM, unified), contacts, and one reorder prediction
/// run written directly (the reminder rules read predictions; how they are made is tested elsewhere).
/// </summary>
internal sealed class ReminderWorld(ForecastDbContext db, DateOnly asOf)
{
    private int _next;
    private PredictionRun? _run;
    private PredictionRun? _winRun;

    public DateOnly AsOf => asOf;

    public async Task<Rep> RepAsync(string name, string email, string? team = null)
    {
        var rep = new Rep { Name = name, Email = email, Team = team, SourceSystem = "crm", SourceKey = $"rep-{++_next}", UpdatedAt = DateTimeOffset.UtcNow };
        db.Reps.Add(rep);
        await db.SaveChangesAsync();
        return rep;
    }

    public async Task<Product> ProductAsync(string name, int leadTimeDays = 14, decimal price = 100)
    {
        var product = new Product
        {
            Sku = $"SKU-{++_next}", Name = name, Unit = "pcs", LeadTimeDays = leadTimeDays, ListPrice = price,
            SourceSystem = "erp", SourceKey = $"p-{_next}", UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.Products.Add(product);
        await db.SaveChangesAsync();
        return product;
    }

    /// <summary>A unified customer with its ERP customer and one CRM account; contacts are added with <see cref="ContactAsync"/>.</summary>
    public async Task<Customer> CustomerAsync(string name, Rep? owner)
    {
        var n = ++_next;
        var erp = new ErpCustomer { Code = $"C{n}", Name = name, SourceSystem = "erp", SourceKey = $"c-{n}", UpdatedAt = DateTimeOffset.UtcNow };
        var account = new CrmAccount { Name = name, OwnerRepId = owner?.Id, SourceSystem = "crm", SourceKey = $"a-{n}", UpdatedAt = DateTimeOffset.UtcNow };
        db.ErpCustomers.Add(erp);
        db.CrmAccounts.Add(account);
        await db.SaveChangesAsync();
        var unified = new UnifiedCustomer { DisplayName = name, ErpCustomerId = erp.Id, OwnerRepId = owner?.Id, UpdatedAt = DateTimeOffset.UtcNow };
        db.UnifiedCustomers.Add(unified);
        await db.SaveChangesAsync();
        db.CustomerAccountLinks.Add(new CustomerAccountLink { CrmAccountId = account.Id, UnifiedCustomerId = unified.Id, Score = 1, Method = "tax-id" });
        await db.SaveChangesAsync();
        return new Customer(unified, erp, account);
    }

    public async Task<Contact> ContactAsync(Customer customer, string name, string? email, string? language, bool optedOut = false)
    {
        var contact = new Contact
        {
            AccountId = customer.Account.Id, Name = name, Email = email, PreferredLanguage = language, OptedOut = optedOut,
            SourceSystem = "crm", SourceKey = $"ct-{++_next}", UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.Contacts.Add(contact);
        await db.SaveChangesAsync();
        return contact;
    }

    /// <summary>A prediction that the customer orders the product again in <paramref name="dueInDays"/> days (reorder due when inside the notice window).</summary>
    public Task PredictAsync(Customer customer, Product product, int dueInDays, int cycleDays = 60, double customerActive = 0.95, double withinHorizon = 0.7) =>
        PredictAsync(customer, product, asOf.AddDays(dueInDays - cycleDays), cycleDays, customerActive, withinHorizon);

    public async Task PredictAsync(Customer customer, Product product, DateOnly lastOrder, int cycleDays, double customerActive, double withinHorizon = 0.7)
    {
        _run ??= await RunAsync(ReorderModelJob.Kind);
        db.ReorderPredictions.Add(new ReorderPrediction
        {
            PredictionRunId = _run.Id, AsOf = asOf, CustomerId = customer.Erp.Id, ProductId = product.Id, LastOrderDate = lastOrder, OrderCount = 6,
            DaysSinceLastOrder = asOf.DayNumber - lastOrder.DayNumber, MeanGapDays = cycleDays, MedianGapDays = cycleDays, TypicalCycleDays = cycleDays,
            PredictedDate = lastOrder.AddDays(cycleDays), P10Date = lastOrder.AddDays(cycleDays - 10), P25Date = lastOrder.AddDays(cycleDays - 5),
            P75Date = lastOrder.AddDays(cycleDays + 5), P90Date = lastOrder.AddDays(cycleDays + 10), CycleP90Date = lastOrder.AddDays(cycleDays + 15),
            HorizonDays = 30, ProbabilityWithinHorizon = withinHorizon, ProbabilityCustomerActive = customerActive, ProbabilityProductActive = 0.95,
            ProbabilityPairActive = 0.9, ExpectedQuantity = 40, UsualQuantity = 40,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>An ERP order of one line, days before the as-of date.</summary>
    public async Task OrderAsync(Customer customer, Product product, int daysAgo, decimal quantity, decimal unitPrice, string currency = "TWD")
    {
        var n = ++_next;
        var order = new SalesOrder
        {
            OrderNumber = $"SO-{n}", CustomerId = customer.Erp.Id, OrderDate = asOf.AddDays(-daysAgo), Status = SalesOrderStatus.Invoiced, Currency = currency,
            SourceSystem = "erp", SourceKey = $"so-{n}", UpdatedAt = DateTimeOffset.UtcNow,
        };
        order.Lines.Add(new SalesOrderLine
        {
            LineNumber = 1, ProductId = product.Id, Quantity = quantity, UnitPrice = unitPrice, SourceSystem = "erp", SourceKey = $"so-{n}-1", UpdatedAt = DateTimeOffset.UtcNow,
        });
        db.SalesOrders.Add(order);
        await db.SaveChangesAsync();
    }

    /// <summary>An open deal on the customer's CRM account, created 60 days ago and never touched since, scored by a win-probability run.</summary>
    public async Task<Opportunity> DealAsync(Customer customer, Rep owner, string name, decimal amount, double winProbability, int closesInDays)
    {
        var n = ++_next;
        var deal = new Opportunity
        {
            AccountId = customer.Account.Id, OwnerRepId = owner.Id, Name = name, Stage = "Proposal", Amount = amount, CreatedOn = asOf.AddDays(-60),
            ExpectedClose = asOf.AddDays(closesInDays), Outcome = OpportunityOutcome.Open, SourceSystem = "crm", SourceKey = $"o-{n}", UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.Opportunities.Add(deal);
        _winRun ??= await RunAsync(Forecast.Core.Opportunities.WinProbabilityJob.Kind);
        await db.SaveChangesAsync();
        db.OpportunityScores.Add(new Forecast.Core.Opportunities.OpportunityScore
        {
            OpportunityId = deal.Id, RunId = _winRun.Id, AsOf = asOf, Probability = winProbability, Model = "low-data", LowDataProbability = winProbability,
            FactorsJson = """[{"group":"account","text":"won 3 of the last 4 deals with this customer","effect":0.12}]""",
            FactorsText = "+12 pts: won 3 of the last 4 deals with this customer",
        });
        await db.SaveChangesAsync();
        return deal;
    }

    public async Task OverdueInvoiceAsync(Customer customer, decimal amount)
    {
        db.Invoices.Add(new Invoice
        {
            InvoiceNumber = $"INV-{++_next}", CustomerId = customer.Erp.Id, InvoiceDate = asOf.AddDays(-90), DueDate = asOf.AddDays(-60),
            Amount = amount, PaidAmount = 0, Currency = "TWD", SourceSystem = "erp", SourceKey = $"i-{_next}", UpdatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Two reps, each owning one customer due to reorder a bearing: Amy's Acme Ltd (English contact, due in 5 days) and
    /// 王大明's 台灣精密 (Traditional Chinese contact, due in 4).
    /// </summary>
    public async Task<(Rep Amy, Rep Wang)> TwoRepsWithReordersDueAsync(string? amyTeam = null, string? wangTeam = null)
    {
        var amy = await RepAsync("Amy Lin", "amy@example.com", amyTeam);
        var wang = await RepAsync("王大明", "wang@example.com", wangTeam);
        var bearing = await ProductAsync("Bearing 6204");
        var acme = await CustomerAsync("Acme Ltd", amy);
        await ContactAsync(acme, "Jane Doe", "jane@acme.example", "en");
        await PredictAsync(acme, bearing, dueInDays: 5);
        var taiwan = await CustomerAsync("台灣精密", wang);
        await ContactAsync(taiwan, "陳小姐", "chen@tw.example", "zh-TW");
        await PredictAsync(taiwan, bearing, dueInDays: 4);
        return (amy, wang);
    }

    private async Task<PredictionRun> RunAsync(string kind)
    {
        var run = new PredictionRun { Kind = kind, AsOf = asOf, StartedAt = DateTimeOffset.UtcNow, FinishedAt = DateTimeOffset.UtcNow, Status = RunStatus.Succeeded };
        db.PredictionRuns.Add(run);
        await db.SaveChangesAsync();
        return run;
    }

    public sealed record Customer(UnifiedCustomer Unified, ErpCustomer Erp, CrmAccount Account);
}
