using Forecast.Core.Data;
using Forecast.Core.Outreach.Drafting;
using Microsoft.EntityFrameworkCore;

namespace Forecast.Core.Outreach.Reminders;

/// <summary>Which reminders to list. Null fields do not filter.</summary>
public sealed record ReminderFilter(long? RepId = null, ReminderStatus? Status = null, ReminderKind? Kind = null, DateOnly? AsOf = null, int Take = 200);

/// <summary>One line of a reminder list.</summary>
public sealed record ReminderListItem(
    long Id,
    ReminderKind Kind,
    ReminderStatus Status,
    DateOnly AsOf,
    string CustomerName,
    string? ProductName,
    long? RepId,
    string? RepName,
    string WhyNow,
    string FactsJson,
    string? ContactName,
    string? DraftLanguage,
    string? FailureReason,
    string? OutboxKey);

/// <summary>Outcome of a rep's action on a reminder.</summary>
public enum ReminderActionResult
{
    Done,
    /// <summary>No such reminder, or not one this user may see (the same answer, so ids of others reveal nothing).</summary>
    NotFound,
    /// <summary>The reminder is not in a state that allows the action (e.g. already dismissed).</summary>
    NotAllowed,
    /// <summary>The input is missing or too long (e.g. a dismissal without a reason).</summary>
    Invalid,
}

/// <summary>
/// The reps' side of reminders (pages and CLI): list, read, edit the draft, mark sent, dismiss with a reason. Every call
/// takes the caller's rep scope: null for planners and admins (every reminder), a rep id for a rep (only the reminders
/// of the customers that rep owns now). Ownership follows the customer: when the CRM moves an account to another rep,
/// its reminders move with it at once, and the former rep no longer sees them.
/// </summary>
public sealed class ReminderInbox(ForecastDbContext db, TimeProvider time)
{
    public const int MaxReasonLength = 500;
    public const int MaxSubjectLength = 300;
    public const int MaxBodyLength = 20_000;

    public async Task<List<ReminderListItem>> ListAsync(ReminderFilter filter, long? repScope, CancellationToken cancellationToken)
    {
        var query = Scoped(repScope).AsNoTracking();
        if (filter.RepId is { } repId)
            query = query.Where(r => r.UnifiedCustomer!.OwnerRepId == repId);
        if (filter.Status is { } status)
            query = query.Where(r => r.Status == status);
        if (filter.Kind is { } kind)
            query = query.Where(r => r.Kind == kind);
        if (filter.AsOf is { } asOf)
            query = query.Where(r => r.AsOf == asOf);
        return await query
            .OrderByDescending(r => r.AsOf).ThenBy(r => r.Status).ThenBy(r => r.Kind).ThenBy(r => r.Id)
            .Take(Math.Clamp(filter.Take, 1, 10_000))
            .Select(r => new ReminderListItem(r.Id, r.Kind, r.Status, r.AsOf, r.CustomerName, r.ProductName,
                r.UnifiedCustomer!.OwnerRepId, r.UnifiedCustomer.OwnerRep != null ? r.UnifiedCustomer.OwnerRep.Name : null,
                r.WhyNow, r.FactsJson, r.ContactName, r.DraftLanguage, r.FailureReason, r.OutboxKey))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Counts by status within the scope (for the page header).</summary>
    public async Task<Dictionary<ReminderStatus, int>> CountsAsync(long? repScope, long? repId, CancellationToken cancellationToken)
    {
        var query = Scoped(repScope);
        if (repId is not null)
            query = query.Where(r => r.UnifiedCustomer!.OwnerRepId == repId);
        return await query.GroupBy(r => r.Status).ToDictionaryAsync(g => g.Key, g => g.Count(), cancellationToken);
    }

    /// <summary>The reminder, or null when it does not exist or is outside the caller's scope.</summary>
    public Task<Reminder?> FindAsync(long id, long? repScope, CancellationToken cancellationToken) =>
        Scoped(repScope).AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);

