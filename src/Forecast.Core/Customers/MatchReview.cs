using Forecast.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.Customers;

/// <summary>A candidate pair waiting for a person, with the evidence behind its score.</summary>
public sealed record MatchCandidateView(
    long Id,
    double Score,
    string Evidence,
    long CrmAccountId,
    string AccountKey,
    string AccountName,
    string? AccountOwner,
    long ErpCustomerId,
    string CustomerCode,
    string CustomerName,
    MatchDecision Decision);

/// <summary>A page of the review queue.</summary>
public sealed record MatchQueue(int Total, IReadOnlyList<MatchCandidateView> Items);

/// <summary>A customer that more than one rep is working, with who owns it and who else works it.</summary>
public sealed record OwnerConflictView(long Id, long CustomerId, string CustomerName, string? OwnerName, IReadOnlyList<string> RepNames, string Detail, DateTimeOffset DetectedAt);

/// <summary>What recording decisions did; <see cref="Applied"/> is null when they were recorded without re-running unification.</summary>
public sealed record MatchDecisionResult(int Accepted, int Rejected, int Withdrawn, UnificationSummary? Applied);

/// <summary>A decision that cannot be recorded as asked (the message says why and what to do).</summary>
public sealed class MatchDecisionException(string message) : Exception(message);

/// <summary>
/// The customer-match review queue: what waits for a person, and recording their decisions. Shared by the admin page,
/// the API and <c>forecast customers review</c>, so all three apply a decision the same way: a confirmed pair links
/// the account to that ERP customer (withdrawing an older confirmation of the same account), a rejected pair is never
/// linked, and unification re-runs so the links change at once.
/// </summary>
public sealed class MatchReview(ForecastDbContext db, CustomerUnification unification, TimeProvider time)
{
    public async Task<MatchQueue> QueueAsync(int skip, int take, CancellationToken cancellationToken)
    {
        var waiting = db.CustomerMatchCandidates.AsNoTracking().Where(c => c.Decision == MatchDecision.NeedsReview);
        var total = await waiting.CountAsync(cancellationToken);
        var items = await waiting.OrderBy(c => c.CrmAccountId).ThenByDescending(c => c.Score).ThenBy(c => c.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 1000))
            .Select(c => new MatchCandidateView(c.Id, c.Score, c.Evidence, c.CrmAccountId, c.CrmAccount!.SourceKey, c.CrmAccount.Name,
                c.CrmAccount.OwnerRep != null ? c.CrmAccount.OwnerRep.Name : null, c.ErpCustomerId, c.ErpCustomer!.Code, c.ErpCustomer.Name, c.Decision))
            .ToListAsync(cancellationToken);
        return new MatchQueue(total, items);
    }

    /// <summary>Records the decisions of <paramref name="by"/> and, when <paramref name="apply"/>, re-runs unification so the links follow.</summary>
    /// <exception cref="KeyNotFoundException">An id is not a match candidate.</exception>
    /// <exception cref="MatchDecisionException">The decisions contradict each other.</exception>
    public async Task<MatchDecisionResult> DecideAsync(IReadOnlyCollection<long> accept, IReadOnlyCollection<long> reject, string by, bool apply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accept);
        ArgumentNullException.ThrowIfNull(reject);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var both = accept.Intersect(reject).ToList();
        if (both.Count > 0)
            throw new MatchDecisionException($"Candidate {both[0]} is both accepted and rejected: choose one.");
        var ids = accept.Concat(reject).Distinct().ToArray();
        if (ids.Length == 0)
            throw new MatchDecisionException("No candidate given: accept or reject at least one.");
        var rows = await db.CustomerMatchCandidates.Where(c => ids.Contains(c.Id)).ToListAsync(cancellationToken);
        var missing = ids.Except(rows.Select(r => r.Id)).ToList();
        if (missing.Count > 0)
            throw new KeyNotFoundException($"No match candidate with id {string.Join(", ", missing)}.");
        var twice = rows.Where(r => accept.Contains(r.Id)).GroupBy(r => r.CrmAccountId).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new MatchDecisionException($"Candidates {string.Join(" and ", twice.Select(r => r.Id))} link one CRM account to two ERP customers: accept one of them.");

        var now = time.GetUtcNow();
        foreach (var row in rows)
        {
            row.Decision = accept.Contains(row.Id) ? MatchDecision.Confirmed : MatchDecision.Rejected;
            row.DecidedAt = now;
            row.DecidedBy = by;
        }
        // An account has one confirmed customer: accepting a new one withdraws an older confirmation.
        var accounts = rows.Where(r => r.Decision == MatchDecision.Confirmed).Select(r => r.CrmAccountId).ToList();
        var older = await db.CustomerMatchCandidates
            .Where(c => accounts.Contains(c.CrmAccountId) && c.Decision == MatchDecision.Confirmed && !ids.Contains(c.Id))
            .ToListAsync(cancellationToken);
        foreach (var o in older)
        {
            o.Decision = MatchDecision.Rejected;
            o.DecidedAt = now;
            o.DecidedBy = by;
        }
        await db.SaveChangesAsync(cancellationToken);
        var applied = apply ? await unification.RunAsync(cancellationToken) : null;
        return new MatchDecisionResult(rows.Count(r => r.Decision == MatchDecision.Confirmed), rows.Count(r => r.Decision == MatchDecision.Rejected), older.Count, applied);
    }

    /// <summary>Open owner conflicts, oldest first.</summary>
    public async Task<IReadOnlyList<OwnerConflictView>> OpenConflictsAsync(CancellationToken cancellationToken)
    {
        var rows = await db.OwnerConflicts.AsNoTracking().Where(c => c.ResolvedAt == null).OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.UnifiedCustomerId, c.UnifiedCustomer!.DisplayName, Owner = c.UnifiedCustomer.OwnerRep != null ? c.UnifiedCustomer.OwnerRep.Name : null, c.RepIds, c.Detail, c.DetectedAt })
            .ToListAsync(cancellationToken);
        var repIds = rows.SelectMany(r => r.RepIds).Distinct().ToList();
        var names = await db.Reps.AsNoTracking().Where(r => repIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, cancellationToken);
        return rows.Select(r => new OwnerConflictView(r.Id, r.UnifiedCustomerId, r.DisplayName, r.Owner,
            r.RepIds.Select(id => names.GetValueOrDefault(id, $"#{id}")).ToList(), r.Detail, r.DetectedAt)).ToList();
    }
}
