using System.Globalization;
using Forecast.Core.Data;
using Forecast.Core.Jobs;
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
    string? OutboxKey,
    decimal? ExpectedValue = null,
    string? Currency = null,
    DateOnly? DueDate = null,
    DateOnly? SnoozedUntil = null)
{
    /// <summary>
    /// The why-now sentence in the reader's language, made again from the facts snapshot: the stored one is in the
    /// rep's language, for their email, and an admin or a rep reading in the other language would get it untranslated.
    /// </summary>
    public string WhyNowIn(CultureInfo culture) => ReminderFacts.TryRead(FactsJson)?.WhyNow(culture) ?? WhyNow;
}

/// <summary>
/// Which part of the worklist to show: <see cref="Open"/> is what waits for the rep today (new, not snoozed past
/// today); <see cref="Snoozed"/> is new but put aside until a later day.
/// </summary>
public enum ReminderView
{
    Open,
    Snoozed,
    Sent,
    Dismissed,
    Failed,
    All,
}

public enum ReminderSort
{
    /// <summary>Most valuable first (reminders without a value last).</summary>
    ExpectedValue,
    /// <summary>Earliest due date first.</summary>
    DueDate,
    Customer,
}

/// <summary>A page of the worklist. Null fields do not filter.</summary>
public sealed record ReminderQuery(ReminderView View = ReminderView.Open, ReminderKind? Kind = null, long? RepId = null, ReminderSort Sort = ReminderSort.ExpectedValue, int Skip = 0, int Take = 50);

/// <summary>One page of the worklist, the total it was cut from, and the business day "snoozed" was judged on.</summary>
public sealed record ReminderPage(DateOnly Today, int Total, IReadOnlyList<ReminderListItem> Items);

/// <summary>What was wrong with a rep's input: the field (as the API and the form name it) and why, in English.</summary>
public sealed record ReminderInputError(string Field, string Message);

/// <summary>One entry of a reminder's history.</summary>
public sealed record ReminderActionView(long Id, ReminderActionKind Kind, DateTimeOffset At, string By, DismissReason? ReasonCode, string? Note, DateOnly? SnoozedUntil);

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
public sealed class ReminderInbox(ForecastDbContext db, BusinessCalendar calendar, TimeProvider time)
{
    /// <summary>A snooze reaches at most this far: a reminder a year out is a dismissal, and should say why.</summary>
    public const int MaxSnoozeDays = 365;
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

