using Forecast.Core.Customers;
using Forecast.Core.Data;
using Forecast.Core.Outreach.Drafting;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.Outreach.Reminders;

/// <summary>Why reminders failed, as far as an administrator can act on it in the app.</summary>
public enum FailureCause
{
    /// <summary>The customer has no owning rep: assign one (house account) or link its CRM account to the ERP customer.</summary>
    NoOwner,
    /// <summary>The owning rep has left: assign another one.</summary>
    InactiveOwner,
    /// <summary>The owner problem is fixed: the next reminders run makes the reminder.</summary>
    OwnerFixed,
    /// <summary>Anything else (contact without email, a template, a name with a line break): fixed in the CRM, ERP or templates.</summary>
    Other,
}

/// <summary>One failed reminder with what the page needs to offer its fix.</summary>
public sealed record FailedReminderRow(
    long Id, ReminderKind Kind, long UnifiedCustomerId, string CustomerName, string? ProductName, DateOnly AsOf, string Reason,
    int LinkedCrmAccounts, int MatchesWaiting, string? CurrentOwner);

/// <summary>Failed reminders of one cause (for <see cref="FailureCause.Other"/>, of one stored reason).</summary>
public sealed record FailedReminderGroup(FailureCause Cause, string? Reason, IReadOnlyList<FailedReminderRow> Reminders);

/// <summary>An active rep an administrator may make an owner.</summary>
public sealed record RepChoice(long Id, string Name, string? Team);

/// <summary>
/// The administrator's view of failed reminders (<see cref="ReminderStatus.Failed"/>), grouped by cause. The cause of an
/// owner failure is judged from the customer as it is now, so a fixed one shows as waiting for the next reminders run
/// (which retries every failed reminder of a cycle: <see cref="ReminderBuilder"/>).
/// </summary>
public sealed class FailedReminders(ForecastDbContext db)
{
    public async Task<IReadOnlyList<FailedReminderGroup>> GroupsAsync(CancellationToken cancellationToken)
    {
        var rows = await db.Reminders.AsNoTracking().Where(r => r.Status == ReminderStatus.Failed)
            .OrderBy(r => r.CustomerName).ThenBy(r => r.Id)
            .Select(r => new
            {
                r.Id, r.Kind, r.UnifiedCustomerId, r.CustomerName, r.ProductName, r.AsOf, Reason = r.FailureReason ?? "",
                Linked = r.UnifiedCustomer!.Accounts.Count,
                OwnerName = r.UnifiedCustomer.OwnerRep != null && r.UnifiedCustomer.OwnerRep.Active ? r.UnifiedCustomer.OwnerRep.Name : null,
                ErpCustomerId = r.UnifiedCustomer.ErpCustomerId,
                AccountIds = r.UnifiedCustomer.Accounts.Select(a => a.CrmAccountId).ToList(),
            })
            .ToListAsync(cancellationToken);
        // Candidates waiting for review that involve the customer's ERP side or its accounts: linking one may give it an owner.
        var erpIds = rows.Where(r => r.ErpCustomerId != null).Select(r => r.ErpCustomerId!.Value).Distinct().ToList();
        var accountIds = rows.SelectMany(r => r.AccountIds).Distinct().ToList();
        var waiting = await db.CustomerMatchCandidates.AsNoTracking()
            .Where(c => c.Decision == MatchDecision.NeedsReview && (erpIds.Contains(c.ErpCustomerId) || accountIds.Contains(c.CrmAccountId)))
            .Select(c => new { c.ErpCustomerId, c.CrmAccountId })
            .ToListAsync(cancellationToken);

        var result = rows.Select(r =>
        {
            var ownerProblem = r.Reason.StartsWith("The customer has no owning rep", StringComparison.Ordinal) || r.Reason.StartsWith("The owning rep", StringComparison.Ordinal);
            var cause = !ownerProblem ? FailureCause.Other
                : r.OwnerName is not null ? FailureCause.OwnerFixed
                : r.Reason.StartsWith("The owning rep", StringComparison.Ordinal) ? FailureCause.InactiveOwner : FailureCause.NoOwner;
            var matches = waiting.Count(c => c.ErpCustomerId == r.ErpCustomerId || r.AccountIds.Contains(c.CrmAccountId));
            return (Cause: cause, Row: new FailedReminderRow(r.Id, r.Kind, r.UnifiedCustomerId, r.CustomerName, r.ProductName, r.AsOf, r.Reason, r.Linked, matches, r.OwnerName));
        });
        return result.GroupBy(x => (x.Cause, Reason: x.Cause == FailureCause.Other ? x.Row.Reason : null))
            .OrderBy(g => g.Key.Cause).ThenBy(g => g.Key.Reason, StringComparer.Ordinal)
            .Select(g => new FailedReminderGroup(g.Key.Cause, g.Key.Reason, g.Select(x => x.Row).ToList()))
            .ToList();
    }

    /// <summary>The reps an owner can be chosen from: active ones, by name.</summary>
    public async Task<IReadOnlyList<RepChoice>> ActiveRepsAsync(CancellationToken cancellationToken) =>
        await db.Reps.AsNoTracking().Where(r => r.Active).OrderBy(r => r.Name).Select(r => new RepChoice(r.Id, r.Name, r.Team)).ToListAsync(cancellationToken);
}
