using System.Text.Json;
using Forecast.Core.Data;
using Forecast.Core.Formatting;
using Forecast.Core.Customers;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.Core.Opportunities;
using Forecast.Core.Reorder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forecast.Core.CustomerView;

/// <summary>Filters and paging of the customer list.</summary>
public sealed record CustomerListFilter(string? Search = null, int Skip = 0, int Take = 50);

/// <summary>
/// One line of the customer list. <see cref="NoOrderExpected"/>: the customer has reorder predictions but none with a
/// date (every pair "not expected": probably stopped buying, or next order beyond the date horizon).
/// </summary>
public sealed record CustomerListItem(
    long Id,
    string Name,
    string? ErpCode,
    string? OwnerName,
    IReadOnlyList<CurrencyTotal> Receivables,
    int OpenOpportunities,
    DateOnly? LastOrderDate,
    DateOnly? NextPredictedOrder,
    bool NoOrderExpected = false);

/// <summary>A page of customers the caller may see, with the as-of date overdue amounts are judged on.</summary>
public sealed record CustomerList(DateOnly AsOf, int Total, IReadOnlyList<CustomerListItem> Items);

/// <summary>A CRM account linked to the customer, with how it was linked and the company's phone number (its switchboard).</summary>
public sealed record CustomerAccountView(long Id, string Key, string Name, string? OwnerName, string Method, string? Phone = null);

/// <summary>A sales order with its value (sum of its lines; returns subtract).</summary>
public sealed record CustomerOrderView(long Id, string Number, DateOnly OrderDate, SalesOrderStatus Status, int Lines, decimal Value, string? Currency);

/// <summary>An invoice not fully paid: <see cref="DaysOverdue"/> &gt; 0 once the due date is past.</summary>
public sealed record CustomerInvoiceView(string Number, DateOnly InvoiceDate, DateOnly DueDate, decimal Amount, decimal Open, int DaysOverdue, string? Currency);

/// <summary>Open receivables: everything unpaid, the part past its due date, and how late the oldest is.</summary>
public sealed record ReceivablesSummary(IReadOnlyList<CurrencyTotal> Totals, int OverdueInvoices, int OldestDaysOverdue)
{
    public bool HasOverdue => Totals.Any(t => t.Overdue > 0);
}

/// <summary>
/// Unpaid invoices of one currency. A customer billed in TWD and USD has two: adding them would be a number in no
/// currency. <see cref="Currency"/> is null for invoices the ERP exported without one.
/// </summary>
public sealed record CurrencyTotal(string? Currency, decimal Open, decimal Overdue);

/// <summary>
/// One reason behind a win probability, e.g. "won 8 of the last 10 deals with this customer" (+8 points), in English, with
/// the template and values a page translates (null on factors scored before they were kept).
/// </summary>
public sealed record WinFactorView(string Group, string Text, double Effect, string? Template = null, IReadOnlyList<string>? Args = null);

/// <summary>An open opportunity with its latest win probability and the top factors behind it.</summary>
public sealed record CustomerOpportunityView(
    long Id,
    string Name,
    string Stage,
    decimal Amount,
    string Currency,
    DateOnly? ExpectedClose,
    string? OwnerName,
    double? WinProbability,
    string? Model,
    IReadOnlyList<WinFactorView> Factors,
    IReadOnlyList<string> Products);

/// <summary>A CRM activity (call, email, meeting, visit).</summary>
public sealed record CustomerActivityView(DateOnly OccurredOn, ActivityKind Kind, string? Subject, string? RepName);

/// <summary>
/// When the customer will next order a product: the predicted date with its 50% window, and how likely within the
/// horizon. A null date is "not expected" (beyond the model's date horizon, or the pair has most likely stopped).
/// <see cref="DismissalReason"/>: the chances were lowered because a rep dismissed a reminder of the pair with this
/// reason (<c>NotBuying</c>, <c>AlreadyOrdered</c>) on <see cref="DismissalDate"/>; a rep reading the page sees why.
/// </summary>
public sealed record NextOrderView(
    long ProductId,
    string Sku,
    string ProductName,
    DateOnly? PredictedDate,
    DateOnly? From50,
    DateOnly? To50,
    double ProbabilityWithinHorizon,
    int HorizonDays,
    double TypicalCycleDays,
    decimal UsualQuantity,
    DateOnly LastOrderDate,
    int DaysSinceLastOrder,
    string? DismissalReason = null,
    DateOnly? DismissalDate = null);

