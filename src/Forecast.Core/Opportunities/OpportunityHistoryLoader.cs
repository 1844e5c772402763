using System.Globalization;
using Forecast.Core.Data;
using Forecast.Modeling.WinRates;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.Opportunities;

/// <summary>
/// Reads what the win-probability model needs as of a day, straight from the database: CRM opportunities,
/// stage observations, activities and, for accounts linked to an ERP customer through customer unification,
/// that customer's orders and open invoices. Customers are keyed by unified customer where linked
/// (<c>u:{id}</c>, so several CRM accounts of one company share their history) and by CRM account otherwise
/// (<c>a:{id}</c>). Nothing dated after the as-of day is read.
/// </summary>
internal static class OpportunityHistoryLoader
{
    /// <param name="Data">What the model reads.</param>
    /// <param name="Opportunities">The opportunities by id, with their lines and products.</param>
    /// <param name="RecentPurchases">(customer key, product id) pairs ordered in the 365 days up to the as-of day.</param>
    public sealed record Loaded(DealHistoryData Data, IReadOnlyDictionary<long, Opportunity> Opportunities, IReadOnlySet<(string Customer, long ProductId)> RecentPurchases);

    public static async Task<Loaded> LoadAsync(ForecastDbContext db, DateOnly asOf, CancellationToken cancellationToken)
    {
        var links = await db.CustomerAccountLinks.AsNoTracking()
            .Select(l => new { l.CrmAccountId, l.UnifiedCustomerId, l.UnifiedCustomer!.ErpCustomerId })
            .ToListAsync(cancellationToken);
        var unifiedOfAccount = links.ToDictionary(l => l.CrmAccountId, l => l.UnifiedCustomerId);
        var unifiedOfErp = links.Where(l => l.ErpCustomerId is not null)
            .GroupBy(l => l.ErpCustomerId!.Value).ToDictionary(g => g.Key, g => g.First().UnifiedCustomerId);
        string AccountKey(long accountId) => unifiedOfAccount.TryGetValue(accountId, out var u)
            ? string.Create(CultureInfo.InvariantCulture, $"u:{u}")
            : string.Create(CultureInfo.InvariantCulture, $"a:{accountId}");

        var teams = await db.Reps.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Team, cancellationToken);
        var accounts = await db.CrmAccounts.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Country, cancellationToken);
        var opportunities = await db.Opportunities.AsNoTracking()
            .Where(o => o.CreatedOn <= asOf)
            .Include(o => o.Lines).ThenInclude(l => l.Product)
            .ToListAsync(cancellationToken);

        var deals = opportunities.Select(o => new Deal(Key(o.Id), o.CreatedOn)
        {
            AccountKey = AccountKey(o.AccountId),
            RepKey = o.OwnerRepId?.ToString(CultureInfo.InvariantCulture),
            TeamKey = o.OwnerRepId is { } rep ? teams.GetValueOrDefault(rep) : null,
            // A deal closed after the as-of day was open then: DealHistory only reads outcomes closed by the day.
            Outcome = o.Outcome switch
            {
                OpportunityOutcome.Won => DealOutcome.Won,
                OpportunityOutcome.Lost => DealOutcome.Lost,
                _ => DealOutcome.Open,
            },
            ClosedOn = o.Outcome == OpportunityOutcome.Open ? null : o.ClosedOn,
            // The CRM keeps the amount of lost deals (it is not a close value), so it is known while open.
            Amount = (double)o.Amount,
            ProductFamily = o.Lines.OrderByDescending(l => l.Quantity * (l.UnitPrice ?? 1)).Select(l => l.Product?.Family).FirstOrDefault(f => f is not null),
            LeadSource = o.LeadSource,
            Attributes = accounts.GetValueOrDefault(o.AccountId) is { } country ? new Dictionary<string, string> { ["country"] = country } : null,
        }).ToList();

        var observations = await db.OpportunityObservations.AsNoTracking()
            .Where(o => o.ObservedOn <= asOf)
            .Select(o => new { o.OpportunityId, o.ObservedOn, o.Stage, o.ExpectedClose })
            .ToListAsync(cancellationToken);
        var activities = await db.Activities.AsNoTracking()
            .Where(a => a.OccurredOn <= asOf)
            .Select(a => new { a.AccountId, a.OccurredOn, a.Kind })
            .ToListAsync(cancellationToken);

        var erpIds = unifiedOfErp.Keys.ToArray();
        var orders = await db.SalesOrders.AsNoTracking()
            .Where(o => erpIds.Contains(o.CustomerId) && o.OrderDate <= asOf && o.Status != SalesOrderStatus.Cancelled)
            .Select(o => new { o.CustomerId, o.OrderDate, Total = o.Lines.Sum(l => l.Quantity * l.UnitPrice) })
            .ToListAsync(cancellationToken);
        var invoices = await db.Invoices.AsNoTracking()
            .Where(i => erpIds.Contains(i.CustomerId) && i.InvoiceDate <= asOf && i.Amount > i.PaidAmount)
            .Select(i => new { i.CustomerId, i.InvoiceDate, i.DueDate, Open = i.Amount - i.PaidAmount })
            .ToListAsync(cancellationToken);

        var yearAgo = asOf.AddDays(-365);
        var purchases = await db.SalesOrderLines.AsNoTracking()
            .Where(l => erpIds.Contains(l.SalesOrder!.CustomerId) && l.SalesOrder.OrderDate > yearAgo && l.SalesOrder.OrderDate <= asOf
                && l.SalesOrder.Status != SalesOrderStatus.Cancelled && !l.IsReturn)
            .Select(l => new { l.SalesOrder!.CustomerId, l.ProductId })
            .Distinct()
            .ToListAsync(cancellationToken);

        string ErpKey(long customerId) => string.Create(CultureInfo.InvariantCulture, $"u:{unifiedOfErp[customerId]}");
        var data = new DealHistoryData
        {
            Deals = deals,
            Observations = observations.Select(o => new DealObservation(Key(o.OpportunityId), o.ObservedOn, o.Stage, o.ExpectedClose)).ToList(),
            Activities = activities.Select(a => new SalesActivity(AccountKey(a.AccountId), a.OccurredOn, a.Kind.ToString())).ToList(),
            Orders = orders.Select(o => new CustomerOrder(ErpKey(o.CustomerId), o.OrderDate, (double)o.Total)).ToList(),
            Receivables = invoices.Select(i => new Receivable(ErpKey(i.CustomerId), i.InvoiceDate, i.DueDate, (double)i.Open)).ToList(),
            ErpLinkedAccounts = unifiedOfErp.Values.Select(u => string.Create(CultureInfo.InvariantCulture, $"u:{u}")).ToHashSet(StringComparer.Ordinal),
        };
        return new Loaded(data, opportunities.ToDictionary(o => o.Id), purchases.Select(p => (ErpKey(p.CustomerId), p.ProductId)).ToHashSet());
    }

    public static string Key(long opportunityId) => opportunityId.ToString(CultureInfo.InvariantCulture);
}
