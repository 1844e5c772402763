using Forecast.Core.Customers;
using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forecast.Core.ErpSync;

/// <summary>
/// A won deal and the ERP order that came back for it (an order whose external reference is the deal's
/// <c>CRM-OPP-{key}</c>); <see cref="DaysToOrder"/> is the conversion time from the win to the ERP's order date.
/// </summary>
public sealed record WonDealOrder(
    long DealId, string DealKey, string DealName, long CustomerId, string CustomerName, DateOnly WonOn, decimal Amount, string Reference,
    bool DocumentWritten, string? OrderNumber, DateOnly? OrderDate, int? DaysToOrder, int DaysSinceWon);

/// <summary>
/// Won deals of the window (<see cref="ErpDocumentOptions.WonWithinDays"/>) as of <see cref="AsOf"/>: those the ERP has an
/// order for, with the median days from win to order, and those won at least <see cref="NotOrderedAfterDays"/> days ago
/// with no order yet (won-not-ordered), oldest first. Deal amounts are in <see cref="Currency"/>, the home currency (the CRM keeps none).
/// </summary>
public sealed record DealOrderReport(
    DateOnly AsOf, int NotOrderedAfterDays, string Currency, double? MedianDaysToOrder, IReadOnlyList<WonDealOrder> Ordered, IReadOnlyList<WonDealOrder> WonNotOrdered);

/// <summary>Links won deals to the ERP orders that carry their reference, within a rep's scope.</summary>
public sealed class DealOrders(ForecastDbContext db, BusinessCalendar calendar, IOptions<ErpDocumentOptions> options, IOptions<Formatting.MoneyOptions> money)
{
    public async Task<DealOrderReport> ReportAsync(CustomerScope scope, DateOnly? asOf, CancellationToken cancellationToken)
    {
        var day = await calendar.ResolveAsOfAsync(asOf, cancellationToken);
        var o = options.Value;
        var since = day.AddDays(-o.WonWithinDays);
        var customers = db.UnifiedCustomers.AsNoTracking().Where(c => scope.OwnerRepId == null || c.OwnerRepId == scope.OwnerRepId);
        var deals = await (
                from link in db.CustomerAccountLinks.AsNoTracking()
                join customer in customers on link.UnifiedCustomerId equals customer.Id
                join deal in db.Opportunities.AsNoTracking() on link.CrmAccountId equals deal.AccountId
                let wonOn = deal.ClosedOn ?? deal.ExpectedClose ?? deal.CreatedOn
                where deal.Outcome == OpportunityOutcome.Won && wonOn >= since && wonOn <= day
                select new { deal.Id, deal.SourceKey, deal.Name, CustomerId = customer.Id, customer.DisplayName, WonOn = wonOn, deal.Amount })
            .ToListAsync(cancellationToken);
        var references = deals.Select(d => WonDealConversion.OrderReferenceOf(d.SourceKey)).Distinct().ToList();
        // The first order the ERP entered for a reference is the conversion; an order dated after the as-of day is not known yet.
        var orders = (await db.SalesOrders.AsNoTracking().Where(s => s.ExternalReference != null && references.Contains(s.ExternalReference) && s.OrderDate <= day)
                .Select(s => new { s.ExternalReference, s.OrderNumber, s.OrderDate }).ToListAsync(cancellationToken))
            .GroupBy(s => s.ExternalReference!).ToDictionary(g => g.Key, g => g.OrderBy(s => s.OrderDate).ThenBy(s => s.OrderNumber, StringComparer.Ordinal).First());
        var documents = (await db.Set<ErpDocument>().AsNoTracking().Where(d => d.Kind == ErpDocumentKinds.SalesOrder && references.Contains(d.Key))
            .Select(d => d.Key).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var rows = deals.Select(d =>
        {
            var reference = WonDealConversion.OrderReferenceOf(d.SourceKey);
            var order = orders.GetValueOrDefault(reference);
            return new WonDealOrder(d.Id, d.SourceKey, d.Name, d.CustomerId, d.DisplayName, d.WonOn, d.Amount, reference, documents.Contains(reference),
                order?.OrderNumber, order?.OrderDate, order is null ? null : Math.Max(0, order.OrderDate.DayNumber - d.WonOn.DayNumber), day.DayNumber - d.WonOn.DayNumber);
        }).ToList();
        var ordered = rows.Where(r => r.OrderNumber is not null).OrderByDescending(r => r.OrderDate).ThenBy(r => r.DealId).ToList();
        var notOrdered = rows.Where(r => r.OrderNumber is null && r.DaysSinceWon >= o.NotOrderedAfterDays).OrderBy(r => r.WonOn).ThenBy(r => r.DealId).ToList();
        return new DealOrderReport(day, o.NotOrderedAfterDays, money.Value.HomeCurrency, Median(ordered.Select(r => r.DaysToOrder!.Value).ToList()), ordered, notOrdered);
    }

    private static double? Median(List<int> values)
    {
        if (values.Count == 0)
            return null;
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2.0;
    }
}
