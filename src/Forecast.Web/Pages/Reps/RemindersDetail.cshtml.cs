using Forecast.Core.Outreach.Drafting;
using Forecast.Core.Outreach.Reminders;
using Forecast.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Forecast.Web.Pages.Reps;

/// <summary>
/// <c>/reps/reminders/{id}</c>: one reminder with its why-now, its expected value in words, the draft to edit, copy or
/// mark as sent, snooze until a date, dismiss with a reason, and what was done to it so far. A rep
/// asking for another rep's reminder gets 404, the same answer as for an id that does not exist.
/// </summary>
public sealed class RemindersDetailModel(ReminderInbox inbox, IStringLocalizer<RemindersText> text) : PageModel
{
    public Reminder Reminder { get; private set; } = null!;
    public DraftFacts? Facts { get; private set; }
    public List<ReminderActionView> History { get; private set; } = [];
    public DateOnly Today { get; private set; }
    [TempData] public string? Message { get; set; }
    public string? Error { get; private set; }

    [BindProperty] public string? Subject { get; set; }
    [BindProperty] public string? Body { get; set; }
    /// <summary>The dismissal's words (required for <see cref="DismissReason.Other"/>).</summary>
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public DismissReason? ReasonCode { get; set; }
    [BindProperty] public DateOnly? Until { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostSaveAsync(long id, CancellationToken cancellationToken) =>
        ActAsync(id, inbox.SaveDraftAsync(id, User.RepScope(), Subject, Body, UserName, cancellationToken), text["Your edit of the draft is saved."],
            text["A draft needs a one-line subject and a body."], cancellationToken);

    public async Task<IActionResult> OnPostSentAsync(long id, CancellationToken cancellationToken)
    {
        // Keep an edit made just before "mark as sent" (the form posts the fields with either button).
        if (!string.IsNullOrWhiteSpace(Subject) && !string.IsNullOrWhiteSpace(Body))
        {
            var current = await inbox.FindAsync(id, User.RepScope(), cancellationToken);
            if (current is not null && current.DraftSubject is not null && (Subject != (current.EditedSubject ?? current.DraftSubject) || Normalise(Body) != Normalise(current.EditedBody ?? current.DraftBody)))
                await inbox.SaveDraftAsync(id, User.RepScope(), Subject, Body, UserName, cancellationToken);
        }
        return await ActAsync(id, inbox.MarkSentAsync(id, User.RepScope(), UserName, cancellationToken), text["Marked as sent. Thank you."], null, cancellationToken);
    }

    public Task<IActionResult> OnPostDismissAsync(long id, CancellationToken cancellationToken) =>
        ActAsync(id, inbox.DismissAsync(id, User.RepScope(), ReasonCode, Reason, UserName, cancellationToken), text["Dismissed. The reason is kept to make reminders better."],
            ReminderInbox.CheckDismissal(ReasonCode, Reason)?.Field == "note" ? text["Say why in a few words (at most 500 characters) when the reason is Other."] : text["Choose why you dismiss it."],
            cancellationToken);

    public Task<IActionResult> OnPostSnoozeAsync(long id, CancellationToken cancellationToken) =>
        ActAsync(id, inbox.SnoozeAsync(id, User.RepScope(), Until, UserName, cancellationToken),
            text["Snoozed until {0}. It comes back to your open reminders that day.", Display.Date(Until)],
            text["Choose a snooze date after today and at most a year ahead (until {0}).", Display.Date(inbox.Today().AddDays(ReminderInbox.MaxSnoozeDays))],
            cancellationToken);

    private string UserName => User.Identity?.Name ?? "unknown";

    private static string Normalise(string? body) => (body ?? "").ReplaceLineEndings("\n").TrimEnd();

    private async Task<IActionResult> ActAsync(long id, Task<ReminderActionResult> action, string done, string? invalid, CancellationToken cancellationToken)
    {
        switch (await action)
        {
            case ReminderActionResult.NotFound:
                return NotFound();
            case ReminderActionResult.Done:
                Message = done;
                return RedirectToPage(new { id });
            case ReminderActionResult.Invalid:
                Error = invalid;
                break;
            default:
                Error = text["This reminder was already handled."];
                break;
        }
        // Input is checked before scope, so a refused input on another rep's reminder must still be a 404.
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var reminder = await inbox.FindAsync(id, User.RepScope(), cancellationToken);
        if (reminder is null)
            return false;
        Reminder = reminder;
        Facts = ReminderFacts.TryRead(reminder.FactsJson);
        History = await inbox.HistoryAsync(id, User.RepScope(), cancellationToken);
        Today = inbox.Today();
        if (Request.Method == HttpMethods.Get || Error is null)
        {
            Subject = reminder.EditedSubject ?? reminder.DraftSubject;
            Body = reminder.EditedBody ?? reminder.DraftBody;
        }
        return true;
    }
}