    /// <summary>The worklist: one view, sorted, one page of it.</summary>
    public async Task<ReminderPage> PageAsync(ReminderQuery query, long? repScope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var today = calendar.Today();
        var rows = InView(Scoped(repScope).AsNoTracking(), query.View, today);
        if (query.RepId is { } repId)
            rows = rows.Where(r => r.UnifiedCustomer!.OwnerRepId == repId);
        if (query.Kind is { } kind)
            rows = rows.Where(r => r.Kind == kind);
        var total = await rows.CountAsync(cancellationToken);
        var sorted = query.Sort switch
        {
            // Nulls last in both: a reminder built before values (or without a date) must not crowd out the ones that have them.
            ReminderSort.DueDate => rows.OrderBy(r => r.DueDate == null).ThenBy(r => r.DueDate).ThenByDescending(r => r.ExpectedValue ?? -1),
            ReminderSort.Customer => rows.OrderBy(r => r.CustomerName).ThenBy(r => r.ProductName),
            _ => rows.OrderByDescending(r => r.ExpectedValue ?? -1).ThenBy(r => r.DueDate),
        };
        var items = await sorted.ThenBy(r => r.Id)
            .Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 1, 500))
            .Select(r => new ReminderListItem(r.Id, r.Kind, r.Status, r.AsOf, r.CustomerName, r.ProductName,
                r.UnifiedCustomer!.OwnerRepId, r.UnifiedCustomer.OwnerRep != null ? r.UnifiedCustomer.OwnerRep.Name : null,
                r.WhyNow, r.FactsJson, r.ContactName, r.DraftLanguage, r.FailureReason, r.OutboxKey,
                r.ExpectedValue, r.Currency, r.DueDate, r.SnoozedUntil))
            .ToListAsync(cancellationToken);
        return new ReminderPage(today, total, items);
    }

    /// <summary>How many reminders each view holds within the scope (for the filter's labels).</summary>
    public async Task<Dictionary<ReminderView, int>> ViewCountsAsync(long? repScope, long? repId, CancellationToken cancellationToken)
    {
        var today = calendar.Today();
        var rows = Scoped(repScope);
        if (repId is not null)
            rows = rows.Where(r => r.UnifiedCustomer!.OwnerRepId == repId);
        var counts = await rows.GroupBy(r => new { r.Status, Snoozed = r.SnoozedUntil != null && r.SnoozedUntil > today })
            .Select(g => new { g.Key.Status, g.Key.Snoozed, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return Enum.GetValues<ReminderView>().ToDictionary(v => v, v => counts.Where(c => v switch
        {
            ReminderView.Open => c.Status == ReminderStatus.New && !c.Snoozed,
            ReminderView.Snoozed => c.Status == ReminderStatus.New && c.Snoozed,
            ReminderView.Sent => c.Status == ReminderStatus.SentByRep,
            ReminderView.Dismissed => c.Status == ReminderStatus.Dismissed,
            ReminderView.Failed => c.Status == ReminderStatus.Failed,
            _ => true,
        }).Sum(c => c.Count));
    }

    private static IQueryable<Reminder> InView(IQueryable<Reminder> rows, ReminderView view, DateOnly today) => view switch
    {
        ReminderView.Open => rows.Where(r => r.Status == ReminderStatus.New && (r.SnoozedUntil == null || r.SnoozedUntil <= today)),
        ReminderView.Snoozed => rows.Where(r => r.Status == ReminderStatus.New && r.SnoozedUntil != null && r.SnoozedUntil > today),
        ReminderView.Sent => rows.Where(r => r.Status == ReminderStatus.SentByRep),
        ReminderView.Dismissed => rows.Where(r => r.Status == ReminderStatus.Dismissed),
        ReminderView.Failed => rows.Where(r => r.Status == ReminderStatus.Failed),
        _ => rows,
    };

    /// <summary>The business day of today, which snoozes are judged on.</summary>
    public DateOnly Today() => calendar.Today();

    /// <summary>What people did to the reminder, oldest first (empty when it is outside the scope).</summary>
    public Task<List<ReminderActionView>> HistoryAsync(long id, long? repScope, CancellationToken cancellationToken)
    {
        var visible = Scoped(repScope);
        return db.ReminderActions.AsNoTracking()
            .Where(a => a.ReminderId == id && visible.Any(r => r.Id == id))
            .OrderBy(a => a.Id)
            .Select(a => new ReminderActionView(a.Id, a.Kind, a.At, a.By, a.ReasonCode, a.Note, a.SnoozedUntil))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Why a draft edit is refused, or null.</summary>
    public static ReminderInputError? CheckDraft(string? subject, string? body)
    {
        if (string.IsNullOrWhiteSpace(subject))
            return new("subject", "A subject is required.");
        if (subject.Length > MaxSubjectLength)
            return new("subject", $"The subject may have at most {MaxSubjectLength} characters.");
        // A subject is one line; a line break would be pasted into a header by whoever sends it.
        if (subject.AsSpan().IndexOfAny('\r', '\n') >= 0)
            return new("subject", "The subject must be one line.");
        if (string.IsNullOrWhiteSpace(body))
            return new("body", "A body is required.");
        if (body.Length > MaxBodyLength)
            return new("body", $"The body may have at most {MaxBodyLength} characters.");
        return null;
    }

    /// <summary>Why a dismissal is refused, or null: a reason from the list; "other" needs the rep's words.</summary>
    public static ReminderInputError? CheckDismissal(DismissReason? reason, string? note)
    {
        if (reason is not { } code || !Enum.IsDefined(code))
            return new("reason", $"Choose a reason: {string.Join(", ", Enum.GetNames<DismissReason>())}.");
        if (code == DismissReason.Other && string.IsNullOrWhiteSpace(note))
            return new("note", "Say why in a few words when the reason is Other.");
        if (note is not null && note.Length > MaxReasonLength)
            return new("note", $"The note may have at most {MaxReasonLength} characters.");
        return null;
    }

    /// <summary>Why a snooze date is refused, or null: after today, at most <see cref="MaxSnoozeDays"/> ahead.</summary>
    public static ReminderInputError? CheckSnooze(DateOnly? until, DateOnly today)
    {
        if (until is not { } day)
            return new("until", "A date to snooze until is required (yyyy-MM-dd).");
        if (day <= today)
            return new("until", $"The snooze date must be after today ({today:yyyy-MM-dd}).");
        if (day > today.AddDays(MaxSnoozeDays))
            return new("until", $"The snooze date may be at most a year ahead (until {today.AddDays(MaxSnoozeDays):yyyy-MM-dd}).");
        return null;
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
        if (CheckDraft(subject, body) is not null)
            return ReminderActionResult.Invalid;
        var reminder = await Scoped(repScope).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (reminder is null)
            return ReminderActionResult.NotFound;
        if (reminder.Status != ReminderStatus.New || reminder.DraftSubject is null)
            return ReminderActionResult.NotAllowed;
        var now = time.GetUtcNow();
        reminder.EditedSubject = subject!.Trim();
        reminder.EditedBody = body!.ReplaceLineEndings("\n");
        reminder.EditedAt = now;
        reminder.UpdatedAt = now;
        reminder.HandledBy = user;
        Record(reminder, ReminderActionKind.DraftEdited, now, user);
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
        Record(reminder, ReminderActionKind.MarkedSent, now, user);
        await db.SaveChangesAsync(cancellationToken);
        return ReminderActionResult.Done;
    }

    public async Task<ReminderActionResult> DismissAsync(long id, long? repScope, DismissReason? reason, string? note, string user, CancellationToken cancellationToken)
    {
        if (CheckDismissal(reason, note) is not null)
            return ReminderActionResult.Invalid;
        var reminder = await Scoped(repScope).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (reminder is null)
            return ReminderActionResult.NotFound;
        if (reminder.Status is ReminderStatus.SentByRep or ReminderStatus.Dismissed)
            return ReminderActionResult.NotAllowed;
        var now = time.GetUtcNow();
        var words = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        reminder.Status = ReminderStatus.Dismissed;
        reminder.DismissedAt = now;
        reminder.DismissReasonCode = reason;
        reminder.DismissedReason = words;
        reminder.UpdatedAt = now;
        reminder.HandledBy = user;
        Record(reminder, ReminderActionKind.Dismissed, now, user, reason, words);
        await db.SaveChangesAsync(cancellationToken);
        return ReminderActionResult.Done;
    }

    /// <summary>Puts a new reminder aside until a business date; snoozing again moves the date.</summary>
    public async Task<ReminderActionResult> SnoozeAsync(long id, long? repScope, DateOnly? until, string user, CancellationToken cancellationToken)
    {
        if (CheckSnooze(until, calendar.Today()) is not null)
            return ReminderActionResult.Invalid;
        var reminder = await Scoped(repScope).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (reminder is null)
            return ReminderActionResult.NotFound;
        if (reminder.Status != ReminderStatus.New)
            return ReminderActionResult.NotAllowed;
        var now = time.GetUtcNow();
        reminder.SnoozedUntil = until;
        reminder.UpdatedAt = now;
        reminder.HandledBy = user;
        Record(reminder, ReminderActionKind.Snoozed, now, user, snoozedUntil: until);
        await db.SaveChangesAsync(cancellationToken);
        return ReminderActionResult.Done;
    }

    private void Record(Reminder reminder, ReminderActionKind kind, DateTimeOffset at, string user, DismissReason? reason = null, string? note = null, DateOnly? snoozedUntil = null) =>
        db.ReminderActions.Add(new ReminderAction
        {
            ReminderId = reminder.Id, Kind = kind, At = at, By = user, ReasonCode = reason, Note = note, SnoozedUntil = snoozedUntil,
        });

    private IQueryable<Reminder> Scoped(long? repScope) =>
        repScope is { } rep ? db.Set<Reminder>().Where(r => r.UnifiedCustomer!.OwnerRepId == rep) : db.Set<Reminder>();
}