    /// <summary>Reps that own customers with reminders, for the planners' and admins' filter.</summary>
    public Task<List<Rep>> RepsWithRemindersAsync(CancellationToken cancellationToken) =>
        db.Reps.AsNoTracking().Where(rep => db.Set<Reminder>().Any(r => r.UnifiedCustomer!.OwnerRepId == rep.Id)).OrderBy(r => r.Name).ToListAsync(cancellationToken);

    /// <summary>
    /// Hands the open reminders of customers whose owner changed to the new owner (the rep they are mailed to and counted
    /// for). Access already follows the owner at query time; this keeps the stored rep in step. Returns how many moved.
    /// </summary>
    public Task<int> FollowOwnersAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // One set-based statement (EF's ExecuteUpdate cannot set a column from a joined table).
        return db.Database.ExecuteSqlAsync($"""
            UPDATE outreach.reminders AS r
               SET rep_id = u.owner_rep_id, updated_at = {now}
              FROM core.unified_customers AS u
             WHERE u.id = r.unified_customer_id AND r.status = 'New'
               AND u.owner_rep_id IS NOT NULL AND r.rep_id IS DISTINCT FROM u.owner_rep_id
            """, cancellationToken);
    }

    /// <summary>Keeps the rep's edit of the draft (the original stays: both are feedback).</summary>
    public async Task<ReminderActionResult> SaveDraftAsync(long id, long? repScope, string? subject, string? body, string user, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(subject) || string.IsNullOrWhiteSpace(body) || subject.Length > MaxSubjectLength || body.Length > MaxBodyLength)
            return ReminderActionResult.Invalid;
        // A subject is one line; a line break would be pasted into a header by whoever sends it.
        if (subject.AsSpan().IndexOfAny('\r', '\n') >= 0)
            return ReminderActionResult.Invalid;
        var reminder = await Scoped(repScope).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (reminder is null)
            return ReminderActionResult.NotFound;
        if (reminder.Status != ReminderStatus.New || reminder.DraftSubject is null)
            return ReminderActionResult.NotAllowed;
        var now = time.GetUtcNow();
        reminder.EditedSubject = subject.Trim();
        reminder.EditedBody = body.ReplaceLineEndings("\n");
        reminder.EditedAt = now;
        reminder.UpdatedAt = now;
        reminder.HandledBy = user;
        await db.SaveChangesAsync(cancellationToken);
        return ReminderActionResult.Done;
    }

    public async Task<ReminderActionResult> MarkSentAsync(long id, long? repScope, string user, CancellationToken cancellationToken)
    {
        var reminder = await Scoped(repScope).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (reminder is null)
            return ReminderActionResult.NotFound;
        if (reminder.Status != ReminderStatus.New)
            return ReminderActionResult.NotAllowed;
        var now = time.GetUtcNow();
        reminder.Status = ReminderStatus.SentByRep;
        reminder.SentByRepAt = now;
        reminder.UpdatedAt = now;
        reminder.HandledBy = user;
        await db.SaveChangesAsync(cancellationToken);
        return ReminderActionResult.Done;
    }

    public async Task<ReminderActionResult> DismissAsync(long id, long? repScope, string? reason, string user, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxReasonLength)
            return ReminderActionResult.Invalid;
        var reminder = await Scoped(repScope).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (reminder is null)
            return ReminderActionResult.NotFound;
        if (reminder.Status is ReminderStatus.SentByRep or ReminderStatus.Dismissed)
            return ReminderActionResult.NotAllowed;
        var now = time.GetUtcNow();
        reminder.Status = ReminderStatus.Dismissed;
        reminder.DismissedAt = now;
        reminder.DismissedReason = reason.Trim();
        reminder.UpdatedAt = now;
        reminder.HandledBy = user;
        await db.SaveChangesAsync(cancellationToken);
        return ReminderActionResult.Done;
    }

    private IQueryable<Reminder> Scoped(long? repScope) =>
        repScope is { } rep ? db.Set<Reminder>().Where(r => r.UnifiedCustomer!.OwnerRepId == rep) : db.Set<Reminder>();
}
