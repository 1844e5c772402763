using System.Globalization;
using Forecast.Core.Data;
using Forecast.Core.Formatting;
using Forecast.Core.Inventory;
using Forecast.Core.Jobs;
using Forecast.Core.Outbound;
using Forecast.Core.Outreach.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Outreach.CrmSync;

/// <summary>The CRM activity a rep action becomes: a sent email, a note (a dismissal and its reason) or a follow-up task (a snooze).</summary>
public enum CrmActivityKind
{
    Email,
    Note,
    Task,
}

/// <summary>
/// One rep action as a CRM activity. <see cref="Key"/> is stable (<c>reminder-action:{id}</c>): the CRM dedupes on it,
/// whichever path (file, webhook) and however often it arrives. <see cref="Date"/> is the business date of the action;
/// <see cref="DueDate"/> the snooze date of a task.
/// </summary>
public sealed record CrmActivity(
    string Key, long ActionId, long ReminderId, CrmActivityKind Kind, string? AccountKey, string? RepKey, DateOnly Date, DateOnly? DueDate,
    DateTimeOffset At, string Subject, string Text, string CustomerName);

/// <summary>
/// What reps did to reminders, as CRM activities: read from the append-only <see cref="ReminderAction"/> log (edits of a
/// draft stay in the app: the CRM learns the text when it is sent), and exported as a CSV file. The file path marks the
/// actions exported only once the file is complete, so a failed write loses nothing: the next export holds them again.
/// </summary>
public sealed class CrmActivities(ForecastDbContext db, TimeProvider time, IOptions<ScheduleOptions> schedule)
{
    public const string KeyPrefix = "reminder-action:";

    internal static readonly ReminderActionKind[] Exported = [ReminderActionKind.MarkedSent, ReminderActionKind.Dismissed, ReminderActionKind.Snoozed];

    public static string KeyOf(long actionId) => KeyPrefix + actionId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Actions no CSV file holds yet, oldest first; <paramref name="since"/>: only those on or after that business date.</summary>
    public async Task<List<CrmActivity>> NotExportedAsync(DateOnly? since, CancellationToken cancellationToken)
    {
        var exported = db.Set<CrmActivityDelivery>().Where(d => d.ExportedAt != null).Select(d => d.ReminderActionId);
        var ids = await db.ReminderActions.Where(a => Exported.Contains(a.Kind) && !exported.Contains(a.Id))
            .OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(cancellationToken);
        var activities = await ForActionsAsync(ids, cancellationToken);
        return since is { } from ? activities.Where(a => a.Date >= from).ToList() : activities;
    }

    /// <summary>The activities of these actions, in id order (unknown ids and actions the CRM need not know are left out).</summary>
    public async Task<List<CrmActivity>> ForActionsAsync(IReadOnlyCollection<long> actionIds, CancellationToken cancellationToken)
    {
        if (actionIds.Count == 0)
            return [];
        var rows = await db.ReminderActions.AsNoTracking().Where(a => actionIds.Contains(a.Id) && Exported.Contains(a.Kind))
            .Select(a => new { Action = a, a.Reminder!.UnifiedCustomerId, a.Reminder.RepId, a.Reminder.CustomerName, a.Reminder.ProductName, a.Reminder.WhyNow,
                Subject = a.Reminder.EditedSubject ?? a.Reminder.DraftSubject, Body = a.Reminder.EditedBody ?? a.Reminder.DraftBody, a.Reminder.ContactName })
            .ToListAsync(cancellationToken);
        var customerIds = rows.Select(r => r.UnifiedCustomerId).Distinct().ToList();
        // The account the CRM files the activity under: the customer's account owned by the reminder's rep, else the first linked one.
        var accounts = await db.CustomerAccountLinks.AsNoTracking().Where(l => customerIds.Contains(l.UnifiedCustomerId))
            .OrderBy(l => l.CrmAccountId).Select(l => new { l.UnifiedCustomerId, l.CrmAccount!.SourceKey, l.CrmAccount.OwnerRepId }).ToListAsync(cancellationToken);
        var repIds = rows.Where(r => r.RepId != null).Select(r => r.RepId!.Value).Distinct().ToList();
        var reps = await db.Reps.AsNoTracking().Where(r => repIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.SourceKey, cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(schedule.Value.TimeZone);

        return rows.OrderBy(r => r.Action.Id).Select(r =>
        {
            var a = r.Action;
            var linked = accounts.Where(x => x.UnifiedCustomerId == r.UnifiedCustomerId).ToList();
            var account = linked.FirstOrDefault(x => x.OwnerRepId != null && x.OwnerRepId == r.RepId) ?? linked.FirstOrDefault();
            var about = r.ProductName is null ? r.CustomerName : $"{r.CustomerName}: {r.ProductName}";
            var (kind, subject, text) = a.Kind switch
            {
                ReminderActionKind.MarkedSent => (CrmActivityKind.Email, r.Subject ?? about, r.Body ?? ""),
                ReminderActionKind.Dismissed => (CrmActivityKind.Note, $"Reminder dismissed ({a.ReasonCode}): {about}",
                    string.IsNullOrEmpty(a.Note) ? $"{a.ReasonCode}. {r.WhyNow}" : $"{a.ReasonCode}: {a.Note}. {r.WhyNow}"),
                _ => (CrmActivityKind.Task, $"Follow up: {about}", r.WhyNow),
            };
            return new CrmActivity(KeyOf(a.Id), a.Id, a.ReminderId, kind, account?.SourceKey, r.RepId is { } rep && reps.TryGetValue(rep, out var k) ? k : null,
                DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(a.At, zone).DateTime), a.Kind == ReminderActionKind.Snoozed ? a.SnoozedUntil : null,
                a.At, subject, text, r.CustomerName);
        }).ToList();
    }

