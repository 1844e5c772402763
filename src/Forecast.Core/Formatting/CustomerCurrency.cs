using Forecast.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.Formatting;

/// <summary>
/// The one rule for "the customer's currency" (issue 14), used by the customer 360 (its credit limit) and the
/// reminders (the value a rep is shown): the currency of the customer's most recent invoice, else of its most recent
/// order, else <see cref="MoneyOptions.HomeCurrency"/>. Invoices come first because they are what the customer is
/// billed and owes in; an order can be quoted in another currency and re-invoiced. Only documents dated on or before
/// the as-of day count, so a replayed day sees what that day saw; codes are trimmed and upper-cased, blanks ignored.
/// </summary>
public static class CustomerCurrency
{
    /// <summary>The currency of each ERP customer in <paramref name="erpCustomerIds"/> as of <paramref name="asOf"/>.</summary>
    public static async Task<Dictionary<long, string>> OfAsync(
        ForecastDbContext db, IReadOnlyCollection<long> erpCustomerIds, DateOnly asOf, string homeCurrency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(erpCustomerIds);
        var ids = erpCustomerIds.Distinct().ToList();
        var result = new Dictionary<long, string>();
        if (ids.Count == 0)
            return result;

        var byInvoice = await db.Invoices.AsNoTracking()
            .Where(i => ids.Contains(i.CustomerId) && i.InvoiceDate <= asOf && i.Currency != null && i.Currency.Trim() != "")
            .GroupBy(i => i.CustomerId)
            .Select(g => new { g.Key, Currency = g.OrderByDescending(i => i.InvoiceDate).ThenByDescending(i => i.Id).Select(i => i.Currency).First() })
            .ToListAsync(cancellationToken);
        foreach (var c in byInvoice)
            result[c.Key] = Normal(c.Currency!);

        var rest = ids.Where(id => !result.ContainsKey(id)).ToList();
        if (rest.Count > 0)
        {
            var byOrder = await db.SalesOrders.AsNoTracking()
                .Where(o => rest.Contains(o.CustomerId) && o.OrderDate <= asOf && o.Currency != null && o.Currency.Trim() != "")
                .GroupBy(o => o.CustomerId)
                .Select(g => new { g.Key, Currency = g.OrderByDescending(o => o.OrderDate).ThenByDescending(o => o.Id).Select(o => o.Currency).First() })
                .ToListAsync(cancellationToken);
            foreach (var c in byOrder)
                result[c.Key] = Normal(c.Currency!);
        }

        foreach (var id in ids)
            result.TryAdd(id, homeCurrency);
        return result;
    }

    /// <summary>The currency of one ERP customer as of <paramref name="asOf"/>.</summary>
    public static async Task<string> OfAsync(ForecastDbContext db, long erpCustomerId, DateOnly asOf, string homeCurrency, CancellationToken cancellationToken) =>
        (await OfAsync(db, [erpCustomerId], asOf, homeCurrency, cancellationToken))[erpCustomerId];

    private static string Normal(string code) => code.Trim().ToUpperInvariant();
}
