using System.Globalization;
using Forecast.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.Customers;

/// <summary>
/// The ownership half of the nightly unification: exactly one owning rep per unified customer, with the reason in
/// words, and the owner conflicts where two active reps work one customer. Runs on the unified customers the matching
/// half has just settled, in the same unit of work (nothing is saved here).
/// </summary>
internal sealed class CustomerOwners(ForecastDbContext db, CustomerMatchingOptions options)
{
    /// <summary>
    /// Owner rule: among the linked accounts whose CRM owner is an active rep, the owner of the account with the most
    /// recent activity (ties: more activities in the window, then the oldest account); without such an account, the
    /// active rep with most activities on the customer in the window; a customer with no CRM account has no owner.
    /// Conflict: two or more active reps with at least <see cref="CustomerMatchingOptions.ConflictMinActivities"/>
    /// activities each on the customer's accounts in the last <see cref="CustomerMatchingOptions.ConflictWindowDays"/> days.
    /// Reps who left are not counted: a reassignment is not a conflict.
    /// </summary>
    public async Task<(int Open, int New, int Resolved, int Changes)> AssignAsync(
        List<UnifiedCustomer> unified, Dictionary<long, (string Key, string Name, long? OwnerRepId)> accounts, DateOnly asOf, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var from = asOf.AddDays(-options.ConflictWindowDays);
        var reps = await db.Reps.AsNoTracking().Select(r => new { r.Id, r.SourceKey, r.Name, r.Active }).ToDictionaryAsync(r => r.Id, cancellationToken);
        var lastActivity = await db.Activities.Where(a => a.OccurredOn <= asOf)
            .GroupBy(a => a.AccountId).Select(g => new { AccountId = g.Key, Last = g.Max(a => a.OccurredOn) })
            .ToDictionaryAsync(x => x.AccountId, x => x.Last, cancellationToken);
        var recent = await db.Activities.Where(a => a.OccurredOn > from && a.OccurredOn <= asOf && a.RepId != null)
            .GroupBy(a => new { a.AccountId, a.RepId })
            .Select(g => new { g.Key.AccountId, RepId = g.Key.RepId!.Value, Count = g.Count(), Last = g.Max(a => a.OccurredOn) })
            .ToListAsync(cancellationToken);
        var recentByAccount = recent.ToLookup(r => r.AccountId);
        var openConflicts = await db.OwnerConflicts.Where(c => c.ResolvedAt == null).ToListAsync(cancellationToken);
        var openByUnified = openConflicts.GroupBy(c => c.UnifiedCustomerId).ToDictionary(g => g.Key, g => g.OrderBy(c => c.Id).ToList());

        int open = 0, added = 0, resolved = 0, changes = 0;
        foreach (var u in unified)
        {
            var linked = u.Accounts.Select(l => l.CrmAccountId).Where(accounts.ContainsKey).OrderBy(id => id).ToList();
            var perRep = linked.SelectMany(id => recentByAccount[id])
                .GroupBy(r => r.RepId)
                .Select(g => (RepId: g.Key, Count: g.Sum(x => x.Count), Last: g.Max(x => x.Last)))
                .Where(r => reps.TryGetValue(r.RepId, out var rep) && rep.Active)
                .ToList();

            long? owner = null;
            string? reason = null;
            var ownerAccount = linked
                .Where(id => accounts[id].OwnerRepId is { } repId && reps.TryGetValue(repId, out var rep) && rep.Active)
                .Select(id => (Id: id, Last: lastActivity.TryGetValue(id, out var d) ? d : DateOnly.MinValue, Count: recentByAccount[id].Sum(r => r.Count)))
                .OrderByDescending(a => a.Last).ThenByDescending(a => a.Count).ThenBy(a => a.Id)
                .FirstOrDefault();
            if (ownerAccount.Id != 0)
            {
                var account = accounts[ownerAccount.Id];
                owner = account.OwnerRepId;
                reason = linked.Count == 1
                    ? $"owner of the only linked CRM account {account.Key}"
                    : ownerAccount.Last == DateOnly.MinValue
                        ? $"owner of {account.Key}, the oldest of {linked.Count} linked accounts (none has activity)"
                        : string.Create(CultureInfo.InvariantCulture, $"owner of {account.Key}, the linked account with the most recent activity ({ownerAccount.Last:yyyy-MM-dd})");
            }
            else if (u.AssignedOwnerRepId is { } assigned && reps.TryGetValue(assigned, out var assignedRep) && assignedRep.Active)
            {
                owner = assigned;
                reason = OwnerAssignment.Reason;
            }
            else if (perRep.Count > 0)
            {
                var busiest = perRep.OrderByDescending(r => r.Count).ThenByDescending(r => r.Last).ThenBy(r => r.RepId).First();
                owner = busiest.RepId;
                reason = string.Create(CultureInfo.InvariantCulture, $"no linked account has an active owner; most active rep in the last {options.ConflictWindowDays} days ({busiest.Count} activities)");
            }
            else if (linked.Count == 0)
            {
                reason = "no CRM account is linked: no rep works this customer yet";
            }
            else
            {
                reason = "the linked accounts have no active owner and no recent activity";
            }
            if (u.OwnerRepId != owner || u.OwnerReason != reason)
            {
                u.OwnerRepId = owner;
                u.OwnerReason = reason;
                u.UpdatedAt = now;
                changes++;
            }

            var working = perRep.Where(r => r.Count >= options.ConflictMinActivities)
                .OrderByDescending(r => r.Count).ThenBy(r => r.RepId).ToList();
            var existing = u.Id != 0 && openByUnified.TryGetValue(u.Id, out var list) ? list : [];
            if (working.Count >= 2)
            {
                open++;
                var repIds = working.Select(r => r.RepId).Order().ToArray();
                var ownerName = owner is { } o && reps.TryGetValue(o, out var ownerRep) ? $"{ownerRep.SourceKey} {ownerRep.Name}" : "nobody";
                var detail = string.Join(", ", working.Select(r => string.Create(CultureInfo.InvariantCulture,
                    $"{reps[r.RepId].SourceKey} {reps[r.RepId].Name} ({r.Count} activities, last {r.Last:yyyy-MM-dd})")))
                    + string.Create(CultureInfo.InvariantCulture, $" work this customer in the {options.ConflictWindowDays} days to {asOf:yyyy-MM-dd}; owner: {ownerName}");
                if (existing.Count == 0)
                {
                    db.OwnerConflicts.Add(new OwnerConflict { UnifiedCustomer = u, RepIds = repIds, Detail = detail, DetectedAt = now });
                    added++;
                }
                else
                {
                    var conflict = existing[0];
                    if (!conflict.RepIds.SequenceEqual(repIds) || conflict.Detail != detail)
                    {
                        conflict.RepIds = repIds;
                        conflict.Detail = detail;
                        changes++;
                    }
                    foreach (var duplicate in existing.Skip(1))
                    {
                        duplicate.ResolvedAt = now;
                        resolved++;
                    }
                }
            }
            else
            {
                foreach (var conflict in existing)
                {
                    conflict.ResolvedAt = now;
                    resolved++;
                }
            }
        }
        // Conflicts of unified customers that no longer exist are deleted with them (cascade).
        return (open, added, resolved, changes);
    }
}