/// <summary>Everything a rep wants to see before a visit, for one unified customer.</summary>
public sealed record Customer360(
    long Id,
    string Name,
    DateOnly AsOf,
    string? ErpCode,
    string? Country,
    int? PaymentTermsDays,
    decimal? CreditLimit,
    string CreditLimitCurrency,
    string? OwnerName,
    string? OwnerReason,
    IReadOnlyList<CustomerAccountView> Accounts,
    IReadOnlyList<CustomerOrderView> RecentOrders,
    ReceivablesSummary Receivables,
    IReadOnlyList<CustomerInvoiceView> OpenInvoices,
    IReadOnlyList<CustomerOpportunityView> OpenOpportunities,
    IReadOnlyList<CustomerActivityView> Activities,
    IReadOnlyList<NextOrderView> NextOrders)
{
    /// <summary>Open receivables in the credit limit's currency above the limit (a rep should collect before selling more).</summary>
    /// <summary>The people at the customer on its linked CRM accounts, with their phone numbers (reachable ones first).</summary>
    public IReadOnlyList<CustomerContactView> Contacts { get; init; } = [];

    /// <summary>Monthly units of the customer's top products over the last two years (empty for a customer not in the ERP).</summary>
    public IReadOnlyList<ProductSalesTrend> SalesTrends { get; init; } = [];

    public decimal? OverCreditLimitBy => CreditLimit is { } limit
        && Receivables.Totals.Where(t => t.Currency == CreditLimitCurrency).Sum(t => t.Open) - limit is var over && over > 0 ? over : null;
}

