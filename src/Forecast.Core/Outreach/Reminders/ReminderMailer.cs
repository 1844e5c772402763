using System.Globalization;
using Forecast.Core.Data;
using Forecast.Core.Outreach.Drafting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Outreach.Reminders;

/// <summary>How many emails to reps a build put in the outbox.</summary>
public sealed record RepMailResult(int Emails, int Digests);

/// <summary>
/// Tells each rep about their new reminders through the outbox: one email per reminder (the note with the draft below
/// it, key <c>reminder:{id}</c>) when there are few, one digest (key <c>digest:{repId}:{date}</c>) when there are more
/// than <see cref="ReminderOptions.DigestThreshold"/>. The keys make a second run harmless; a template that fails is
/// recorded on the outbox row (failed, with the reason) instead of stopping the others.
/// </summary>
public sealed class ReminderMailer(ForecastDbContext db, Outbox outbox, DraftComposer composer, IOptions<ReminderOptions> options)
{
    public const string ReminderCategory = "reminder";
    public const string DigestCategory = "digest";

    public static string ReminderKey(long reminderId) => $"reminder:{reminderId.ToString(CultureInfo.InvariantCulture)}";

    public static string DigestKey(long repId, DateOnly day) => $"digest:{repId.ToString(CultureInfo.InvariantCulture)}:{day:yyyy-MM-dd}";

    /// <summary>Queues the emails for every reminder that is new and not yet mailed; returns what it queued.</summary>
    public async Task<RepMailResult> EnqueueAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var pending = await db.Set<Reminder>()
            .Where(r => r.Status == ReminderStatus.New && r.OutboxKey == null && r.RepId != null)
            .OrderBy(r => r.Id)
            .ToListAsync(cancellationToken);
        if (pending.Count == 0)
            return new RepMailResult(0, 0);
        var repIds = pending.Select(r => r.RepId!.Value).Distinct().ToList();
        var reps = await db.Reps.AsNoTracking().Where(r => repIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);

        int emails = 0, digests = 0;
        foreach (var group in pending.GroupBy(r => r.RepId!.Value))
        {
            var rep = reps[group.Key];
            // The most pressing first: a customer at risk, a stalled deal, then reorders.
            var reminders = group.OrderBy(r => r.Kind switch { ReminderKind.AtRisk => 0, ReminderKind.StalledDeal => 1, _ => 2 }).ThenBy(r => r.Id).ToList();
            var language = composer.LanguageOrDefault(reminders[0].RepLanguage);
            if (reminders.Count <= settings.DigestThreshold)
            {
                foreach (var reminder in reminders)
                {
                    reminder.OutboxKey = ReminderKey(reminder.Id);
                    await outbox.EnqueueAsync(await SingleAsync(reminder, rep, language), cancellationToken);
                    emails++;
                }
            }
            else
            {
                var key = DigestKey(rep.Id, asOf);
                // A second build on the same day with new reminders: a second digest, keyed by its first reminder.
                if (await db.OutboxMessages.AnyAsync(m => m.Key == key, cancellationToken))
                    key = $"{key}:{reminders[0].Id.ToString(CultureInfo.InvariantCulture)}";
                foreach (var reminder in reminders)
                    reminder.OutboxKey = key;
                await outbox.EnqueueAsync(await DigestAsync(key, reminders, rep, language, asOf), cancellationToken);
                digests++;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        return new RepMailResult(emails, digests);
    }

    private async Task<OutgoingMail> SingleAsync(Reminder reminder, Rep rep, string language)
    {
        var key = ReminderKey(reminder.Id);
        var facts = ReminderFacts.Read(reminder.FactsJson);
        var draft = reminder.DraftSubject is null ? null : new Draft(reminder.DraftSubject, reminder.DraftBody ?? "");
        var to = reminder.ContactEmail is null ? null : reminder.ContactName is null ? reminder.ContactEmail : $"{reminder.ContactName} <{reminder.ContactEmail}>";
        try
        {
            var note = await composer.NoteForRepAsync(facts, language, new RepNoteExtras(draft, reminder.DraftLanguage, to, reminder.DraftNote, Link(reminder.Id)));
            return new OutgoingMail(key, ReminderCategory, rep.Email, rep.Name, note.Subject, note.Body, Language: language);
        }
        catch (DraftException ex)
        {
            return new OutgoingMail(key, ReminderCategory, rep.Email, rep.Name, $"Reminder #{reminder.Id}", "", Language: language,
                Problem: $"The email to the rep could not be written: {ex.Message}");
        }
    }

    private async Task<OutgoingMail> DigestAsync(string key, List<Reminder> reminders, Rep rep, string language, DateOnly asOf)
    {
        var items = reminders.Select(r => new DigestItem(ReminderFacts.Read(r.FactsJson), r.DraftNote, Link(r.Id))).ToList();
        try
        {
            var digest = await composer.DigestForRepAsync(rep.Name, asOf, options.Value.PageUrl, items, language);
            return new OutgoingMail(key, DigestCategory, rep.Email, rep.Name, digest.Subject, digest.Body, Language: language);
        }
        catch (DraftException ex)
        {
            return new OutgoingMail(key, DigestCategory, rep.Email, rep.Name, $"Digest {asOf:yyyy-MM-dd}", "", Language: language,
                Problem: $"The digest could not be written: {ex.Message}");
        }
    }

    private string Link(long reminderId) => $"{options.Value.PageUrl.TrimEnd('/')}/{reminderId.ToString(CultureInfo.InvariantCulture)}";
}
