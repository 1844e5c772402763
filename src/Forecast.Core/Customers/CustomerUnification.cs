using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Forecast.Modeling.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Customers;

/// <summary>What a unification run found and changed.</summary>
public sealed record UnificationSummary(
    DateOnly AsOf, int ErpCustomers, int CrmAccounts, long PairsScored, int AutoLinked, int Confirmed, int AccountsInReview,
    int CandidatesInReview, int Prospects, int UnifiedCustomers, int OpenConflicts, int NewConflicts, int ResolvedConflicts, int Changes);

/// <summary>
/// The nightly "one customer across ERP and CRM" stage. Scores CRM accounts against ERP customers
/// (<see cref="CompanyMatcher"/>, with blocking so thousands × thousands are never compared pair by pair), links the confident
/// matches, queues the ambiguous ones for a person (<see cref="MatchDecision.NeedsReview"/>: nothing merged silently),
/// keeps one unified customer per ERP customer plus one per unlinked account (prospects), gives each exactly one owning
/// rep, and records an <see cref="OwnerConflict"/> where activity shows two reps working one customer. Idempotent:
/// a re-run with the same data changes nothing, and manual decisions (confirmed, rejected) always stand.
/// </summary>
public sealed partial class CustomerUnification(
    ForecastDbContext db, BusinessCalendar calendar, TimeProvider clock, IOptions<CustomerMatchingOptions> options, ILogger<CustomerUnification> logger)
{
    private readonly CustomerMatchingOptions _options = options.Value;
    private readonly CompanyMatcher _matcher = new();

    /// <summary>Runs as of the last day with data (<see cref="BusinessCalendar"/>).</summary>
    public Task<UnificationSummary> RunAsync(CancellationToken cancellationToken) => RunAsync(null, cancellationToken);

    /// <param name="asOf">The day conflicts are judged on; null: the last day with data.</param>
    /// <param name="cancellationToken">Stops the run; nothing is saved unless the run completes.</param>
    public async Task<UnificationSummary> RunAsync(DateOnly? asOf, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        asOf ??= await calendar.DefaultAsOfAsync(cancellationToken);

        var customers = await db.ErpCustomers.AsNoTracking()
            .Select(c => new ErpRow(c.Id, c.Name, c.TaxId, c.Email, c.Country, c.Aliases))
            .ToListAsync(cancellationToken);
        var accounts = await db.CrmAccounts.AsNoTracking()
            .OrderBy(a => a.Id)
            .Select(a => new AccountRow(a.Id, a.SourceKey, a.Name, a.TaxId, a.EmailDomain, a.Country, a.OwnerRepId, a.Website))
            .ToListAsync(cancellationToken);
        LogStart(logger, customers.Count, accounts.Count, asOf.Value);

        var match = await MatchAsync(customers, accounts, now, cancellationToken);

        var (unified, unifyChanges) = await UnifyAsync(customers, accounts, match.Targets, now, cancellationToken);

        var (openConflicts, newConflicts, resolved, ownerChanges) = await new CustomerOwners(db, _options).AssignAsync(
            unified, accounts.ToDictionary(a => a.Id, a => (a.SourceKey, a.Name, a.OwnerRepId)), asOf.Value, now, cancellationToken);
        var changes = match.Changes + unifyChanges + ownerChanges + newConflicts + resolved;

        await db.SaveChangesAsync(cancellationToken);
        var summary = new UnificationSummary(asOf.Value, customers.Count, accounts.Count, match.PairsScored, match.AutoLinked, match.Confirmed,
            match.AccountsInReview, match.CandidatesInReview, unified.Count(u => u.ErpCustomerId is null), unified.Count, openConflicts, newConflicts, resolved, changes);
        LogDone(logger, summary.AutoLinked, summary.AccountsInReview, summary.OpenConflicts, summary.Changes);
        return summary;
    }

    /// <summary>
    /// Scores every CRM account against the ERP customers it shares a blocking key with, links the confident match, queues
    /// the ambiguous ones for review, keeps manual decisions, and drops machine candidates not proposed again.
    /// </summary>
    private async Task<MatchOutcome> MatchAsync(List<ErpRow> customers, List<AccountRow> accounts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Contacts' addresses are evidence of the account's domain: many accounts have none of their own, or a free-mail one.
        var contactEmails = (await db.Contacts.AsNoTracking().Where(c => c.Email != null)
            .Select(c => new { c.AccountId, c.Email })
            .ToListAsync(cancellationToken)).ToLookup(c => c.AccountId, c => c.Email!);


        // Blocking: an inverted index from keys (tax id, domain, words and character pairs of every name) to ERP customers.
        var prepared = customers.ToDictionary(c => c.Id, c => CompanyMatcher.Prepare(new CompanyRecord(c.Name, c.TaxId, c.Email, c.Country) { Aliases = c.Aliases }));
        var index = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var (id, company) in prepared)
        {
            foreach (var key in company.BlockingKeys())
            {
                if (!index.TryGetValue(key, out var list))
                    index[key] = list = [];
                list.Add(id);
            }
        }

        var existing = await db.CustomerMatchCandidates.ToListAsync(cancellationToken);
        var existingByPair = existing.ToDictionary(c => (c.CrmAccountId, c.ErpCustomerId));
        var manualByAccount = existing.Where(c => c.Decision is MatchDecision.Confirmed or MatchDecision.Rejected)
            .ToLookup(c => c.CrmAccountId);
        var customerIds = customers.Select(c => c.Id).ToHashSet();

        var keep = new HashSet<long>();
        var target = new Dictionary<long, (long? ErpCustomerId, double Score, string Method)>();
        long pairsScored = 0;
        int autoLinked = 0, confirmed = 0, accountsInReview = 0, candidatesInReview = 0, changes = 0;

        foreach (var account in accounts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var crm = CompanyMatcher.Prepare(new CompanyRecord(account.Name, account.TaxId, account.EmailDomain, account.Country)
            {
                Website = account.Website,
                ContactEmails = [.. contactEmails[account.Id]],
            });
            var manual = manualByAccount[account.Id].ToList();
            var rejected = manual.Where(m => m.Decision == MatchDecision.Rejected).Select(m => m.ErpCustomerId).ToHashSet();
            var confirmedPair = manual.Where(m => m.Decision == MatchDecision.Confirmed && customerIds.Contains(m.ErpCustomerId))
                .OrderByDescending(m => m.DecidedAt).FirstOrDefault();

            var proposed = new HashSet<long>();
            foreach (var key in crm.BlockingKeys())
            {
                if (index.TryGetValue(key, out var list) && (list.Count <= _options.MaxBlockSize || key.StartsWith("t:", StringComparison.Ordinal)))
                    proposed.UnionWith(list);
            }
            var scored = proposed.Select(id => (ErpCustomerId: id, Score: _matcher.Score(prepared[id], crm)))
                .OrderByDescending(s => s.Score.LogOdds).ThenBy(s => s.ErpCustomerId)
                .ToList();
            pairsScored += scored.Count;

            // Manual decisions keep their rows; their score and evidence are refreshed.
            foreach (var m in manual)
            {
                keep.Add(m.Id);
                var again = scored.FirstOrDefault(s => s.ErpCustomerId == m.ErpCustomerId);
                if (again.Score is not null)
                    changes += Refresh(m, again.Score, m.Decision, now);
            }

            if (confirmedPair is not null)
            {
                confirmed++;
                target[account.Id] = (confirmedPair.ErpCustomerId, confirmedPair.Score, "manual");
                continue;
            }

            var open = scored.Where(s => !rejected.Contains(s.ErpCustomerId)).ToList();
            var best = open.Count > 0 ? open[0] : default;
            var runnerUp = open.Count > 1 ? open[1] : default;
            if (best.Score is not null && best.Score.Probability >= _options.AutoLinkProbability
                && (runnerUp.Score is null || best.Score.LogOdds - runnerUp.Score.LogOdds >= _options.AutoLinkMargin))
            {
                autoLinked++;
                changes += Upsert(account.Id, best.ErpCustomerId, best.Score, MatchDecision.AutoLinked);
                target[account.Id] = (best.ErpCustomerId, best.Score.Probability, MethodOf(best.Score));
            }
            else
            {
                var queue = open.Where(s => s.Score.Probability >= _options.ReviewProbability).Take(_options.ReviewCandidatesPerAccount).ToList();
                foreach (var (erpId, score) in queue)
                    changes += Upsert(account.Id, erpId, score, MatchDecision.NeedsReview);
                if (queue.Count > 0)
                {
                    accountsInReview++;
                    candidatesInReview += queue.Count;
                }
                target[account.Id] = (null, queue.Count > 0 ? queue[0].Score.Probability : 0, queue.Count > 0 ? "review" : "prospect");
            }
        }

        // Machine-made candidates this run did not propose again are stale (the data changed): drop them.
        foreach (var stale in existing.Where(c => c.Decision is MatchDecision.AutoLinked or MatchDecision.NeedsReview && !keep.Contains(c.Id)))
        {
            db.CustomerMatchCandidates.Remove(stale);
            changes++;
        }

        return new MatchOutcome(target, pairsScored, autoLinked, confirmed, accountsInReview, candidatesInReview, changes);

        int Upsert(long accountId, long erpId, MatchScore score, MatchDecision decision)
        {
            if (existingByPair.TryGetValue((accountId, erpId), out var row))
            {
                keep.Add(row.Id);
                return Refresh(row, score, decision, now);
            }
            var added = new CustomerMatchCandidate
            {
                CrmAccountId = accountId, ErpCustomerId = erpId, Score = Math.Round(score.Probability, 6), Evidence = score.Explain(),
                Decision = decision, ScoredAt = now,
            };
            db.CustomerMatchCandidates.Add(added);
            existingByPair[(accountId, erpId)] = added;
            return 1;
        }
    }

    /// <summary>
    /// One unified customer per ERP customer and one per unlinked account (a prospect); each account's link moved to where
    /// the matching put it; prospects left without an account removed.
    /// </summary>
    private async Task<(List<UnifiedCustomer> Unified, int Changes)> UnifyAsync(
        List<ErpRow> customers, List<AccountRow> accounts, Dictionary<long, (long? ErpCustomerId, double Score, string Method)> target, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var changes = 0;
        var unified = await db.UnifiedCustomers.Include(u => u.Accounts).ToListAsync(cancellationToken);
        var byErp = unified.Where(u => u.ErpCustomerId is not null).ToDictionary(u => u.ErpCustomerId!.Value);
        foreach (var c in customers)
        {
            if (!byErp.TryGetValue(c.Id, out var u))
            {
                u = new UnifiedCustomer { ErpCustomerId = c.Id, DisplayName = c.Name, UpdatedAt = now };
                db.UnifiedCustomers.Add(u);
                unified.Add(u);
                byErp[c.Id] = u;
                changes++;
            }
            else if (u.DisplayName != c.Name)
            {
                u.DisplayName = c.Name;
                u.UpdatedAt = now;
                changes++;
            }
        }

        var links = unified.SelectMany(u => u.Accounts.Select(l => (Link: l, Unified: u))).ToDictionary(x => x.Link.CrmAccountId);
        foreach (var account in accounts)
        {
            var (erpId, score, method) = target[account.Id];
            links.TryGetValue(account.Id, out var current);
            UnifiedCustomer destination;
            if (erpId is { } id)
            {
                destination = byErp[id];
            }
            else if (current.Unified is { ErpCustomerId: null } && current.Unified.Accounts.Count == 1)
            {
                destination = current.Unified;
            }
            else
            {
                destination = new UnifiedCustomer { DisplayName = account.Name, UpdatedAt = now };
                db.UnifiedCustomers.Add(destination);
                unified.Add(destination);
            }

            if (current.Link is null)
            {
                var link = new CustomerAccountLink { CrmAccountId = account.Id, Score = score, Method = method };
                destination.Accounts.Add(link);
                destination.UpdatedAt = now;
                changes++;
            }
            else if (current.Unified != destination)
            {
                // The key is the account: move the link rather than delete and re-add it.
                current.Unified.Accounts.Remove(current.Link);
                current.Link.UnifiedCustomer = destination;
                current.Link.Score = score;
                current.Link.Method = method;
                destination.Accounts.Add(current.Link);
                current.Unified.UpdatedAt = now;
                destination.UpdatedAt = now;
                changes++;
            }
            else if (current.Link.Method != method || Math.Abs(current.Link.Score - score) > 1e-9)
            {
                current.Link.Score = score;
                current.Link.Method = method;
                changes++;
            }
            if (destination.ErpCustomerId is null && destination.DisplayName != account.Name)
            {
                destination.DisplayName = account.Name;
                destination.UpdatedAt = now;
                changes++;
            }
        }
        // Links to accounts that no longer exist go with them (cascade); prospects left without an account go too.
        foreach (var empty in unified.Where(u => u.ErpCustomerId is null && u.Accounts.Count == 0).ToList())
        {
            if (db.Entry(empty).State == EntityState.Added)
                db.Entry(empty).State = EntityState.Detached;
            else
                db.UnifiedCustomers.Remove(empty);
            unified.Remove(empty);
            changes++;
        }
        return (unified, changes);
    }

    private static int Refresh(CustomerMatchCandidate row, MatchScore score, MatchDecision decision, DateTimeOffset now)
    {
        var probability = Math.Round(score.Probability, 6);
        var evidence = score.Explain();
        if (row.Decision == decision && Math.Abs(row.Score - probability) < 1e-9 && row.Evidence == evidence)
            return 0;
        row.Score = probability;
        row.Evidence = evidence;
        row.Decision = decision;
        row.ScoredAt = now;
        return 1;
    }

    private static string MethodOf(MatchScore score)
    {
        var strongest = score.Evidence.Where(e => e.Weight > 0).OrderByDescending(e => e.Weight).FirstOrDefault();
        return strongest?.Field ?? "name";
    }

    private sealed record ErpRow(long Id, string Name, string? TaxId, string? Email, string? Country, List<string> Aliases);

    private sealed record AccountRow(long Id, string SourceKey, string Name, string? TaxId, string? EmailDomain, string? Country, long? OwnerRepId, string? Website);

    private sealed record MatchOutcome(
        Dictionary<long, (long? ErpCustomerId, double Score, string Method)> Targets, long PairsScored, int AutoLinked, int Confirmed,
        int AccountsInReview, int CandidatesInReview, int Changes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unifying {Customers} ERP customers and {Accounts} CRM accounts as of {AsOf}")]
    private static partial void LogStart(ILogger logger, int customers, int accounts, DateOnly asOf);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unified: {AutoLinked} auto-linked, {InReview} accounts in review, {Conflicts} open owner conflicts, {Changes} changes")]
    private static partial void LogDone(ILogger logger, int autoLinked, int inReview, int conflicts, int changes);
}