/// <summary>
/// The customer pages and the customer API read through here, and only through here: every query takes the caller's
/// <see cref="CustomerScope"/>, so a rep can never be shown a customer another rep owns (it is "not found").
/// Predictions come from the latest succeeded run of each kind; overdue is judged on the as-of date of the latest
/// succeeded pipeline run (the data's own "today"), or the last day with data when nothing has run.
/// </summary>
public sealed class CustomerQueries(ForecastDbContext db, BusinessCalendar calendar, IOptions<MoneyOptions> money)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Recent orders, open invoices and activities shown on the page (the API returns the same).</summary>
    public const int RecentRows = 15;

    /// <summary>Customers the scope allows, as a query (so every page and API route filters the same way).</summary>
    public IQueryable<UnifiedCustomer> Visible(CustomerScope scope)
    {
        var customers = db.UnifiedCustomers.AsNoTracking();
        return scope.OwnerRepId is { } rep ? customers.Where(c => c.OwnerRepId == rep) : customers;
    }

    /// <summary>The day overdue amounts are judged on.</summary>
    public async Task<DateOnly> AsOfAsync(CancellationToken cancellationToken)
    {
        var latest = await db.PipelineRuns.AsNoTracking().Where(r => r.Status == RunStatus.Succeeded)
            .OrderByDescending(r => r.Id).Select(r => (DateOnly?)r.AsOf).FirstOrDefaultAsync(cancellationToken);
        return latest ?? await calendar.DefaultAsOfAsync(cancellationToken);
    }

    public async Task<CustomerList> ListAsync(CustomerScope scope, CustomerListFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var asOf = await AsOfAsync(cancellationToken);
        var query = Visible(scope);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var pattern = "%" + filter.Search.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            query = query.Where(c => EF.Functions.ILike(c.DisplayName, pattern) || (c.ErpCustomer != null && EF.Functions.ILike(c.ErpCustomer.Code, pattern)));
        }
        var total = await query.CountAsync(cancellationToken);
        var page = await query.OrderBy(c => c.DisplayName).ThenBy(c => c.Id)
            .Skip(Math.Max(0, filter.Skip)).Take(Math.Clamp(filter.Take, 1, 500))
            .Select(c => new { c.Id, c.DisplayName, c.ErpCustomerId, Code = c.ErpCustomer != null ? c.ErpCustomer.Code : null, Owner = c.OwnerRep != null ? c.OwnerRep.Name : null })
            .ToListAsync(cancellationToken);

        var ids = page.Select(p => p.Id).ToList();
        var erpIds = page.Where(p => p.ErpCustomerId != null).Select(p => p.ErpCustomerId!.Value).ToList();
        var receivables = (await db.Invoices.AsNoTracking()
                .Where(i => erpIds.Contains(i.CustomerId) && i.Amount > i.PaidAmount)
                .GroupBy(i => new { i.CustomerId, i.Currency })
                .Select(g => new { g.Key.CustomerId, g.Key.Currency, Open = g.Sum(i => i.Amount - i.PaidAmount), Overdue = g.Where(i => i.DueDate < asOf).Sum(i => i.Amount - i.PaidAmount) })
                .ToListAsync(cancellationToken))
            .GroupBy(x => x.CustomerId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<CurrencyTotal>)g.OrderByDescending(x => x.Open).Select(x => new CurrencyTotal(x.Currency, x.Open, x.Overdue)).ToList());
        var lastOrders = await db.SalesOrders.AsNoTracking()
            .Where(o => erpIds.Contains(o.CustomerId) && o.Status != SalesOrderStatus.Cancelled)
            .GroupBy(o => o.CustomerId).Select(g => new { g.Key, Last = g.Max(o => o.OrderDate) })
            .ToDictionaryAsync(x => x.Key, x => x.Last, cancellationToken);
        var openOpportunities = await (
                from link in db.CustomerAccountLinks.AsNoTracking()
                join o in db.Opportunities.AsNoTracking() on link.CrmAccountId equals o.AccountId
                where ids.Contains(link.UnifiedCustomerId) && o.Outcome == OpportunityOutcome.Open
                group o by link.UnifiedCustomerId into g
                select new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var reorderRun = await LatestRunIdAsync(Reorder.ReorderModelJob.Kind, cancellationToken);
        var next = reorderRun is null ? [] : await db.ReorderPredictions.AsNoTracking()
            .Where(r => r.PredictionRunId == reorderRun && erpIds.Contains(r.CustomerId))
            .GroupBy(r => r.CustomerId)
            .Select(g => new { g.Key, Next = g.Min(r => r.PredictedDate > asOf ? r.PredictedDate : null), Dated = g.Count(r => r.PredictedDate != null) })
            .ToDictionaryAsync(x => x.Key, cancellationToken);

        var items = page.Select(p =>
        {
            var erp = p.ErpCustomerId ?? -1;
            return new CustomerListItem(p.Id, p.DisplayName, p.Code, p.Owner, receivables.GetValueOrDefault(erp) ?? [],
                openOpportunities.GetValueOrDefault(p.Id), lastOrders.TryGetValue(erp, out var last) ? last : null,
                next.TryGetValue(erp, out var n) ? n.Next : null, n is { Dated: 0 });
        }).ToList();
        return new CustomerList(asOf, total, items);
    }

    /// <summary>The customer's 360 view, or null when it does not exist or the scope does not allow it (the caller answers 404 either way).</summary>
    public async Task<Customer360?> GetAsync(CustomerScope scope, long id, CancellationToken cancellationToken)
    {
        var customer = await Visible(scope).Where(c => c.Id == id)
            .Select(c => new
            {
                c.Id, c.DisplayName, c.ErpCustomerId, c.OwnerReason, Owner = c.OwnerRep != null ? c.OwnerRep.Name : null,
                Erp = c.ErpCustomer,
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (customer is null)
            return null;
        var asOf = await AsOfAsync(cancellationToken);
        var erpId = customer.ErpCustomerId ?? -1;

        var accounts = await db.CustomerAccountLinks.AsNoTracking().Where(l => l.UnifiedCustomerId == id)
            .OrderBy(l => l.CrmAccountId)
            .Select(l => new CustomerAccountView(l.CrmAccountId, l.CrmAccount!.SourceKey, l.CrmAccount.Name,
                l.CrmAccount.OwnerRep != null ? l.CrmAccount.OwnerRep.Name : null, l.Method, l.CrmAccount.Phone))
            .ToListAsync(cancellationToken);
        var accountIds = accounts.Select(a => a.Id).ToList();

        var orders = await db.SalesOrders.AsNoTracking().Where(o => o.CustomerId == erpId)
            .OrderByDescending(o => o.OrderDate).ThenByDescending(o => o.Id).Take(RecentRows)
            .Select(o => new CustomerOrderView(o.Id, o.OrderNumber, o.OrderDate, o.Status, o.Lines.Count,
                o.Lines.Sum(l => (l.IsReturn ? -Math.Abs(l.Quantity) : l.Quantity) * l.UnitPrice), o.Currency))
            .ToListAsync(cancellationToken);

        var unpaid = db.Invoices.AsNoTracking().Where(i => i.CustomerId == erpId && i.Amount > i.PaidAmount);
        var totals = await unpaid.GroupBy(i => i.Currency).Select(g => new
        {
            Currency = g.Key,
            Open = g.Sum(i => i.Amount - i.PaidAmount),
            Overdue = g.Where(i => i.DueDate < asOf).Sum(i => i.Amount - i.PaidAmount),
            OverdueCount = g.Count(i => i.DueDate < asOf),
            OldestDue = g.Where(i => i.DueDate < asOf).Min(i => (DateOnly?)i.DueDate),
        }).ToListAsync(cancellationToken);
        var oldestDue = totals.Min(t => t.OldestDue);
        var receivables = new ReceivablesSummary(
            totals.OrderByDescending(t => t.Open).Select(t => new CurrencyTotal(t.Currency, t.Open, t.Overdue)).ToList(),
            totals.Sum(t => t.OverdueCount), oldestDue is { } oldest ? asOf.DayNumber - oldest.DayNumber : 0);
        // The customer's own currency (a credit limit is kept in it), by the rule the reminders use too.
        var customerCurrency = await CustomerCurrency.OfAsync(db, erpId, asOf, money.Value.HomeCurrency, cancellationToken);
        var invoices = (await unpaid.OrderBy(i => i.DueDate).ThenBy(i => i.InvoiceNumber).Take(RecentRows)
                .Select(i => new { i.InvoiceNumber, i.InvoiceDate, i.DueDate, i.Amount, i.PaidAmount, i.Currency })
                .ToListAsync(cancellationToken))
            .Select(i => new CustomerInvoiceView(i.InvoiceNumber, i.InvoiceDate, i.DueDate, i.Amount, i.Amount - i.PaidAmount,
                Math.Max(0, asOf.DayNumber - i.DueDate.DayNumber), i.Currency))
            .ToList();

        var opportunities = await OpenOpportunitiesAsync(accountIds, cancellationToken);

        var activities = await db.Activities.AsNoTracking().Where(a => accountIds.Contains(a.AccountId))
            .OrderByDescending(a => a.OccurredOn).ThenByDescending(a => a.Id).Take(RecentRows)
            .Select(a => new CustomerActivityView(a.OccurredOn, a.Kind, a.Subject, a.Rep != null ? a.Rep.Name : null))
            .ToListAsync(cancellationToken);

        var reorderRun = await LatestRunIdAsync(Reorder.ReorderModelJob.Kind, cancellationToken);
        var nextOrders = reorderRun is null ? [] : await db.ReorderPredictions.AsNoTracking()
            .Where(r => r.PredictionRunId == reorderRun && r.CustomerId == erpId)
            .OrderByDescending(r => r.ProbabilityWithinHorizon).ThenBy(r => r.PredictedDate).Take(RecentRows)
            .Select(r => new NextOrderView(r.ProductId, r.Product!.Sku, r.Product.Name, r.PredictedDate, r.P25Date, r.P75Date,
                r.ProbabilityWithinHorizon, r.HorizonDays, r.TypicalCycleDays, r.UsualQuantity, r.LastOrderDate, r.DaysSinceLastOrder,
                r.DismissalReason, r.DismissalDate))
            .ToListAsync(cancellationToken);

        var erp = customer.Erp;
        return new Customer360(customer.Id, customer.DisplayName, asOf, erp?.Code, erp?.Country, erp?.PaymentTermsDays, erp?.CreditLimit, customerCurrency,
            customer.Owner, customer.OwnerReason, accounts, orders, receivables, invoices, opportunities, activities, nextOrders)
        {
            Contacts = await CustomerContacts.ForAccountsAsync(db, accountIds, cancellationToken),
            SalesTrends = customer.ErpCustomerId is { } erpCustomer ? await SalesTrends.ForCustomerAsync(db, erpCustomer, asOf, cancellationToken) : [],
        };
    }

    private async Task<List<CustomerOpportunityView>> OpenOpportunitiesAsync(List<long> accountIds, CancellationToken cancellationToken)
    {
        var open = await db.Opportunities.AsNoTracking()
            .Where(o => accountIds.Contains(o.AccountId) && o.Outcome == OpportunityOutcome.Open)
            .OrderBy(o => o.ExpectedClose == null).ThenBy(o => o.ExpectedClose).ThenBy(o => o.Id)
            .Select(o => new
            {
                o.Id, o.Name, o.Stage, o.Amount, o.ExpectedClose, Owner = o.OwnerRep != null ? o.OwnerRep.Name : null,
                Products = o.Lines.OrderBy(l => l.Id).Select(l => l.Product!.Sku).ToList(),
            })
            .ToListAsync(cancellationToken);
        var ids = open.Select(o => o.Id).ToList();
        var winRun = await LatestRunIdAsync(WinProbabilityJob.Kind, cancellationToken);
        var scores = winRun is null ? [] : await db.OpportunityScores.AsNoTracking()
            .Where(s => s.RunId == winRun && ids.Contains(s.OpportunityId))
            .ToDictionaryAsync(s => s.OpportunityId, cancellationToken);
        return open.Select(o =>
        {
            var score = scores.GetValueOrDefault(o.Id);
            return new CustomerOpportunityView(o.Id, o.Name, o.Stage, o.Amount, money.Value.HomeCurrency, o.ExpectedClose, o.Owner,
                score?.Probability, score?.Model, score is null ? [] : Factors(score.FactorsJson), o.Products);
        }).ToList();
    }

    internal static List<WinFactorView> Factors(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<List<WinFactorView>>(json, Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private Task<long?> LatestRunIdAsync(string kind, CancellationToken cancellationToken) =>
        PredictionRuns.LatestSucceeded(db, kind, null).Select(r => (long?)r.Id).FirstOrDefaultAsync(cancellationToken);
}