    /// <summary>
    /// Writes the actions not yet exported to a new CSV file in <paramref name="directory"/> and only then marks them
    /// exported. The file is written under a temporary name, flushed to disk and renamed, so a crash or a full disk leaves
    /// no half file under the final name and no action marked. Returns the file (null: nothing to export) and the count.
    /// </summary>
    public async Task<(string? Path, int Count)> ExportToDirectoryAsync(string directory, DateOnly? since, CancellationToken cancellationToken)
    {
        var activities = await NotExportedAsync(since, cancellationToken);
        if (activities.Count == 0)
            return (null, 0);
        var now = time.GetUtcNow();
        var name = $"crm-activities-{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}-{activities[^1].ActionId.ToString(CultureInfo.InvariantCulture)}.csv";
        var path = Path.Combine(directory, name);
        await AtomicFile.WriteAsync(path, file => WriteCsv(file, activities), cancellationToken);
        await MarkExportedAsync(activities.Select(a => a.ActionId).ToList(), CancellationToken.None);
        return (path, activities.Count);
    }

    /// <summary>Marks the actions as held by a completed file (idempotent: the first export time is kept).</summary>
    public async Task MarkExportedAsync(IReadOnlyList<long> actionIds, CancellationToken cancellationToken)
    {
        if (actionIds.Count == 0)
            return;
        var now = time.GetUtcNow();
        var ids = actionIds.ToArray();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO outreach.crm_activity_deliveries (reminder_action_id, exported_at, attempts, next_attempt_at)
            SELECT id, {now}, 0, {now} FROM unnest({ids}) AS id
            ON CONFLICT (reminder_action_id) DO UPDATE SET exported_at = COALESCE(crm_activity_deliveries.exported_at, excluded.exported_at)
            """, cancellationToken);
    }

    /// <summary>
    /// The activities as CSV for a CRM import: one row each, UTF-8 with BOM, ISO dates, UTC instants; text cells a
    /// spreadsheet would run as a formula are defused as in <see cref="PlannerQueries.SpreadsheetText"/>.
    /// </summary>
    public static byte[] ToCsv(IEnumerable<CrmActivity> activities)
    {
        using var buffer = new MemoryStream();
        WriteCsv(buffer, activities);
        return buffer.ToArray();
    }

    private static void WriteCsv(Stream stream, IEnumerable<CrmActivity> activities)
    {
        ArgumentNullException.ThrowIfNull(activities);
        using var csv = new CsvExport(stream,
            ["activity_key", "kind", "crm_account_key", "rep_crm_key", "activity_date", "due_date", "subject", "text", "customer", "reminder_id", "action_at_utc"],
            leaveOpen: true);
        foreach (var a in activities)
        {
            csv.Row([
                a.Key, a.Kind.ToString(), PlannerQueries.SpreadsheetText(a.AccountKey), PlannerQueries.SpreadsheetText(a.RepKey),
                a.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), a.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                PlannerQueries.SpreadsheetText(a.Subject), PlannerQueries.SpreadsheetText(a.Text), PlannerQueries.SpreadsheetText(a.CustomerName),
                a.ReminderId.ToString(CultureInfo.InvariantCulture), a.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ]);
        }
    }
}
