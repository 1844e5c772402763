using Forecast.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.CustomerView;

/// <summary>
/// A person at the customer as the CRM has them, on one of the customer's linked accounts. <see cref="OptedOut"/>: the
/// contact asked not to be emailed (reminders never draft to them); a rep may still call.
/// </summary>
public sealed record CustomerContactView(long Id, string Name, string? Email, string? Phone, string? PreferredLanguage, bool OptedOut, string AccountName);

/// <summary>The contacts of a unified customer, read through the customer's CRM account links.</summary>
public static class CustomerContacts
{
    /// <summary>
    /// Contacts of the given CRM accounts, reachable ones first (not opted out, then with a phone), then by name. The
    /// caller has already checked the rep may see the customer these accounts are linked to.
    /// </summary>
    public static Task<List<CustomerContactView>> ForAccountsAsync(ForecastDbContext db, IReadOnlyCollection<long> accountIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Contacts.AsNoTracking().Where(c => accountIds.Contains(c.AccountId))
            .OrderBy(c => c.OptedOut).ThenBy(c => c.Phone == null).ThenBy(c => c.Name).ThenBy(c => c.Id)
            .Select(c => new CustomerContactView(c.Id, c.Name, c.Email, c.Phone, c.PreferredLanguage, c.OptedOut, c.Account!.Name))
            .ToListAsync(cancellationToken);
    }
}
