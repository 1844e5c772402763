using Forecast.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.Customers;

/// <summary>What <see cref="OwnerAssignment.AssignAsync"/> did.</summary>
public enum OwnerAssignmentResult
{
    Assigned,
    /// <summary>No such unified customer: nothing changed.</summary>
    CustomerNotFound,
    /// <summary>No such rep, or the rep has left: nothing changed.</summary>
    RepNotActive,
}

/// <summary>
/// The house-account rule: an administrator names the owning rep of a customer whose CRM accounts have no active owner
/// (otherwise its reminders fail: nobody would be told). The customer's owner changes at once, and the nightly
/// unification keeps it (<see cref="CustomerUnification"/>: a linked account's active CRM owner first, then this one,
/// then the most active rep).
/// </summary>
public sealed class OwnerAssignment(ForecastDbContext db, TimeProvider time)
{
    /// <summary>The owner reason the rule records (a fixed sentence, so pages can translate it).</summary>
    public const string Reason = "assigned in the app as a house account (no linked CRM account has an active owner)";

    public async Task<OwnerAssignmentResult> AssignAsync(long unifiedCustomerId, long repId, CancellationToken cancellationToken)
    {
        if (!await db.Reps.AnyAsync(r => r.Id == repId && r.Active, cancellationToken))
            return OwnerAssignmentResult.RepNotActive;
        var customer = await db.UnifiedCustomers.Include(c => c.Accounts).SingleOrDefaultAsync(c => c.Id == unifiedCustomerId, cancellationToken);
        if (customer is null)
            return OwnerAssignmentResult.CustomerNotFound;
        customer.AssignedOwnerRepId = repId;
        // A linked account with an active CRM owner keeps deciding (the CRM is where ownership is managed); the assignment waits behind it.
        var accountIds = customer.Accounts.Select(a => a.CrmAccountId).ToList();
        var crmOwned = await db.CrmAccounts.AnyAsync(a => accountIds.Contains(a.Id) && a.OwnerRepId != null && db.Reps.Any(r => r.Id == a.OwnerRepId && r.Active), cancellationToken);
        if (!crmOwned)
        {
            customer.OwnerRepId = repId;
            customer.OwnerReason = Reason;
        }
        customer.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return OwnerAssignmentResult.Assigned;
    }
}
